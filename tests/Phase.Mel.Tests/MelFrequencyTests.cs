using Phase.Mel;

namespace Phase.Tests.Mel;

public class MelFrequencyTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(200.0 / 3.0, 1.0)]          // linear part: 3 mel per 200 Hz
    [InlineData(500.0, 7.5)]
    [InlineData(1000.0, 15.0)]              // the break point
    [InlineData(6400.0, 42.0)]              // 27 mel per factor 6.4 above 1 kHz
    [InlineData(40960.0, 69.0)]
    public void Slaney_scale_is_linear_below_1_kHz_and_logarithmic_above(double hz, double mel)
    {
        Assert.Equal(mel, MelFrequency.FromHertz(hz, MelScale.Slaney), 12);
        Assert.Equal(hz, MelFrequency.ToHertz(mel, MelScale.Slaney), 9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(700.0)]
    [InlineData(1000.0)]
    [InlineData(8000.0)]
    public void Htk_scale_is_2595_log10_of_1_plus_f_over_700(double hz)
    {
        double expected = 2595 * Math.Log10(1 + hz / 700);
        Assert.Equal(expected, MelFrequency.FromHertz(hz, MelScale.Htk), 10);
        Assert.Equal(hz, MelFrequency.ToHertz(expected, MelScale.Htk), 8);
    }

    [Fact]
    public void Band_edges_are_equally_spaced_in_mel_with_exact_ends_as_numpy_linspace()
    {
        foreach (MelReference.Config c in MelReference.Configs)
        {
            double[] expected = MelReference.Points(c);
            double[] actual = MelFrequency.BandEdges(c.MelCount + 2, c.MinHz, c.MaxHz, c.Scale);
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-9 * Math.Max(1, expected[i]), $"{c.Name} point {i}: {actual[i]} vs {expected[i]}");
            }
        }
    }

    [Fact]
    public void Band_edges_reject_bad_ranges()
    {
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => MelFrequency.BandEdges(1, 0, 100, MelScale.Slaney)).ParamName);
        Assert.Equal("minHertz", Assert.Throws<ArgumentOutOfRangeException>(() => MelFrequency.BandEdges(4, -1, 100, MelScale.Slaney)).ParamName);
        Assert.Equal("maxHertz", Assert.Throws<ArgumentOutOfRangeException>(() => MelFrequency.BandEdges(4, 100, 100, MelScale.Htk)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => MelFrequency.FromHertz(1, (MelScale)7));
    }
}

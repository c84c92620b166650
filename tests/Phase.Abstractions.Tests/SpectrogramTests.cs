using Phase.Testing;

namespace Phase.Tests;

[KernelTest]
public class SpectrogramTests
{
    [Fact]
    public void Magnitude_spectrogram_is_frame_major_and_wraps_without_copying()
    {
        float[] data = [0, 1, 2, 3, 4, 5];
        var s = new MagnitudeSpectrogram(data, frameCount: 2, binCount: 3);
        Assert.Equal(2, s.FrameCount);
        Assert.Equal(3, s.BinCount);
        Assert.Equal(5f, s[1, 2]);
        Assert.Equal(new float[] { 3, 4, 5 }, s.Frame(1).ToArray());
        s[0, 1] = 9;
        Assert.Equal(9f, data[1]); // a view, not a copy
        MagnitudeSpectrogram c = s.Clone();
        c[0, 0] = 7;
        Assert.Equal(0f, s[0, 0]);
        Assert.Equal(6, new MagnitudeSpectrogram(2, 3).Values.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => s.Frame(2));
        Assert.Throws<ArgumentException>(() => s[2, 0]);
        Assert.Throws<ArgumentException>(() => s[0, 3]);
    }

    [Fact]
    public void Spectrogram_shapes_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MagnitudeSpectrogram(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MagnitudeSpectrogram(3, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MagnitudeSpectrogram(100_000, 100_000));
        Assert.Throws<ArgumentNullException>(() => new MagnitudeSpectrogram(null!, 1, 1));
        var wrong = Assert.Throws<ArgumentException>(() => new MagnitudeSpectrogram(new float[5], 2, 3));
        Assert.Contains("needs 6", wrong.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ComplexSpectrogram(new float[6], new float[5], 2, 3));
        Assert.Throws<ArgumentNullException>(() => new ComplexSpectrogram(null!, new float[6], 2, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ComplexSpectrogram(0, 3));
    }

    [Fact]
    public void Complex_spectrogram_planes_indexer_magnitude_and_clone()
    {
        float[] re = [3, 0, 1, -5], im = [4, 2, 0, 12];
        var c = new ComplexSpectrogram(re, im, frameCount: 2, binCount: 2);
        Assert.Equal(new System.Numerics.Complex(1, 0), c[1, 0]);
        Assert.Equal(new float[] { 1, -5 }, c.RealFrame(1).ToArray());
        Assert.Equal(new float[] { 0, 12 }, c.ImaginaryFrame(1).ToArray());
        c[0, 1] = new System.Numerics.Complex(6, 8);
        Assert.Equal(6f, re[0 * 2 + 1]);
        MagnitudeSpectrogram m = c.ToMagnitude();
        Assert.Equal(new float[] { 5, 10, 1, 13 }, m.Values.ToArray());
        ComplexSpectrogram clone = c.Clone();
        clone.Real[0] = 100;
        Assert.Equal(3f, c.Real[0]);
        Assert.Equal(re.Length, c.RealMemory.Length);
        Assert.Equal(im.Length, c.ImaginaryMemory.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => c.RealFrame(2));
        Assert.Throws<ArgumentException>(() => c[0, 2]);
    }

    [Fact]
    public void Complex_finite_check_names_frame_and_bin()
    {
        var c = new ComplexSpectrogram(3, 4);
        c.ThrowIfNotFinite("x");
        c.ImaginaryFrame(2)[1] = float.PositiveInfinity;
        var ex = Assert.Throws<ArgumentException>(() => c.ThrowIfNotFinite("spec"));
        Assert.Equal("spec", ex.ParamName);
        Assert.Contains("frame 2, bin 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Magnitude_validation_finds_the_first_bad_value_at_every_position_and_length()
    {
        // Exercises the vectorised scan and its scalar tail: every length 1…100, a bad value at every position.
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, -1e-30f })
        {
            for (int n = 1; n <= 100; n++)
            {
                var good = new MagnitudeSpectrogram(Enumerable.Range(0, n).Select(i => (float)i).ToArray(), n, 1);
                good.ThrowIfInvalid("m");
                for (int p = 0; p < n; p++)
                {
                    float[] data = Enumerable.Range(0, n).Select(i => (float)i).ToArray();
                    data[p] = bad;
                    if (p + 1 < n)
                    {
                        data[n - 1] = float.NaN; // a later bad value must not be reported first
                    }

                    var s = new MagnitudeSpectrogram(data, n, 1);
                    var ex = Assert.Throws<ArgumentException>(() => s.ThrowIfInvalid("m"));
                    Assert.Contains($"frame {p}, bin 0", ex.Message, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Magnitude_validation_explains_the_problem()
    {
        var s = new MagnitudeSpectrogram(new float[] { 0, 1, -2, 3 }, 2, 2);
        var ex = Assert.Throws<ArgumentException>(() => s.ThrowIfInvalid("magnitudes"));
        Assert.Equal("magnitudes", ex.ParamName);
        Assert.Contains("frame 1, bin 0 is negative", ex.Message, StringComparison.Ordinal);
        Assert.Contains("linear amplitudes", ex.Message, StringComparison.Ordinal);
        var settings = new StftSettings(64, 16);
        var wrongBins = Assert.Throws<ArgumentException>(() => new MagnitudeSpectrogram(2, 32).ThrowIfInvalidFor(settings, "magnitudes"));
        Assert.Contains("33", wrongBins.Message, StringComparison.Ordinal);
        new MagnitudeSpectrogram(2, 33).ThrowIfInvalidFor(settings, "magnitudes");
        Assert.Throws<ArgumentNullException>(() => new MagnitudeSpectrogram(2, 33).ThrowIfInvalidFor(null!, "m"));
    }
}

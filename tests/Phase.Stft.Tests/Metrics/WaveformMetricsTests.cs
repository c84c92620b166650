using System.Globalization;
using Phase.Metrics;
using Phase.Testing;

namespace Phase.Tests.Metrics;

public class WaveformMetricsTests
{
    private const int N = 4096;

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.01)]
    [InlineData(3.0)]
    public void Snr_of_reference_plus_orthogonal_sine_is_the_amplitude_ratio(double a)
    {
        // s = cos(2π·5n/N), e = a·cos(2π·17n/N) over whole periods: Σs² = N/2, Σe² = a²N/2, so SNR = −20·log10 a.
        float[] s = Signals.Sine(N, 5, N);
        float[] e = Signals.Sine(N, 17, N, amplitude: a);
        float[] y = s.Zip(e, (p, q) => p + q).ToArray();
        // Float rounding of s, e and y (≤ 6e-8 relative) moves the ratio by ≤ 1e-6 relative, ≤ 1e-5 dB.
        Assert.InRange(QualityMetrics.SnrDb(y, s) + 20 * Math.Log10(a), -1e-5, 1e-5);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(3)]
    public void Snr_of_a_scaled_reference_is_minus_twenty_log_epsilon(int q)
    {
        double epsilon = Math.Pow(2, -q);
        float[] s = Enumerable.Range(0, 1000).Select(i => (float)((i * 7919 % 1000) - 500)).ToArray();
        float[] y = s.Select(v => (float)(v * (1 + epsilon))).ToArray(); // exact in float
        Assert.Equal(-20 * Math.Log10(epsilon), QualityMetrics.SnrDb(y, s), 12);
    }

    [Fact]
    public void Snr_defines_the_degenerate_cases()
    {
        float[] s = Signals.Noise(100, seed: 1);
        Assert.Equal(double.PositiveInfinity, QualityMetrics.SnrDb(s, s));
        Assert.Equal(double.PositiveInfinity, QualityMetrics.SnrDb(new float[10], new float[10]));
        Assert.Equal(double.NegativeInfinity, QualityMetrics.SnrDb(s.AsSpan(0, 10), new float[10]));
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(8.0)]
    [InlineData(-2.0)]
    public void Si_sdr_is_invariant_to_scaling_the_estimate_exactly(double gain)
    {
        // Powers of two scale floats exactly; the result may differ only by double rounding.
        float[] s = Signals.Noise(N, seed: 2);
        float[] y = MetricSignals.WithNoise(s, 7, seed: 3);
        float[] scaled = y.Select(v => (float)(v * gain)).ToArray();
        Assert.Equal(QualityMetrics.SiSdrDb(y, s), QualityMetrics.SiSdrDb(scaled, s), 10);
        Assert.Equal(QualityMetrics.SiSdrDb(y, s, zeroMean: false), QualityMetrics.SiSdrDb(scaled, s, zeroMean: false), 10);
    }

    [Fact]
    public void Si_sdr_is_invariant_to_an_arbitrary_gain_up_to_float_rounding()
    {
        float[] s = Signals.Noise(N, seed: 4);
        float[] y = MetricSignals.WithNoise(s, 12, seed: 5);
        float[] scaled = y.Select(v => v * 3.7f).ToArray();
        Assert.InRange(QualityMetrics.SiSdrDb(scaled, s) - QualityMetrics.SiSdrDb(y, s), -1e-5, 1e-5);
    }

    [Theory]
    [InlineData(1.0, 0.1)]
    [InlineData(0.5, 0.1)]
    [InlineData(4.0, 1.0)]
    public void Si_sdr_of_a_scaled_reference_plus_orthogonal_sine_is_closed_form(double gain, double noise)
    {
        // ŝ = g·s + n with n ⟂ s, both zero-mean over whole periods: α = g, SI-SDR = 10·log10(g²‖s‖²/‖n‖²) = 20·log10(g/a).
        float[] s = Signals.Sine(N, 5, N);
        float[] n = Signals.Sine(N, 17, N, amplitude: noise);
        float[] y = s.Zip(n, (p, q) => (float)(gain * p + q)).ToArray();
        double expected = 20 * Math.Log10(gain / noise);
        Assert.InRange(QualityMetrics.SiSdrDb(y, s) - expected, -1e-5, 1e-5);
        Assert.InRange(QualityMetrics.SiSdrDb(y, s, zeroMean: false) - expected, -1e-5, 1e-5);
    }

    [Fact]
    public void Si_sdr_zero_mean_ignores_offsets_and_the_raw_variant_does_not()
    {
        float[] s = Signals.Sine(N, 5, N);
        float[] n = Signals.Sine(N, 17, N, amplitude: 0.1);
        float[] y = s.Zip(n, (p, q) => p + q).ToArray();
        float[] offset = y.Select(v => v + 0.5f).ToArray();
        Assert.InRange(QualityMetrics.SiSdrDb(offset, s) - QualityMetrics.SiSdrDb(y, s), -1e-5, 1e-5);
        // Without mean removal the offset is orthogonal distortion: ‖n‖² = N/200 grows by 0.25·N, to 10·log10(0.5/0.255).
        Assert.InRange(QualityMetrics.SiSdrDb(offset, s, zeroMean: false) - 10 * Math.Log10(0.5 / 0.255), -1e-5, 1e-5);
    }

    [Fact]
    public void Si_sdr_defines_the_degenerate_cases()
    {
        float[] s = Signals.Noise(256, seed: 6);
        Assert.Equal(double.PositiveInfinity, QualityMetrics.SiSdrDb(s.Select(v => v * 2).ToArray(), s));
        Assert.Equal(double.NegativeInfinity, QualityMetrics.SiSdrDb(new float[256], s));

        var e = Assert.Throws<ArgumentException>(() => QualityMetrics.SiSdrDb(s, new float[256]));
        Assert.Equal("reference", e.ParamName);
        float[] constant = Enumerable.Repeat(0.3f, 256).ToArray();
        e = Assert.Throws<ArgumentException>(() => QualityMetrics.SiSdrDb(s, constant));
        Assert.Contains("zeroMean", e.Message, StringComparison.Ordinal);
        Assert.True(double.IsFinite(QualityMetrics.SiSdrDb(s, constant, zeroMean: false)));
    }

    public static TheoryData<string, int, string, double, int> OracleCases()
    {
        var data = new TheoryData<string, int, string, double, int>();
        foreach (var row in MetricSignals.ReadCsv("stoi_reference.csv").Where(r => r["kind"] != "identity"))
        {
            data.Add(row["source"], int.Parse(row["rate"], CultureInfo.InvariantCulture), row["kind"],
                double.Parse(row["param"], CultureInfo.InvariantCulture), int.Parse(row["seed"], CultureInfo.InvariantCulture));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OracleCases))]
    public void Snr_and_si_sdr_match_the_python_oracle(string source, int rate, string kind, double param, int seed)
    {
        var row = MetricSignals.ReadCsv("stoi_reference.csv").Single(r =>
            r["source"] == source && r["rate"] == rate.ToString(CultureInfo.InvariantCulture) && r["kind"] == kind &&
            double.Parse(r["param"], CultureInfo.InvariantCulture) == param && r["seed"] == seed.ToString(CultureInfo.InvariantCulture));
        float[] clean = MetricSignals.Clean(source, rate);
        float[] processed = MetricSignals.Degrade(clean, kind, param, (ulong)seed);

        // Same floats, double arithmetic on both sides; only the summation order differs (measured ≤ 1e-11 dB).
        Assert.Equal(MetricSignals.ParsePython(row["snr_db"]), QualityMetrics.SnrDb(processed, clean), 9);
        Assert.Equal(MetricSignals.ParsePython(row["si_sdr_db"]), QualityMetrics.SiSdrDb(processed, clean), 9);
    }

    [Fact]
    public void Bad_waveforms_are_rejected()
    {
        float[] s = Signals.Noise(16, seed: 7);
        var e = Assert.Throws<ArgumentException>(() => QualityMetrics.SnrDb(s.AsSpan(1), s));
        Assert.Equal("estimate", e.ParamName);
        Assert.Contains("15", e.Message, StringComparison.Ordinal);
        Assert.Contains("16", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => QualityMetrics.SiSdrDb(s.AsSpan(1), s));
        Assert.Throws<ArgumentException>(() => QualityMetrics.SnrDb([], []));
        Assert.Throws<ArgumentException>(() => QualityMetrics.SiSdrDb([], []));

        float[] nan = (float[])s.Clone();
        nan[3] = float.NaN;
        Assert.Equal("estimate", Assert.Throws<ArgumentException>(() => QualityMetrics.SnrDb(nan, s)).ParamName);
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => QualityMetrics.SiSdrDb(s, nan)).ParamName);
        nan[3] = float.NegativeInfinity;
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => QualityMetrics.SnrDb(s, nan)).ParamName);
    }
}

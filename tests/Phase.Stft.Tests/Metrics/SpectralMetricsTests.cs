using Phase.Metrics;

namespace Phase.Tests.Metrics;

public class SpectralMetricsTests
{
    [Fact]
    public void Spectral_convergence_of_identical_spectrograms_is_minus_infinity()
    {
        var s = IntegerSpectrogram(5, 7, seed: 1);
        Assert.Equal(double.NegativeInfinity, QualityMetrics.SpectralConvergenceDb(s, s.Clone()));
    }

    [Theory]
    [InlineData(10)] // ε = 2⁻¹⁰
    [InlineData(2)]  // ε = 1/4
    [InlineData(0)]  // ε = 1
    public void Spectral_convergence_of_a_scaled_target_is_twenty_log_epsilon(int log2Inverse)
    {
        // Integer magnitudes below 1024 times (1 + 2^-q) are exact in float, so ‖Y − S‖/‖S‖ = ε exactly.
        double epsilon = Math.Pow(2, -log2Inverse);
        var s = IntegerSpectrogram(6, 9, seed: 2);
        var y = Scaled(s, 1 + epsilon);
        Assert.Equal(20 * Math.Log10(epsilon), QualityMetrics.SpectralConvergenceDb(y, s), 12);
    }

    [Fact]
    public void Spectral_convergence_is_invariant_to_a_common_scale()
    {
        var s = IntegerSpectrogram(4, 8, seed: 3);
        var y = IntegerSpectrogram(4, 8, seed: 4);
        Assert.Equal(QualityMetrics.SpectralConvergenceDb(y, s), QualityMetrics.SpectralConvergenceDb(Scaled(y, 8), Scaled(s, 8)), 12);
    }

    [Fact]
    public void Spectral_convergence_defines_a_zero_target()
    {
        var zero = new MagnitudeSpectrogram(3, 4);
        Assert.Equal(double.NegativeInfinity, QualityMetrics.SpectralConvergenceDb(zero, zero.Clone()));
        var y = new MagnitudeSpectrogram(3, 4);
        y[1, 2] = 0.5f;
        Assert.Equal(double.PositiveInfinity, QualityMetrics.SpectralConvergenceDb(y, zero));
    }

    [Fact]
    public void Spectral_convergence_span_overload_matches_the_spectrogram_overload()
    {
        var s = IntegerSpectrogram(4, 5, seed: 5);
        var y = IntegerSpectrogram(4, 5, seed: 6);
        Assert.Equal(QualityMetrics.SpectralConvergenceDb(y, s), QualityMetrics.SpectralConvergenceDb(y.Values, s.Values));
    }

    [Fact]
    public void Spectral_measures_match_the_python_oracle()
    {
        // 7 × 9 seeded spectrograms generated identically here and in scripts/reference/metrics_reference.py; both sides
        // compute in double from the same floats, so only summation order differs.
        const int frames = 7, bins = 9;
        double[] u11 = MetricSignals.Uniform(11, frames * bins), u12 = MetricSignals.Uniform(12, frames * bins);
        var target = new float[frames * bins];
        var estimate = new float[frames * bins];
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = (float)Math.Abs(u11[i]);
            estimate[i] = (float)(target[i] * (1.0 + 0.3 * u12[i]));
        }

        estimate[2 * bins + 3] = 0;
        var reference = MetricSignals.ReadCsv("spectral_reference.csv").ToDictionary(r => r["measure"], r => MetricSignals.ParsePython(r["value"]));
        var y = new MagnitudeSpectrogram(estimate, frames, bins);
        var s = new MagnitudeSpectrogram(target, frames, bins);
        Assert.Equal(reference["sc_db"], QualityMetrics.SpectralConvergenceDb(y, s), 10);
        Assert.Equal(reference["lsd_db_100"], QualityMetrics.LogSpectralDistanceDb(y, s), 10);
        Assert.Equal(reference["lsd_db_40"], QualityMetrics.LogSpectralDistanceDb(y, s, dynamicRangeDb: 40), 10);
        Assert.Equal(reference["lsd_db_100"], QualityMetrics.LogSpectralDistanceDb(estimate, target, bins), 10);
    }

    [Fact]
    public void Log_spectral_distance_of_identical_spectrograms_is_zero()
    {
        var s = IntegerSpectrogram(5, 7, seed: 7);
        Assert.Equal(0.0, QualityMetrics.LogSpectralDistanceDb(s, s.Clone()));
        var zero = new MagnitudeSpectrogram(2, 3);
        Assert.Equal(0.0, QualityMetrics.LogSpectralDistanceDb(zero, zero.Clone()));
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.5)]
    [InlineData(1.0009765625)] // 1 + 2⁻¹⁰
    public void Log_spectral_distance_of_a_scaled_spectrogram_is_the_gain_in_db(double gain)
    {
        // Magnitudes in [100, 1000): the floor (1e-10 of the peak power, ≤ 4e-4) changes each level by at most
        // 10·log10(1 + 4e-4/1e4) ≈ 2e-7 dB.
        var s = IntegerSpectrogram(6, 9, seed: 8, minimum: 100);
        var y = Scaled(s, gain);
        Assert.InRange(QualityMetrics.LogSpectralDistanceDb(y, s) - Math.Abs(20 * Math.Log10(gain)), -2e-7, 2e-7);
    }

    [Fact]
    public void Log_spectral_distance_is_symmetric_and_scale_invariant()
    {
        var s = IntegerSpectrogram(4, 6, seed: 9);
        var y = IntegerSpectrogram(4, 6, seed: 10);
        double d = QualityMetrics.LogSpectralDistanceDb(y, s);
        Assert.Equal(d, QualityMetrics.LogSpectralDistanceDb(s, y), 12);
        Assert.Equal(d, QualityMetrics.LogSpectralDistanceDb(Scaled(y, 4), Scaled(s, 4)), 12);
    }

    [Fact]
    public void Log_spectral_distance_floors_power_relative_to_the_peak()
    {
        // One frame of four bins, one of which is missing in the estimate: its level difference is
        // 10·log10((1 + ε)/ε) with ε = 10^(−R/10), and the frame's RMS over 4 bins is half of it.
        var s = new MagnitudeSpectrogram([1f, 1f, 1f, 1f], 1, 4);
        var y = new MagnitudeSpectrogram([1f, 1f, 1f, 0f], 1, 4);
        foreach (double range in new[] { 100.0, 60.0, 20.0 })
        {
            double eps = Math.Pow(10, -range / 10);
            Assert.Equal(10 * Math.Log10((1 + eps) / eps) / 2, QualityMetrics.LogSpectralDistanceDb(y, s, range), 9);
        }
    }

    [Fact]
    public void Log_spectral_distance_averages_frame_rms_over_frames()
    {
        // Frame 0 identical, frame 1 doubled: (0 + 20·log10 2)/2.
        var s = new MagnitudeSpectrogram([100f, 200f, 300f, 400f], 2, 2);
        var y = new MagnitudeSpectrogram([100f, 200f, 600f, 800f], 2, 2);
        Assert.InRange(QualityMetrics.LogSpectralDistanceDb(y, s) - 10 * Math.Log10(2), -1e-6, 1e-6);
    }

    [Fact]
    public void Shape_mismatch_is_rejected_with_both_shapes()
    {
        var a = new MagnitudeSpectrogram(3, 4);
        var b = new MagnitudeSpectrogram(4, 3);
        var e = Assert.Throws<ArgumentException>(() => QualityMetrics.SpectralConvergenceDb(a, b));
        Assert.Equal("estimate", e.ParamName);
        Assert.Contains("3 frames × 4 bins", e.Message, StringComparison.Ordinal);
        Assert.Contains("4 × 3", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => QualityMetrics.LogSpectralDistanceDb(a, b));
        Assert.Throws<ArgumentException>(() => QualityMetrics.SpectralConvergenceDb(new float[5], new float[6]));
        Assert.Throws<ArgumentException>(() => QualityMetrics.LogSpectralDistanceDb(new float[6], new float[6], binCount: 4));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(-1f)]
    public void Invalid_magnitudes_are_rejected(float bad)
    {
        var good = new MagnitudeSpectrogram(2, 3);
        var broken = new MagnitudeSpectrogram(2, 3);
        broken[1, 1] = bad;
        Assert.Equal("estimate", Assert.Throws<ArgumentException>(() => QualityMetrics.SpectralConvergenceDb(broken, good)).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentException>(() => QualityMetrics.SpectralConvergenceDb(good, broken)).ParamName);
        Assert.Equal("reference", Assert.Throws<ArgumentException>(() => QualityMetrics.LogSpectralDistanceDb(good, broken)).ParamName);
        Assert.Equal("estimate", Assert.Throws<ArgumentException>(() => QualityMetrics.SpectralConvergenceDb(broken.Values, good.Values)).ParamName);
    }

    [Fact]
    public void Empty_spans_and_bad_parameters_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => QualityMetrics.SpectralConvergenceDb([], []));
        Assert.Throws<ArgumentException>(() => QualityMetrics.LogSpectralDistanceDb([], [], binCount: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => QualityMetrics.LogSpectralDistanceDb(new float[4], new float[4], binCount: 0));
        var s = new MagnitudeSpectrogram(1, 2);
        Assert.Equal("dynamicRangeDb", Assert.Throws<ArgumentOutOfRangeException>(() => QualityMetrics.LogSpectralDistanceDb(s, s, 0)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => QualityMetrics.LogSpectralDistanceDb(s, s, double.NaN));
        Assert.Throws<ArgumentNullException>(() => QualityMetrics.SpectralConvergenceDb(null!, s));
    }

    private static MagnitudeSpectrogram IntegerSpectrogram(int frames, int bins, int seed, int minimum = 1)
    {
        var rng = new Random(seed);
        var data = new float[frames * bins];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = rng.Next(minimum, 1000);
        }

        return new MagnitudeSpectrogram(data, frames, bins);
    }

    private static MagnitudeSpectrogram Scaled(MagnitudeSpectrogram s, double gain)
    {
        var data = s.Values.ToArray();
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)(data[i] * gain);
        }

        return new MagnitudeSpectrogram(data, s.FrameCount, s.BinCount);
    }
}

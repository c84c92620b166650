using Phase.Resampling;
using Phase.Testing;
using Phase.Tests.Metrics;

namespace Phase.Tests.Resampling;

[KernelTest]
public class PolyphaseResamplerTests
{
    private const double Seconds = 0.5;

    [Theory]
    [InlineData(48000, 10000, 1000.0)]
    [InlineData(48000, 10000, 4400.0)]
    [InlineData(44100, 10000, 3000.0)]
    [InlineData(16000, 10000, 4490.0)]
    [InlineData(8000, 10000, 3500.0)]   // upsampling: passband edge 0.9·4000 = 3600 Hz
    [InlineData(22050, 48000, 9000.0)]
    [InlineData(10000, 16000, 4400.0)]
    public void A_passband_sine_comes_out_as_the_same_sine(int inputRate, int outputRate, double frequency)
    {
        var resampler = new PolyphaseResampler(inputRate, outputRate);
        Assert.True(frequency <= resampler.PassbandEdgeHz);
        const double amplitude = 0.5;
        float[] x = Signals.Sine((int)(Seconds * inputRate), frequency, inputRate, amplitude, phase: 0.3);
        float[] y = resampler.Process(x);
        float[] ideal = Signals.Sine(y.Length, frequency, outputRate, amplitude, phase: 0.3);

        // Passband ripple δ = 10^(−A/20) = 1e-4 bounds the gain error; upsampling images are ≥ A dB down, another δ at
        // most; float arithmetic adds ~1e-6. Edges (where the signal starts abruptly) are excluded.
        double bound = amplitude * 2e-4 + 2e-6;
        int margin = EdgeMargin(resampler);
        Assert.True(MaxAbsDifference(y, ideal, margin) <= bound, $"max error {MaxAbsDifference(y, ideal, margin)} > {bound}");
    }

    [Theory]
    [InlineData(48000, 10000, 5000.0, 80.0)]  // exactly the stopband edge
    [InlineData(48000, 10000, 5600.0, 80.0)]
    [InlineData(48000, 10000, 13000.0, 80.0)]
    [InlineData(48000, 10000, 23000.0, 80.0)]
    [InlineData(44100, 10000, 7000.0, 80.0)]
    [InlineData(16000, 10000, 6000.0, 80.0)]
    [InlineData(16000, 10000, 5100.0, 20.0)]
    [InlineData(16000, 10000, 5100.0, 40.0)]
    [InlineData(16000, 10000, 5100.0, 60.0)]
    [InlineData(16000, 10000, 5100.0, 100.0)]
    [InlineData(16000, 10000, 5100.0, 120.0)]
    public void A_stopband_sine_is_attenuated_by_the_documented_amount(int inputRate, int outputRate, double frequency, double attenuationDb)
    {
        var resampler = new PolyphaseResampler(inputRate, outputRate, stopbandAttenuationDb: attenuationDb);
        Assert.True(frequency >= resampler.StopbandEdgeHz);
        double gainDb = StopbandGainDb(resampler, frequency);
        Assert.True(gainDb <= -attenuationDb, $"{frequency} Hz came through at {gainDb:F1} dB, not ≤ −{attenuationDb} dB");
    }

    [Theory]
    [InlineData(16000, 10000, 40.0, 53.0)]
    [InlineData(16000, 10000, 80.0, 53.0)]
    [InlineData(16000, 10000, 120.0, 53.0)]
    [InlineData(44100, 10000, 80.0, 211.0)]
    [InlineData(22050, 16000, 80.0, 97.0)]
    public void The_whole_stopband_is_attenuated_by_the_documented_amount(int inputRate, int outputRate, double attenuationDb, double stepHz)
    {
        var resampler = new PolyphaseResampler(inputRate, outputRate, stopbandAttenuationDb: attenuationDb);
        for (double f = resampler.StopbandEdgeHz; f < inputRate / 2.0; f += stepHz)
        {
            double gainDb = StopbandGainDb(resampler, f, seconds: 0.15);
            Assert.True(gainDb <= -attenuationDb, $"{f} Hz came through at {gainDb:F1} dB, not ≤ −{attenuationDb} dB");
        }
    }

    [Theory]
    [InlineData(8000, 10000, 3000.0)]
    [InlineData(10000, 48000, 4200.0)]
    public void Upsampling_images_are_attenuated_by_the_documented_amount(int inputRate, int outputRate, double frequency)
    {
        // The output should be a pure sine at f; images at k·f_in ± f appear in the residual. With A = 100 dB the residual
        // (images plus passband ripple, each ≤ 1e-5 of the amplitude) stays below −94 dB.
        var resampler = new PolyphaseResampler(inputRate, outputRate, stopbandAttenuationDb: 100);
        float[] x = Signals.Sine((int)(Seconds * inputRate), frequency, inputRate, amplitude: 1);
        float[] y = resampler.Process(x);
        float[] ideal = Signals.Sine(y.Length, frequency, outputRate, amplitude: 1);
        int margin = EdgeMargin(resampler);
        float[] residual = y.Zip(ideal, (a, b) => a - b).ToArray();
        double residualDb = 20 * Math.Log10(Rms(residual, margin) / Rms(ideal, margin));
        Assert.True(residualDb <= -94, $"residual {residualDb:F1} dB");
    }

    [Fact]
    public void Transition_band_aliasing_is_allowed_only_above_the_passband()
    {
        // ρ_s = 1.05: 5100 Hz at 16 kHz (inside (f_N, f_s)) may alias to 4900 Hz; 5300 Hz (≥ f_s) must not.
        var resampler = new PolyphaseResampler(16000, 10000, passbandFraction: 0.95, stopbandAttenuationDb: 60, stopbandFraction: 1.05);
        Assert.Equal(5250, resampler.StopbandEdgeHz, 9);
        Assert.Equal(4750, resampler.PassbandEdgeHz, 9);
        Assert.True(StopbandGainDb(resampler, 5300) <= -60);
        Assert.True(StopbandGainDb(resampler, 7900) <= -60);

        // A passband tone (4700 Hz ≤ f_p) still comes through within the ripple 10^(−60/20) = 1e-3 (plus alias terms).
        float[] x = Signals.Sine(8000, 4700, 16000, amplitude: 1);
        float[] y = resampler.Process(x);
        float[] ideal = Signals.Sine(y.Length, 4700, 10000, amplitude: 1);
        Assert.True(MaxAbsDifference(y, ideal, EdgeMargin(resampler)) <= 2e-3);
    }

    [Theory]
    [InlineData(44100, 10000)]
    [InlineData(48000, 10000)]
    [InlineData(8000, 10000)]
    [InlineData(10000, 44100)]
    [InlineData(22050, 22050)]
    public void Output_length_is_the_ceiling_of_n_times_the_rate_ratio(int inputRate, int outputRate)
    {
        var resampler = new PolyphaseResampler(inputRate, outputRate);
        foreach (int n in new[] { 0, 1, 2, 440, 441, 442, 999, 4800, 100_000, 1_000_003 })
        {
            decimal exact = (decimal)n * outputRate / inputRate;
            Assert.Equal((int)Math.Ceiling(exact), resampler.OutputLength(n));
        }

        Assert.Equal(resampler.OutputLength(1234), resampler.Process(new float[1234]).Length);
    }

    [Fact]
    public void Equal_rates_copy_the_input()
    {
        var resampler = new PolyphaseResampler(16000, 16000);
        float[] x = Signals.Noise(1000, seed: 1);
        Assert.Equal(x, resampler.Process(x));
        Assert.Equal(1, resampler.UpFactor);
        Assert.Equal(1, resampler.DownFactor);
    }

    [Fact]
    public void Rates_are_reduced_by_their_greatest_common_divisor()
    {
        var r = new PolyphaseResampler(44100, 10000);
        Assert.Equal(100, r.UpFactor);
        Assert.Equal(441, r.DownFactor);
        Assert.Equal(4500, r.PassbandEdgeHz, 9);
        Assert.Equal(5000, r.StopbandEdgeHz, 9);
        Assert.Equal(1, r.FilterLength % 2);
        Assert.Equal((r.FilterLength - 1) / 2, r.Delay);
    }

    [Theory]
    [InlineData(16000, 10000)]
    [InlineData(44100, 10000)]
    [InlineData(8000, 10000)]
    public void Output_matches_scipy_resample_poly_with_the_same_filter(int inputRate, int outputRate)
    {
        // The reference was produced by scipy.signal.resample_poly with a scipy.signal.firwin Kaiser design to the same
        // specification (scripts/reference/metrics_reference.py). Float coefficients and float dot products against
        // float64 scipy: errors of a few 1e-7 on unit-amplitude noise; 1e-5 bounds them with margin.
        float[] x = MetricSignals.Uniform(21, 2000).Select(v => (float)v).ToArray();
        float[] expected = MetricSignals.ReadF32($"resample_{inputRate}_{outputRate}.f32");
        float[] y = new PolyphaseResampler(inputRate, outputRate).Process(x);
        Assert.Equal(expected.Length, y.Length);
        Assert.True(Tolerance.MaxAbsDifference(y, expected) < 1e-5, $"max difference {Tolerance.MaxAbsDifference(y, expected)}");
    }

    [Fact]
    public void Processing_into_a_span_allocates_nothing()
    {
        var resampler = new PolyphaseResampler(48000, 10000);
        float[] x = Signals.Noise(4800, seed: 2);
        float[] y = new float[resampler.OutputLength(x.Length)];
        Assert.Equal(0, Allocations.Measure(() => resampler.Process(x, y), repetitions: 10));
    }

    [Fact]
    public void Concurrent_use_of_one_instance_gives_identical_results()
    {
        var resampler = new PolyphaseResampler(44100, 16000);
        float[] x = Signals.Noise(44100, seed: 3);
        float[] expected = resampler.Process(x);
        var results = new float[4][];
        Parallel.For(0, results.Length, i => results[i] = resampler.Process(x));
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Theory]
    [InlineData(0, 10000)]
    [InlineData(-1, 10000)]
    [InlineData(16000, 0)]
    public void Non_positive_rates_are_rejected(int inputRate, int outputRate)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseResampler(inputRate, outputRate));
        Assert.Equal(inputRate < 1 ? "inputRate" : "outputRate", e.ParamName);
    }

    [Fact]
    public void Bad_design_parameters_are_rejected()
    {
        Assert.Equal("passbandFraction", Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseResampler(16000, 10000, passbandFraction: 0.3)).ParamName);
        Assert.Equal("passbandFraction", Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseResampler(16000, 10000, passbandFraction: double.NaN)).ParamName);
        Assert.Equal("stopbandAttenuationDb", Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseResampler(16000, 10000, stopbandAttenuationDb: 10)).ParamName);
        Assert.Equal("stopbandAttenuationDb", Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseResampler(16000, 10000, stopbandAttenuationDb: 121)).ParamName);
        Assert.Equal("stopbandFraction", Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseResampler(16000, 10000, passbandFraction: 0.9, stopbandFraction: 0.9)).ParamName);
        Assert.Equal("stopbandFraction", Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseResampler(16000, 10000, passbandFraction: 0.9, stopbandFraction: 1.2)).ParamName);
    }

    [Fact]
    public void Irregular_rate_ratios_that_need_a_huge_filter_are_rejected()
    {
        // 999983 Hz (prime) → 10 kHz needs 10 000 phases of ~10 000 taps.
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PolyphaseResampler(999_983, 10_000));
        Assert.Contains("999983", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_output_length_is_rejected()
    {
        var resampler = new PolyphaseResampler(16000, 10000);
        var e = Assert.Throws<ArgumentException>(() => resampler.Process(new float[160], new float[99]));
        Assert.Equal("output", e.ParamName);
        Assert.Contains("100", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => resampler.OutputLength(-1));
    }

    /// <summary>Output power over input power of a stopband sine, in dB, counting all aliases. A sine and a cosine are
    /// summed so that the measure does not depend on phase (a tone aliased exactly to the output Nyquist frequency has
    /// a phase-dependent RMS).</summary>
    private static double StopbandGainDb(PolyphaseResampler resampler, double frequency, double seconds = Seconds)
    {
        int rate = resampler.InputRate;
        int margin = EdgeMargin(resampler);
        double output = 0, input = 0;
        foreach (double phase in new[] { 0.1, 0.1 - Math.PI / 2 })
        {
            float[] x = Signals.Sine((int)(seconds * rate), frequency, rate, amplitude: 1, phase);
            float[] y = resampler.Process(x);
            output += MeanSquare(y, margin);
            input += MeanSquare(x, 0);
        }

        return 10 * Math.Log10(output / input);
    }

    // Samples at each end of the output that include the filter's response to the signal's abrupt start and end.
    private static int EdgeMargin(PolyphaseResampler r) =>
        (int)Math.Ceiling((double)r.TapsPerPhase * r.UpFactor / r.DownFactor) + 2;

    private static double Rms(ReadOnlySpan<float> x, int margin) => Math.Sqrt(MeanSquare(x, margin));

    private static double MeanSquare(ReadOnlySpan<float> x, int margin)
    {
        ReadOnlySpan<float> mid = x[margin..^margin];
        double sum = 0;
        foreach (float v in mid)
        {
            sum += (double)v * v;
        }

        return sum / mid.Length;
    }

    private static double MaxAbsDifference(float[] a, float[] b, int margin) =>
        Tolerance.MaxAbsDifference(a.AsSpan(margin, a.Length - 2 * margin), b.AsSpan(margin, b.Length - 2 * margin));
}

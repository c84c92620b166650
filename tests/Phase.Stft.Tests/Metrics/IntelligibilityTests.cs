using System.Globalization;
using Phase.Metrics;
using Phase.Testing;

namespace Phase.Tests.Metrics;

[KernelTest]
public class IntelligibilityTests
{
    // Reference values: scripts/reference/metrics_reference.py, an independent numpy/scipy implementation from the papers.
    // "Matched" columns resample with scipy's resample_poly and a scipy-designed filter to the same specification as
    // Phase's resampler, so the pipelines differ only in float32 (FFT, resampling) versus float64 arithmetic: measured
    // differences are 1e-10 … 2e-6 (docs/metrics.md). 2e-5 leaves room for other SIMD widths and summation orders and is
    // far below the 1e-3 or more by which a wrong frame, band, segment or window moves the scores.
    private const double MatchedTolerance = 2e-5;

    // "Octave" columns resample with the filter of MATLAB/Octave resample() that the reference MATLAB code and pystoi use.
    // Phase's filter has the same transition band (0.95 … 1.05 of the lower Nyquist) but designs for 63 dB instead of
    // 60 dB, so the inputs differ slightly in the transition band: scores move by ≤ 2e-4 for 16 … 48 kHz inputs and by
    // 2.8e-3 for the 8 kHz input, whose top band is filled with noise right up to the transition band (measured).
    // 0.005 bounds that resampler effect.
    private const double ResamplerTolerance = 0.005;

    public static TheoryData<string, int, string, double, int> Cases()
    {
        var data = new TheoryData<string, int, string, double, int>();
        foreach (var row in MetricSignals.ReadCsv("stoi_reference.csv"))
        {
            data.Add(row["source"], int.Parse(row["rate"], CultureInfo.InvariantCulture), row["kind"],
                double.Parse(row["param"], CultureInfo.InvariantCulture), int.Parse(row["seed"], CultureInfo.InvariantCulture));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Stoi_and_estoi_match_the_python_oracle(string source, int rate, string kind, double param, int seed)
    {
        var row = FindRow(source, rate, kind, param, seed);
        float[] clean = MetricSignals.Clean(source, rate);
        float[] processed = MetricSignals.Degrade(clean, kind, param, (ulong)seed);

        var scores = QualityMetrics.Intelligibility(processed, clean, rate);

        Assert.InRange(scores.Stoi - MetricSignals.ParsePython(row["stoi"]), -MatchedTolerance, MatchedTolerance);
        Assert.InRange(scores.Estoi - MetricSignals.ParsePython(row["estoi"]), -MatchedTolerance, MatchedTolerance);
        Assert.InRange(scores.Stoi - MetricSignals.ParsePython(row["stoi_octave"]), -ResamplerTolerance, ResamplerTolerance);
        Assert.InRange(scores.Estoi - MetricSignals.ParsePython(row["estoi_octave"]), -ResamplerTolerance, ResamplerTolerance);
    }

    [Theory]
    [InlineData(10000)]
    [InlineData(16000)]
    [InlineData(22050)]
    [InlineData(48000)]
    public void Identical_signals_score_one(int rate)
    {
        float[] x = MetricSignals.SpeechLike(rate, 2.0);
        Assert.Equal(1.0, QualityMetrics.Stoi(x, x, rate), 6);
        Assert.Equal(1.0, QualityMetrics.Estoi(x, x, rate), 6);
    }

    [Fact]
    public void Identical_real_speech_scores_one()
    {
        float[] x = MetricSignals.EspeakClip();
        var scores = QualityMetrics.Intelligibility(x, x, 22050);
        Assert.Equal(1.0, scores.Stoi, 6);
        Assert.Equal(1.0, scores.Estoi, 6);
    }

    [Theory]
    [InlineData("synth", 16000)]
    [InlineData("speech", 22050)]
    public void Scores_decrease_monotonically_with_white_noise(string source, int rate)
    {
        float[] clean = MetricSignals.Clean(source, rate);
        double previousStoi = 1, previousEstoi = 1;
        foreach (double snr in new[] { 20.0, 10.0, 0.0, -5.0 })
        {
            var s = QualityMetrics.Intelligibility(MetricSignals.WithNoise(clean, snr, seed: 99), clean, rate);
            Assert.True(s.Stoi < previousStoi, $"STOI at {snr} dB SNR is {s.Stoi}, not below {previousStoi}");
            Assert.True(s.Estoi < previousEstoi, $"ESTOI at {snr} dB SNR is {s.Estoi}, not below {previousEstoi}");
            previousStoi = s.Stoi;
            previousEstoi = s.Estoi;
        }

        // At −5 dB SNR white noise masks much of the speech: both predictors are far from 1 (paper, Fig. 3: STOI ≈ 0.6–0.8).
        Assert.InRange(previousStoi, 0.4, 0.85);
        Assert.InRange(previousEstoi, 0.1, 0.6);
    }

    [Fact]
    public void Intelligibility_returns_the_same_scores_as_the_single_measures()
    {
        float[] clean = MetricSignals.SpeechLike(16000, 2.0);
        float[] noisy = MetricSignals.WithNoise(clean, 5, seed: 3);
        var both = QualityMetrics.Intelligibility(noisy, clean, 16000);
        Assert.Equal(QualityMetrics.Stoi(noisy, clean, 16000), both.Stoi);
        Assert.Equal(QualityMetrics.Estoi(noisy, clean, 16000), both.Estoi);
    }

    [Fact]
    public void Scores_do_not_depend_on_the_overall_level_of_the_estimate()
    {
        // Both measures normalise the estimate's envelopes, so a gain (0.25 is exact in float) changes nothing.
        float[] clean = MetricSignals.SpeechLike(16000, 2.0);
        float[] noisy = MetricSignals.WithNoise(clean, 5, seed: 4);
        float[] quiet = noisy.Select(v => v * 0.25f).ToArray();
        Assert.Equal(QualityMetrics.Stoi(noisy, clean, 16000), QualityMetrics.Stoi(quiet, clean, 16000), 12);
        Assert.Equal(QualityMetrics.Estoi(noisy, clean, 16000), QualityMetrics.Estoi(quiet, clean, 16000), 12);
    }

    [Fact]
    public void Band_edges_follow_the_one_third_octave_formula()
    {
        // Band j spans 150·2^((2j∓1)/6) Hz rounded to the nearest bin of 10000/512 Hz (computed here independently).
        var bands = Phase.Metrics.ShortTimeIntelligibility.Bands;
        Assert.Equal(15, bands.Length);
        for (int j = 0; j < 15; j++)
        {
            Assert.Equal((int)Math.Round(150 * Math.Pow(2, (2.0 * j - 1) / 6) * 512 / 10000), bands[j].Low);
            Assert.Equal((int)Math.Round(150 * Math.Pow(2, (2.0 * j + 1) / 6) * 512 / 10000), bands[j].High);
        }

        // Spot values from the reference implementation's band matrix: first band bins 7–8, last band 174–218.
        Assert.Equal((7, 9), bands[0]);
        Assert.Equal((174, 219), bands[14]);
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        float[] x = MetricSignals.SpeechLike(16000, 1.0);
        var e = Assert.Throws<ArgumentException>(() => QualityMetrics.Stoi(x.AsSpan(1), x, 16000));
        Assert.Equal("estimate", e.ParamName);
        Assert.Contains("same length", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_signals_are_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => QualityMetrics.Estoi([], [], 16000));
        Assert.Equal("estimate", e.ParamName);
    }

    [Theory]
    [InlineData(float.NaN, "estimate")]
    [InlineData(float.PositiveInfinity, "reference")]
    public void Non_finite_samples_are_rejected(float bad, string where)
    {
        float[] x = MetricSignals.SpeechLike(16000, 1.0);
        float[] y = (float[])x.Clone();
        (where == "estimate" ? y : x)[1234] = bad;
        var e = Assert.Throws<ArgumentException>(() => QualityMetrics.Stoi(y, x, 16000));
        Assert.Equal(where, e.ParamName);
        Assert.Contains("1234", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-16000)]
    public void Non_positive_sample_rates_are_rejected(int rate)
    {
        float[] x = MetricSignals.SpeechLike(16000, 1.0);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => QualityMetrics.Stoi(x, x, rate));
        Assert.Equal("sampleRate", e.ParamName);
    }

    [Fact]
    public void Signals_shorter_than_one_segment_are_rejected()
    {
        // 0.4 s at 10 kHz = 4000 samples gives 30 frames, one fewer than needed.
        float[] x = Signals.Noise(4000, seed: 1);
        var e = Assert.Throws<ArgumentException>(() => QualityMetrics.Stoi(x, x, 10000));
        Assert.Contains("31", e.Message, StringComparison.Ordinal);

        // 4097 samples give 31 frames: the shortest signal accepted.
        float[] y = Signals.Noise(4097, seed: 1);
        Assert.Equal(1.0, QualityMetrics.Stoi(y, y, 10000), 6);
    }

    [Fact]
    public void Too_little_active_speech_after_silence_removal_is_rejected()
    {
        // 2 s of which only 0.2 s is non-silent: far fewer than 31 frames survive.
        float[] x = new float[20000];
        Signals.Noise(2000, seed: 2).CopyTo(x, 9000);
        var e = Assert.Throws<ArgumentException>(() => QualityMetrics.Estoi(x, x, 10000));
        Assert.Equal("reference", e.ParamName);
        Assert.Contains("40 dB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_silent_reference_is_rejected()
    {
        float[] silent = new float[16000];
        float[] noise = Signals.Noise(16000, seed: 5);
        var e = Assert.Throws<ArgumentException>(() => QualityMetrics.Stoi(noise, silent, 16000));
        Assert.Equal("reference", e.ParamName);
        Assert.Contains("silent", e.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> FindRow(string source, int rate, string kind, double param, int seed) =>
        MetricSignals.ReadCsv("stoi_reference.csv").Single(r =>
            r["source"] == source && int.Parse(r["rate"], CultureInfo.InvariantCulture) == rate && r["kind"] == kind &&
            double.Parse(r["param"], CultureInfo.InvariantCulture) == param && int.Parse(r["seed"], CultureInfo.InvariantCulture) == seed);
}

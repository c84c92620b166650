using Phase.GradientTheorem;

namespace Phase.Tests.GradientTheorem;

public class GradientInputValidationTests
{
    private static readonly StftSettings Settings = GradientTestAudio.Small;

    public static IEnumerable<object[]> Offline() => [["pghi"], ["rtpghi"], ["gtls"]];

    private static IPhaseReconstructor Create(string name) => name switch
    {
        "pghi" => new Pghi(Settings),
        "rtpghi" => new Rtpghi(Settings),
        _ => new LeastSquaresIntegration(Settings),
    };

    [Theory]
    [MemberData(nameof(Offline))]
    public void Offline_methods_reject_bad_magnitudes(string name)
    {
        IPhaseReconstructor method = Create(name);
        int bins = Settings.BinCount;
        var nan = new MagnitudeSpectrogram(4, bins);
        nan[2, 5] = float.NaN;
        Assert.Contains("NaN", Assert.ThrowsAny<ArgumentException>(() => method.Reconstruct(nan)).Message, StringComparison.Ordinal);
        var negative = new MagnitudeSpectrogram(4, bins);
        negative[1, 3] = -1;
        Assert.Contains("negative", Assert.ThrowsAny<ArgumentException>(() => method.Reconstruct(negative)).Message, StringComparison.Ordinal);
        var infinite = new MagnitudeSpectrogram(4, bins);
        infinite[0, 0] = float.PositiveInfinity;
        Assert.ThrowsAny<ArgumentException>(() => method.Reconstruct(infinite));
        var wrongBins = new MagnitudeSpectrogram(4, bins + 1);
        Assert.Contains(bins.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Assert.ThrowsAny<ArgumentException>(() => method.Reconstruct(wrongBins)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => method.Reconstruct(null!));
    }

    [Fact]
    public void Zero_frames_cannot_be_passed()
    {
        // A spectrogram cannot have zero frames (its constructor says so), and a wrongly shaped buffer is rejected.
        Assert.ThrowsAny<ArgumentException>(() => new MagnitudeSpectrogram(0, Settings.BinCount));
        Assert.ThrowsAny<ArgumentException>(() => new MagnitudeSpectrogram([], 0, Settings.BinCount));
    }

    [Theory]
    [MemberData(nameof(Offline))]
    public void Silence_and_a_single_frame_work(string name)
    {
        IPhaseReconstructor method = Create(name);
        float[] silent = method.Reconstruct(new MagnitudeSpectrogram(5, Settings.BinCount)).Signal;
        Assert.All(silent, v => Assert.Equal(0f, v));
        var one = new MagnitudeSpectrogram(1, Settings.BinCount);
        one.Frame(0).Fill(1);
        float[] y = method.Reconstruct(one).Signal;
        Assert.All(y, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Streaming_methods_reject_bad_frames()
    {
        using var rt = new RtpghiStreamingReconstructor(Settings);
        using var ls = new LeastSquaresIntegrationStreamingReconstructor(Settings);
        foreach (IStreamingPhaseReconstructor r in new IStreamingPhaseReconstructor[] { rt, ls })
        {
            var hop = new float[Settings.Hop];
            var frame = new float[Settings.BinCount];
            frame[7] = float.NaN;
            var e = Assert.ThrowsAny<ArgumentException>(() => r.ProcessFrame(frame, hop));
            Assert.Equal("magnitudes", e.ParamName);
            Assert.Contains("bin 7", e.Message, StringComparison.Ordinal);
            frame[7] = -2;
            Assert.ThrowsAny<ArgumentException>(() => r.ProcessFrame(frame, hop));
            Assert.Equal("magnitudes", Assert.ThrowsAny<ArgumentException>(() => r.ProcessFrame(new float[Settings.BinCount - 1], hop)).ParamName);
            Assert.Equal("output", Assert.ThrowsAny<ArgumentException>(() => r.ProcessFrame(new float[Settings.BinCount], new float[Settings.Hop + 1])).ParamName);
        }

        rt.Dispose();
        Assert.Throws<ObjectDisposedException>(() => rt.ProcessFrame(new float[Settings.BinCount], new float[Settings.Hop]));
    }

    [Fact]
    public void Parameters_out_of_range_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Pghi(Settings) { Tolerance = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Rtpghi(Settings) { Tolerance = -1e-3 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new Rtpghi(Settings) { Tolerance = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeastSquaresIntegration(Settings) { WeightExponent = 17 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeastSquaresIntegration(Settings) { Regularization = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeastSquaresIntegration(Settings) { FrequencyWeight = 0 });
        Assert.Throws<ArgumentNullException>(() => new Rtpghi(Settings) { Gradients = null! });
        Assert.Throws<ArgumentOutOfRangeException>(() => new LeastSquaresIntegrationStreamingReconstructor(Settings, tolerance: 2));
        Assert.Throws<ArgumentNullException>(() => new Pghi(null!));
    }

    [Fact]
    public void Gradient_context_and_sources_reject_bad_shapes()
    {
        int bins = Settings.BinCount;
        Assert.Throws<ArgumentException>(() => new PhaseGradientContext(new float[bins * 2], bins, 1, 1, 5, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhaseGradientContext(new float[bins * 3], bins, 1, 1, 0, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PhaseGradientContext(new float[bins * 3], bins, 1, 1, -1, 0, 1));
        using IPhaseGradientSource source = AnalyticPhaseGradients.Centered.CreateSource(Settings);
        var context = new float[bins * 3];
        Assert.Throws<ArgumentException>(() => source.Estimate(new PhaseGradientContext(context, bins, 1, 1, 5, 1, 1), new float[bins - 1], new float[bins]));
        Assert.Throws<ArgumentException>(() => source.Estimate(new PhaseGradientContext(new float[bins * 2], bins, 1, 0, 5, 1, 0), new float[bins], new float[bins]));
    }

    [Fact]
    public void A_source_writing_nan_is_reported()
    {
        using var r = new RtpghiStreamingReconstructor(Settings, new NanEstimator());
        var e = Assert.Throws<InvalidOperationException>(() => r.ProcessFrame(new float[Settings.BinCount], new float[Settings.Hop]));
        Assert.Contains("nan-source", e.Message, StringComparison.Ordinal);
    }

    private sealed class NanEstimator : IPhaseGradientEstimator, IPhaseGradientSource
    {
        public string Name => "nan-source";

        public int LookaheadFrames => 0;

        public int HistoryFrames => 0;

        public IPhaseGradientSource CreateSource(StftSettings settings) => this;

        public void Estimate(PhaseGradientContext context, Span<float> advanceDeviation, Span<float> frequencyStep) => advanceDeviation.Fill(float.NaN);

        public void Reset()
        {
        }

        public void Dispose()
        {
        }
    }
}

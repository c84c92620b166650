using Phase.GradientTheorem;
using Phase.Metrics;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.GradientTheorem;

/// <summary>RTPGHI and least-squares integration as streaming reconstructors: streaming equals offline, the timing contract,
/// reset, zero allocation per frame, and exactness with oracle derivatives.</summary>
public class StreamingGradientTests
{
    public static IEnumerable<object[]> Methods() =>
    [
        ["rtpghi", 1], ["rtpghi", 0], ["gtls", 1], ["gtls", 0],
    ];

    private static IPhaseReconstructor Create(string name, int lookahead, StftSettings s) => name switch
    {
        "rtpghi" => new Rtpghi(s) { Gradients = new AnalyticPhaseGradients(lookahead) },
        _ => new LeastSquaresIntegration(s) { Gradients = new AnalyticPhaseGradients(lookahead) },
    };

    private static IStreamingPhaseReconstructor CreateStreaming(IPhaseReconstructor method) => method switch
    {
        Rtpghi r => r.CreateStreaming(seed: 0),
        LeastSquaresIntegration l => l.CreateStreaming(),
        _ => throw new ArgumentException("unknown", nameof(method)),
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Streaming_equals_the_offline_wrapper_and_replays_after_flush(string name, int lookahead)
    {
        StftSettings s = GradientTestAudio.Speech;
        float[] x = GradientTestAudio.DemoExcerpt(25000);
        MagnitudeSpectrogram target = s.StftMagnitude(x);
        IPhaseReconstructor method = Create(name, lookahead, s);
        float[] offline = method.Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length }).Signal;
        using IStreamingPhaseReconstructor streaming = CreateStreaming(method);
        Assert.Equal(offline, GradientTestAudio.RunStream(streaming, target, x.Length));

        // After Flush the stream has ended (frames and a second flush throw); Reset starts the next one, identical; so
        // does a reset mid-stream.
        var hop = new float[s.Hop];
        Assert.Throws<InvalidOperationException>(() => streaming.ProcessFrame(target.Frame(0), hop));
        Assert.Throws<InvalidOperationException>(() => streaming.Flush(new float[streaming.FlushLength]));
        streaming.Reset();
        Assert.Equal(offline, GradientTestAudio.RunStream(streaming, target, x.Length));
        streaming.Reset();
        streaming.ProcessFrame(target.Frame(3), hop);
        streaming.Reset();
        Assert.Equal(offline, GradientTestAudio.RunStream(streaming, target, x.Length));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Timing_follows_the_streaming_contract(string name, int lookahead)
    {
        StftSettings s = GradientTestAudio.Speech;
        IPhaseReconstructor method = Create(name, lookahead, s);
        using IStreamingPhaseReconstructor r = CreateStreaming(method);
        int n = s.FftSize, h = s.Hop;
        Assert.Equal(name, r.Name);
        Assert.Equal(lookahead, r.LookaheadFrames);
        Assert.Equal((n / 2) + (lookahead * h), r.OutputDelay);
        Assert.Equal(n - h + (lookahead * h), r.FlushLength);
        Assert.Equal(n - h + (lookahead * h), r.Latency);

        MagnitudeSpectrogram target = s.StftMagnitude(GradientTestAudio.DemoExcerpt(8192));
        var hop = new float[h];
        for (int f = 0; f < lookahead; f++)
        {
            r.ProcessFrame(target.Frame(f), hop);
            Assert.All(hop, v => Assert.Equal(0f, v));
        }

        Assert.Throws<ArgumentException>(() => r.Flush(new float[r.FlushLength - 1]));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Streaming_frames_allocate_nothing(string name, int lookahead)
    {
        StftSettings s = GradientTestAudio.Speech;
        MagnitudeSpectrogram target = s.StftMagnitude(GradientTestAudio.DemoExcerpt(22050));
        using IStreamingPhaseReconstructor r = CreateStreaming(Create(name, lookahead, s));
        var hop = new float[s.Hop];
        var tail = new float[r.FlushLength];
        int frame = 0;
        Assert.Equal(0, Allocations.Measure(() =>
        {
            r.ProcessFrame(target.Frame(frame), hop);
            frame = (frame + 1) % target.FrameCount;
        }, repetitions: 200));
        Assert.Equal(0, Allocations.Measure(() =>
        {
            r.Flush(tail);
            r.Reset();
        }, repetitions: 5));
        Assert.Equal(0, Allocations.Measure(r.Reset, repetitions: 5));
    }

    [Fact]
    public void Least_squares_with_oracle_derivatives_reconstructs_the_demo_clip()
    {
        // The brief: SC ≤ −40 dB on the demo clip. With exact derivatives every residual is 0 and the prediction exact.
        StftSettings s = GradientTestAudio.Speech;
        float[] x = GradientTestAudio.Demo;
        using var plan = new StftPlan(s);
        ComplexSpectrogram spectrum = plan.Forward(x);
        MagnitudeSpectrogram target = spectrum.ToMagnitude();
        foreach (int lookahead in new[] { 0, 1 })
        {
            var gtls = new LeastSquaresIntegration(s) { Gradients = new OraclePhaseGradients(spectrum, s, lookahead) };
            float[] y = gtls.Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length }).Signal;
            double sc = QualityMetrics.SpectralConvergenceDb(s.StftMagnitude(y), target);
            Assert.True(sc <= -40, $"look-ahead {lookahead}: {sc:F1} dB");

            // Up to one global sign/constant per region the waveform itself comes back (phase-sensitive check).
            double snr = QualityMetrics.SnrDb(y, x);
            Assert.True(snr >= 20 || QualityMetrics.SnrDb(y, Negate(x)) >= 20, $"SNR {snr:F1} dB");
        }
    }

    [Fact]
    public void Rtpghi_with_oracle_derivatives_reconstructs_the_clip()
    {
        StftSettings s = GradientTestAudio.Speech;
        float[] x = GradientTestAudio.DemoExcerpt(44100);
        using var plan = new StftPlan(s);
        ComplexSpectrogram spectrum = plan.Forward(x);
        MagnitudeSpectrogram target = spectrum.ToMagnitude();
        var rtpghi = new Rtpghi(s) { Gradients = new OraclePhaseGradients(spectrum, s) };
        float[] y = rtpghi.Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length }).Signal;
        double sc = QualityMetrics.SpectralConvergenceDb(s.StftMagnitude(y), target);
        Assert.True(sc <= -40, $"{sc:F1} dB");
    }

    [Fact]
    public void Least_squares_improves_on_its_prediction_with_noisy_derivatives()
    {
        // Oracle derivatives plus seeded noise: the least-squares fit of all equations must beat the heap prediction
        // alone (RTPGHI with the same derivatives), which uses one equation per bin.
        StftSettings s = GradientTestAudio.Speech;
        float[] x = GradientTestAudio.DemoExcerpt(44100);
        using var plan = new StftPlan(s);
        ComplexSpectrogram spectrum = plan.Forward(x);
        MagnitudeSpectrogram target = spectrum.ToMagnitude();
        var noisy = new NoisyOracle(new OraclePhaseGradients(spectrum, s), 0.3f);
        double ls = Sc(new LeastSquaresIntegration(s) { Gradients = noisy }, target, x.Length);
        double heap = Sc(new Rtpghi(s) { Gradients = noisy }, target, x.Length);
        Assert.True(ls < heap - 1, $"gtls {ls:F2} dB, rtpghi {heap:F2} dB");
    }

    private static double Sc(IPhaseReconstructor method, MagnitudeSpectrogram target, int length)
    {
        float[] y = method.Reconstruct(target, new ReconstructionOptions { SignalLength = length }).Signal;
        return QualityMetrics.SpectralConvergenceDb(method.Settings.StftMagnitude(y), target);
    }

    private static float[] Negate(float[] x) => x.Select(v => -v).ToArray();

    /// <summary>Oracle derivatives plus uniform noise of the given amplitude (seeded by frame index).</summary>
    private sealed class NoisyOracle(OraclePhaseGradients oracle, float amplitude) : IPhaseGradientEstimator
    {
        public string Name => "noisy-oracle";

        public int LookaheadFrames => 0;

        public int HistoryFrames => 0;

        public IPhaseGradientSource CreateSource(StftSettings settings) => new Source(oracle.CreateSource(settings), amplitude);

        private sealed class Source(IPhaseGradientSource inner, float amplitude) : IPhaseGradientSource
        {
            public string Name => "noisy-oracle";

            public int LookaheadFrames => 0;

            public int HistoryFrames => 0;

            public void Estimate(PhaseGradientContext context, Span<float> advanceDeviation, Span<float> frequencyStep)
            {
                inner.Estimate(context, advanceDeviation, frequencyStep);
                var random = new Random((int)context.FrameIndex);
                for (int k = 0; k < advanceDeviation.Length; k++)
                {
                    advanceDeviation[k] += amplitude * (float)((2 * random.NextDouble()) - 1);
                    frequencyStep[k] += amplitude * (float)((2 * random.NextDouble()) - 1);
                }
            }

            public void Reset() => inner.Reset();

            public void Dispose() => inner.Dispose();
        }
    }
}

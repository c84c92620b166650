using Phase.GradientTheorem;
using Phase.Neural.GtNet;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>gtnet over a stream: start-up and flush contexts, frame cache, allocation, reconstruction.</summary>
[KernelTest]
public sealed class GtNetStreamingTests
{
    public static TheoryData<string> Variants => new() { "causal", "lookahead" };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Streamed_derivatives_equal_the_pytorch_utterance_pass(string variant)
    {
        // e2e_*: the first 120 frames of the demo clip through PyTorch with zero frames before the start and after the
        // end (gtnet.context_stack), which is what a stream sees at start-up and while it is flushed.
        GtNetModel model = variant == "causal" ? GtNetModel.Causal : GtNetModel.Lookahead;
        (float[] s, int[] shape) = Npy.Read(ModelFiles.Reference("gtnet-" + variant, "e2e_magnitude.npy"));
        (float[] expected, _) = Npy.Read(ModelFiles.Reference("gtnet-" + variant, "e2e_derivatives.npy"));
        int frames = shape[0], k = shape[1], p = model.HistoryFrames, l = model.LookaheadFrames;
        using IPhaseGradientSource source = model.CreateSource(StftSettings.Default);
        var window = new float[(p + 1 + l) * k];
        var d = new float[k];
        var v = new float[k];
        double worst = 0;
        for (int n = 0; n < frames; n++)
        {
            Array.Clear(window);
            for (int c = 0; c < p + 1 + l; c++)
            {
                int f = n - p + c;
                if (f >= 0 && f < frames)
                {
                    s.AsSpan(f * k, k).CopyTo(window.AsSpan(c * k, k));
                }
            }

            var context = new PhaseGradientContext(window, k, p, l, n, Math.Min(p, n), Math.Min(l, frames - 1 - n));
            source.Estimate(context, d, v);
            worst = Math.Max(worst, Tolerance.MaxAbsDifference(d, expected.AsSpan(2 * n * k, k)));
            worst = Math.Max(worst, Tolerance.MaxAbsDifference(v[..^1], expected.AsSpan(((2 * n) + 1) * k, k - 1)));
        }

        Assert.True(worst <= 1e-4, $"max |managed − PyTorch| = {worst:G3} rad");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Streaming_frames_allocate_nothing(int lookahead)
    {
        var settings = StftSettings.Default;
        float[] x = Signals.Chirp(22050, 200, 4000, 22050);
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        using IStreamingPhaseReconstructor stream = new GtNetReconstructor(settings) { LookaheadFrames = lookahead }.CreateStreaming();
        var output = new float[settings.Hop];
        int frame = 0;
        long bytes = Allocations.Measure(() =>
        {
            stream.ProcessFrame(target.Frame(frame), output);
            frame = (frame + 1) % target.FrameCount;
        });
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void Reset_restarts_the_stream_identically()
    {
        var settings = StftSettings.Default;
        MagnitudeSpectrogram target = settings.StftMagnitude(Signals.Chirp(8192, 300, 3000, 22050));
        using IStreamingPhaseReconstructor stream = new GtNetReconstructor(settings).CreateStreaming();
        float[] first = Run(stream, target), second = Run(stream, target);
        Assert.Equal(first, second);

        static float[] Run(IStreamingPhaseReconstructor s, MagnitudeSpectrogram m)
        {
            s.Reset();
            var y = new float[m.FrameCount * s.Settings.Hop];
            for (int n = 0; n < m.FrameCount; n++)
            {
                s.ProcessFrame(m.Frame(n), y.AsSpan(n * s.Settings.Hop, s.Settings.Hop));
            }

            return y;
        }
    }

    [Fact]
    public void Reconstructor_reports_name_latency_and_lookahead()
    {
        var settings = StftSettings.Default;
        var causal = new GtNetReconstructor(settings) { LookaheadFrames = 0 };
        var ahead = new GtNetReconstructor(settings);
        Assert.Equal(0, causal.Model.LookaheadFrames);
        Assert.Equal(1, ahead.Model.LookaheadFrames);
        Assert.Equal(settings.StreamingLatency + settings.Hop, ahead.Latency);
        using IStreamingPhaseReconstructor stream = ahead.CreateStreaming();
        Assert.Equal("gtnet", stream.Name);
        Assert.Equal(ahead.Latency, stream.Latency);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GtNetReconstructor(settings) { LookaheadFrames = 2 });
    }

    [Fact]
    public void Shipped_models_have_at_most_ten_thousand_parameters()
    {
        Assert.InRange(GtNetModel.Causal.ParameterCount, 1, 10_000);
        Assert.InRange(GtNetModel.Lookahead.ParameterCount, 1, 10_000);
        Assert.Equal(GtNetModel.Causal.Metadata.ParameterCount, GtNetModel.Causal.ParameterCount);
    }
}

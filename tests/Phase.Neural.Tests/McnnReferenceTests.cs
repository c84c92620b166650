using Phase.Neural.Mcnn;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>The managed MCNN inference against the PyTorch reference vectors (onnx-models/reference/mcnn).</summary>
[KernelTest]
public sealed class McnnReferenceTests
{
    [Fact]
    public void Managed_inference_equals_the_pytorch_reference_waveform()
    {
        // One pass of the network over exactly the reference input (what the ONNX graph computes).
        McnnModel model = McnnModel.Shipped;
        (float[] input, int[] inShape) = Npy.Read(ModelFiles.Reference("mcnn", "input_magnitude.npy"));
        (float[] expected, int[] outShape) = Npy.Read(ModelFiles.Reference("mcnn", "output_waveform.npy"));
        int frames = inShape[1];
        Assert.Equal([1, frames * model.Hop], outShape);
        float[] y = OnePass(model, input, frames);
        double worst = Tolerance.MaxAbsDifference(y, expected);
        double peak = expected.Max(Math.Abs);
        Assert.True(worst <= 1e-4 * Math.Max(1, peak), $"max |managed − PyTorch| = {worst:G3} (peak {peak:G3})");
    }

    [Theory]
    [InlineData(8)]
    [InlineData(13)]
    [InlineData(4096)]
    public void Chunked_synthesis_equals_one_pass_over_the_input_extended_by_zero_context_frames(int chunk)
    {
        // Oracle: the input padded by hand with M zero frames on each side, one pass, the middle T·H samples kept.
        McnnModel model = McnnModel.Shipped;
        int frames = 61, m = model.ContextFrames, k = model.BinCount;
        float[] s = Signals.Noise(frames * k, seed: 5).Select(Math.Abs).ToArray();
        var padded = new float[(frames + (2 * m)) * k];
        s.CopyTo(padded, m * k);
        float[] whole = OnePass(model, padded, frames + (2 * m), level: s.Max());
        var chunked = new float[frames * model.Hop];
        model.Synthesize(s, frames, chunked, chunkFrames: chunk);
        Assert.True(Tolerance.MaxAbsDifference(whole.AsSpan(m * model.Hop, frames * model.Hop), chunked) <= 1e-6, "chunk boundaries changed the output");
        Assert.NotEqual(0f, chunked[0]);
        Assert.NotEqual(0f, chunked[^1]);
    }

    [Fact]
    public void The_context_covers_the_receptive_field()
    {
        // Change one frame in the middle of a one-pass input: outputs more than ContextFrames − 1 frames away stay
        // exactly the same, and the change does reach ContextFrames − 2 frames away (the context is not oversized).
        McnnModel model = McnnModel.Shipped;
        Assert.Equal(4, model.ContextFrames);
        int frames = 40, f = 20, k = model.BinCount, h = model.Hop, m = model.ContextFrames;
        float[] s = Signals.Noise(frames * k, seed: 11).Select(Math.Abs).ToArray();
        float level = s.Max();
        float[] before = OnePass(model, s, frames, level);
        for (int j = 0; j < k; j++)
        {
            s[(f * k) + j] *= 0.5f;
        }

        float[] after = OnePass(model, s, frames, level);
        for (int t = 0; t < frames * h; t++)
        {
            double framesAway = Math.Max((f * h) - (t + 1), t - (f * h)) / (double)h;
            if (framesAway >= m - 1)
            {
                Assert.True(before[t] == after[t], $"sample {t} ({framesAway:F2} frames from the changed frame) changed");
            }
        }

        Assert.NotEqual(before[((f + m - 2) * h) + 10], after[((f + m - 2) * h) + 10]);
    }

    [Fact]
    public void Synthesis_checks_the_cancellation_token_before_every_chunk()
    {
        McnnModel model = McnnModel.Shipped;
        int frames = 100;
        float[] s = Signals.Noise(frames * model.BinCount, seed: 2).Select(Math.Abs).ToArray();
        var y = new float[frames * model.Hop];
        using var cts = new CancellationTokenSource();
        var done = new List<int>();
        Assert.ThrowsAny<OperationCanceledException>(() => model.SynthesizeChunks(s, frames, y, 16, cts.Token, end =>
        {
            done.Add(end);
            if (end >= 48)
            {
                cts.Cancel();
            }
        }));
        Assert.Equal([16, 32, 48], done);
        cts.Dispose();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => model.Synthesize(s, frames, y, 16, cancelled.Token));
    }

    internal static float[] OnePass(McnnModel model, float[] input, int frames, float? level = null)
    {
        var y = new float[frames * model.Hop];
        model.Run(input, frames, level ?? Math.Max(input.Max(), 1e-30f), y, new McnnModel.Workspace(model, frames));
        return y;
    }

    [Fact]
    public void Synthesis_scratch_is_allocated_once_per_call_not_per_chunk()
    {
        // One call allocates its workspace (about 4 MB for 128-frame chunks), independent of the input length.
        McnnModel model = McnnModel.Shipped;
        int frames = 1000;
        float[] s = Signals.Noise(frames * model.BinCount, seed: 9).Select(Math.Abs).ToArray();
        var y = new float[frames * model.Hop];
        model.Synthesize(s, frames, y);
        long before = GC.GetAllocatedBytesForCurrentThread();
        model.Synthesize(s, frames, y);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(bytes < 8_000_000, $"{bytes} bytes for {frames} frames");
    }

    [Fact]
    public void Reconstruction_has_the_requested_length_and_frame_placement()
    {
        var centred = StftSettings.Default;
        var uncentred = new StftSettings(1024, 256, padding: StftPadding.Uncentered);
        int frames = 40;
        float[] s = Signals.Noise(frames * 513, seed: 3).Select(Math.Abs).ToArray();
        var target = new MagnitudeSpectrogram(s, frames, 513);
        // The network's output itself (level matching measures energies on each setting's own frames).
        PhaseReconstruction c = new McnnReconstructor(centred) { MatchLevels = false }.Reconstruct(target, new ReconstructionOptions { ReturnSpectrogram = true });
        PhaseReconstruction u = new McnnReconstructor(uncentred) { MatchLevels = false }.Reconstruct(target);
        Assert.Equal(centred.DefaultSignalLength(frames), c.Signal.Length);
        Assert.Equal(uncentred.DefaultSignalLength(frames), u.Signal.Length);
        Assert.NotNull(c.Spectrogram);

        // Uncentred frame n is centred on n·H + N/2: the same waveform, N/2 samples later.
        Assert.Equal(c.Signal, u.Signal.AsSpan(512, c.Signal.Length).ToArray());
        Assert.All(u.Signal.AsSpan(0, 512).ToArray(), x => Assert.Equal(0f, x));
        PhaseReconstruction longer = new McnnReconstructor(centred) { MatchLevels = false }.Reconstruct(target, new ReconstructionOptions { SignalLength = (frames * 256) + 100 });
        Assert.Equal(c.Signal, longer.Signal.AsSpan(0, c.Signal.Length).ToArray());
        Assert.All(longer.Signal.AsSpan(frames * 256).ToArray(), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Reconstruction_reports_progress_per_chunk_and_stops_when_cancelled_from_the_progress_callback()
    {
        var settings = StftSettings.Default;
        int frames = 100;
        var target = new MagnitudeSpectrogram(Signals.Noise(frames * 513, seed: 4).Select(Math.Abs).ToArray(), frames, 513);
        var reports = new List<ReconstructionProgress>();
        new McnnReconstructor(settings) { ChunkFrames = 32 }.Reconstruct(target, new ReconstructionOptions { Progress = new SyncProgress(reports.Add) });
        Assert.Equal([32L, 64, 96, 100], reports.Select(r => r.Completed));
        Assert.All(reports, r => Assert.Equal(100, r.Total));

        using var cts = new CancellationTokenSource();
        reports.Clear();
        var options = new ReconstructionOptions { CancellationToken = cts.Token, Progress = new SyncProgress(p => { reports.Add(p); cts.Cancel(); }) };
        Assert.ThrowsAny<OperationCanceledException>(() => new McnnReconstructor(settings) { ChunkFrames = 32 }.Reconstruct(target, options));
        Assert.Single(reports); // the token was polled before the second chunk
    }

    [Fact]
    public void Invalid_magnitudes_and_cancellation_are_reported()
    {
        var settings = StftSettings.Default;
        var bad = new MagnitudeSpectrogram(3, 513);
        bad[1, 7] = float.NaN;
        Assert.ThrowsAny<ArgumentException>(() => new McnnReconstructor(settings).Reconstruct(bad));
        Assert.ThrowsAny<ArgumentException>(() => new McnnReconstructor(settings).Reconstruct(new MagnitudeSpectrogram(3, 257)));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new McnnReconstructor(settings).Reconstruct(new MagnitudeSpectrogram(3, 513), new ReconstructionOptions { CancellationToken = cts.Token }));
    }

    private sealed class SyncProgress(Action<ReconstructionProgress> report) : IProgress<ReconstructionProgress>
    {
        public void Report(ReconstructionProgress value) => report(value);
    }
}

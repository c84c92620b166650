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
        McnnModel model = McnnModel.Shipped;
        (float[] input, int[] inShape) = Npy.Read(ModelFiles.Reference("mcnn", "input_magnitude.npy"));
        (float[] expected, int[] outShape) = Npy.Read(ModelFiles.Reference("mcnn", "output_waveform.npy"));
        int frames = inShape[1];
        Assert.Equal([1, frames * model.Hop], outShape);
        var y = new float[frames * model.Hop];
        model.Synthesize(input, frames, y);
        double worst = Tolerance.MaxAbsDifference(y, expected);
        double peak = expected.Max(Math.Abs);
        Assert.True(worst <= 1e-4 * Math.Max(1, peak), $"max |managed − PyTorch| = {worst:G3} (peak {peak:G3})");
    }

    [Fact]
    public void Chunked_synthesis_equals_one_pass_over_the_whole_input()
    {
        McnnModel model = McnnModel.Shipped;
        int frames = 61;
        float[] s = Signals.Noise(frames * model.BinCount, seed: 5).Select(Math.Abs).ToArray();
        var whole = new float[frames * model.Hop];
        var chunked = new float[frames * model.Hop];
        model.Synthesize(s, frames, whole, chunkFrames: 4096);
        model.Synthesize(s, frames, chunked, chunkFrames: 8);
        Assert.True(Tolerance.MaxAbsDifference(whole, chunked) <= 1e-6, "chunk boundaries changed the output");
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
        PhaseReconstruction c = new McnnReconstructor(centred).Reconstruct(target, new ReconstructionOptions { ReturnSpectrogram = true });
        PhaseReconstruction u = new McnnReconstructor(uncentred).Reconstruct(target);
        Assert.Equal(centred.DefaultSignalLength(frames), c.Signal.Length);
        Assert.Equal(uncentred.DefaultSignalLength(frames), u.Signal.Length);
        Assert.NotNull(c.Spectrogram);

        // Uncentred frame n is centred on n·H + N/2: the same waveform, N/2 samples later.
        Assert.Equal(c.Signal, u.Signal.AsSpan(512, c.Signal.Length).ToArray());
        Assert.All(u.Signal.AsSpan(0, 512).ToArray(), x => Assert.Equal(0f, x));
        PhaseReconstruction longer = new McnnReconstructor(centred).Reconstruct(target, new ReconstructionOptions { SignalLength = (frames * 256) + 100 });
        Assert.Equal(c.Signal, longer.Signal.AsSpan(0, c.Signal.Length).ToArray());
        Assert.All(longer.Signal.AsSpan(frames * 256).ToArray(), x => Assert.Equal(0f, x));
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
}

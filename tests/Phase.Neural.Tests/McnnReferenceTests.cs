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
}

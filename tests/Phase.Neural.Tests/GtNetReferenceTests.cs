using Phase.GradientTheorem;
using Phase.Neural.GtNet;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>The managed gtnet inference against the PyTorch reference vectors (onnx-models/reference/gtnet-*).</summary>
[KernelTest]
public sealed class GtNetReferenceTests
{
    public static TheoryData<string> Variants => new() { "causal", "lookahead" };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Managed_inference_equals_the_pytorch_reference_outputs(string variant)
    {
        GtNetModel model = variant == "causal" ? GtNetModel.Causal : GtNetModel.Lookahead;
        (float[] input, int[] inShape) = Npy.Read(ModelFiles.Reference("gtnet-" + variant, "input_magnitude.npy"));
        (float[] expected, int[] outShape) = Npy.Read(ModelFiles.Reference("gtnet-" + variant, "output_derivatives.npy"));
        int batch = inShape[0], c = inShape[1], k = inShape[2];
        Assert.Equal(model.ContextFrames, c);
        Assert.Equal([batch, 2, k], outShape);

        // Each batch item is a separate stream at a frame index past the history, so every context frame exists and is
        // read fresh (no cache shared between items); the all-zero last item is a silent context.
        var d = new float[k];
        var v = new float[k];
        double worst = 0;
        for (int b = 0; b < batch; b++)
        {
            using IPhaseGradientSource source = model.CreateSource(StftSettings.Default);
            var context = new PhaseGradientContext(input.AsSpan(b * c * k, c * k), k, model.HistoryFrames, model.LookaheadFrames,
                frameIndex: 100, availableHistory: model.HistoryFrames, availableLookahead: model.LookaheadFrames);
            source.Estimate(context, d, v);
            ReadOnlySpan<float> refD = expected.AsSpan((b * 2) * k, k);
            ReadOnlySpan<float> refV = expected.AsSpan(((b * 2) + 1) * k, k);
            worst = Math.Max(worst, Tolerance.MaxAbsDifference(d, refD));
            worst = Math.Max(worst, Tolerance.MaxAbsDifference(v[..^1], refV[..^1]));
            Assert.Equal(0f, v[k - 1]);
        }

        Assert.True(worst <= 1e-4, $"max |managed − PyTorch| = {worst:G3} rad");
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_layer_equals_the_float64_reference(string variant)
    {
        // intermediate_*.npy: the numpy float64 forward pass (gtnet.np_forward) on the same inputs, layer by layer.
        GtNetModel model = variant == "causal" ? GtNetModel.Causal : GtNetModel.Lookahead;
        (float[] input, int[] inShape) = Npy.Read(ModelFiles.Reference("gtnet-" + variant, "input_magnitude.npy"));
        int batch = inShape[0], c = inShape[1], k = inShape[2];
        string[] names = ["logmag", .. Enumerable.Range(0, model.HiddenLayers.Count).Select(i => "hidden" + i)];
        var d = new float[k];
        var v = new float[k];
        for (int b = 0; b < batch; b++)
        {
            var source = (GtNetGradientSource)model.CreateSource(StftSettings.Default);
            source.Estimate(new PhaseGradientContext(input.AsSpan(b * c * k, c * k), k, model.HistoryFrames, model.LookaheadFrames, 100, model.HistoryFrames, model.LookaheadFrames), d, v);
            for (int layer = -1; layer < model.HiddenLayers.Count; layer++)
            {
                (float[] expected, int[] shape) = Npy.Read(ModelFiles.Reference("gtnet-" + variant, $"intermediate_{names[layer + 1]}.npy"));
                int channels = shape[1];
                for (int ch = 0; ch < channels; ch++)
                {
                    double diff = Tolerance.MaxAbsDifference(source.Activation(layer, ch), expected.AsSpan(((b * channels) + ch) * k, k));
                    Assert.True(diff <= 1e-4, $"item {b}, {names[layer + 1]} channel {ch}: max difference {diff:G3}");
                }
            }
        }
    }
}

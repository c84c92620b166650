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
}

using Phase.GradientTheorem;
using Phase.Neural;
using Phase.Neural.GtNet;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>The batched gtnet estimator against the PyTorch reference vectors (which carry a batch dimension) and
/// against the per-stream sources; allocation-free per call at a fixed batch size.</summary>
public sealed class GtNetBatchEstimatorTests
{
    public static TheoryData<string, NeuralBackend> Cases => new()
    {
        { "causal", NeuralBackend.Managed },
        { "lookahead", NeuralBackend.Managed },
        { "causal", NeuralBackend.OnnxRuntime },
        { "lookahead", NeuralBackend.OnnxRuntime },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_call_over_the_batch_equals_pytorch_and_the_per_stream_source(string variant, NeuralBackend backend)
    {
        GtNetModel model = variant == "causal" ? GtNetModel.Causal : GtNetModel.Lookahead;
        (float[] input, int[] inShape) = Npy.Read(ModelFiles.Reference("gtnet-" + variant, "input_magnitude.npy"));
        (float[] expected, _) = Npy.Read(ModelFiles.Reference("gtnet-" + variant, "output_derivatives.npy"));
        int batch = inShape[0], c = inShape[1], k = inShape[2];
        Assert.True(batch >= 2, "the reference holds several frames");
        using var estimator = new GtNetBatchEstimator(model, batch, backend);
        var output = new float[batch * 2 * k];
        estimator.Estimate(input, batch, output);

        var d = new float[k];
        var v = new float[k];
        double worstTorch = 0, worstSingle = 0;
        for (int b = 0; b < batch; b++)
        {
            // PyTorch: all 2K values except v[K−1], which gtnet leaves unused (0).
            ReadOnlySpan<float> row = output.AsSpan(b * 2 * k, 2 * k);
            worstTorch = Math.Max(worstTorch, Tolerance.MaxAbsDifference(row[..k], expected.AsSpan(2 * b * k, k)));
            worstTorch = Math.Max(worstTorch, Tolerance.MaxAbsDifference(row[k..^1], expected.AsSpan(((2 * b) + 1) * k, k - 1)));
            Assert.Equal(0f, row[^1]);

            // The per-stream source of the same backend on the same frames.
            IPhaseGradientEstimator single = backend == NeuralBackend.Managed ? model
                : new GtNetReconstructor(StftSettings.Default) { Model = model, Backend = backend }.CreateEstimator();
            using IPhaseGradientSource source = single.CreateSource(StftSettings.Default);
            source.Estimate(new PhaseGradientContext(input.AsSpan(b * c * k, c * k), k, model.HistoryFrames, model.LookaheadFrames, 100,
                model.HistoryFrames, model.LookaheadFrames), d, v);
            worstSingle = Math.Max(worstSingle, Tolerance.MaxAbsDifference(row[..k], d));
            worstSingle = Math.Max(worstSingle, Tolerance.MaxAbsDifference(row[k..], v));
        }

        Assert.True(worstTorch <= 1e-4, $"max |batched − PyTorch| = {worstTorch:G3}");
        // Managed: the same arithmetic, bit for bit. ONNX Runtime: batch 1 and batch N may pick other kernels.
        Assert.True(worstSingle <= (backend == NeuralBackend.Managed ? 0 : 1e-5), $"max |batched − per-stream| = {worstSingle:G3}");
    }

    [Theory]
    [InlineData(NeuralBackend.Managed)]
    [InlineData(NeuralBackend.OnnxRuntime)]
    public void Streams_are_independent_and_a_smaller_batch_gives_the_same_rows(NeuralBackend backend)
    {
        GtNetModel model = GtNetModel.Causal;
        int k = model.BinCount, c = model.ContextFrames, n = 8;
        var contexts = new float[n * c * k];
        var rng = new Random(3);
        for (int i = 0; i < contexts.Length; i++)
        {
            contexts[i] = (float)(rng.NextDouble() * rng.NextDouble()) * (1 + (i / (c * k))); // each stream its own level
        }

        using var estimator = new GtNetBatchEstimator(model, n, backend);
        var all = new float[n * 2 * k];
        estimator.Estimate(contexts, n, all);
        var three = new float[3 * 2 * k];
        estimator.Estimate(contexts.AsSpan(5 * c * k), 3, three);
        Assert.True(Tolerance.MaxAbsDifference(all.AsSpan(5 * 2 * k), three) <= 1e-5);

        // Scaling one stream (the network is scale invariant per stream) changes no row.
        var scaled = (float[])contexts.Clone();
        for (int i = 2 * c * k; i < 3 * c * k; i++)
        {
            scaled[i] *= 1000f;
        }

        var again = new float[n * 2 * k];
        estimator.Estimate(scaled, n, again);
        Assert.True(Tolerance.MaxAbsDifference(all, again) <= 1e-4);
    }

    [Theory]
    [InlineData(NeuralBackend.Managed)]
    [InlineData(NeuralBackend.OnnxRuntime)]
    public void A_call_at_a_fixed_batch_size_allocates_nothing(NeuralBackend backend)
    {
        GtNetModel model = GtNetModel.Lookahead;
        int n = 16;
        var contexts = new float[n * model.ContextFrames * model.BinCount];
        for (int i = 0; i < contexts.Length; i++)
        {
            contexts[i] = (i % 97) / 97f;
        }

        var output = new float[n * 2 * model.BinCount];
        using var estimator = new GtNetBatchEstimator(model, n, backend);
        Assert.Equal(0, Allocations.Measure(() => estimator.Estimate(contexts, n, output)));
    }

    [Fact]
    public void Bad_arguments_are_rejected_naming_the_parameter()
    {
        Assert.Throws<ArgumentOutOfRangeException>("maxStreams", () => new GtNetBatchEstimator(GtNetModel.Causal, 0));
        using var estimator = new GtNetBatchEstimator(GtNetModel.Causal, 4);
        int c = estimator.ContextLength, o = estimator.OutputLength;
        Assert.Throws<ArgumentOutOfRangeException>("streams", () => estimator.Estimate(new float[5 * c], 5, new float[5 * o]));
        Assert.Throws<ArgumentException>("contexts", () => estimator.Estimate(new float[c], 2, new float[2 * o]));
        Assert.Throws<ArgumentException>("derivatives", () => estimator.Estimate(new float[2 * c], 2, new float[o]));
    }
}

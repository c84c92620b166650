using BenchmarkDotNet.Attributes;
using Phase.Neural;
using Phase.Neural.GtNet;

namespace Phase.Benchmarks.Neural;

/// <summary>
/// Many streams, one run (issue 10): the gtnet network (look-ahead 1, 513 bins) for one frame of each of N streams in
/// one <see cref="GtNetBatchEstimator.Estimate"/>, managed and ONNX Runtime CPU (one intra-op thread). Divide the median
/// by N for the per-stream cost; compare with N = 1 (one call per stream, as in streaming).
/// </summary>
[Config(typeof(BenchConfig))]
public class GtNetBatchBenchmarks
{
    private GtNetBatchEstimator _managed = null!;
    private GtNetBatchEstimator _ort = null!;
    private float[] _contexts = null!;
    private float[] _output = null!;

    [Params(1, 8, 64)]
    public int N { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        GtNetModel model = GtNetModel.Lookahead;
        _managed = new GtNetBatchEstimator(model, N);
        _ort = new GtNetBatchEstimator(model, N, NeuralBackend.OnnxRuntime);
        _contexts = new float[N * _managed.ContextLength];
        var rng = new Random(5);
        for (int i = 0; i < _contexts.Length; i++)
        {
            _contexts[i] = (float)(rng.NextDouble() * rng.NextDouble());
        }

        _output = new float[N * _managed.OutputLength];
        Managed();
        OnnxRuntime();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _managed.Dispose();
        _ort.Dispose();
    }

    [Benchmark(Baseline = true, Description = "gtnet batch managed")]
    public void Managed() => _managed.Estimate(_contexts, N, _output);

    [Benchmark(Description = "gtnet batch ONNX Runtime CPU")]
    public void OnnxRuntime() => _ort.Estimate(_contexts, N, _output);
}

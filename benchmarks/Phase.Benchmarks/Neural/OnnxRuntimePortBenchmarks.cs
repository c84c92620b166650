using BenchmarkDotNet.Attributes;
using Phase.Neural.GtNet;
using Phase.Neural.OnnxRuntime;

namespace Phase.Benchmarks.Neural;

/// <summary>
/// One call of the gtnet network per frame (<c>[1, C, 513] → [1, 2, 513]</c>) on Microsoft.ML.OnnxRuntime.Managed
/// 1.32.0 with the CPU package, one intra-op thread: <see cref="OnnxRuntimeSession.Run"/> (copy into a pinned buffer,
/// <c>RunWithBinding</c>, copy out) against an <see cref="OnnxRuntimeBinding"/> filled in place. The memory diagnoser
/// must show 0 B for both. (Until the port of issue 10 this class also ran Phase's former hand-written C-API binding
/// in the same run; that comparison is recorded in docs/neural.md.)
/// </summary>
[Config(typeof(BenchConfig))]
public class OnnxRuntimePortBenchmarks
{
    private OnnxRuntimeSession _new = null!;
    private OnnxRuntimeBinding _binding = null!;
    private float[] _input = null!;
    private float[] _output = null!;
    private long[] _inputShape = null!;
    private long[] _outputShape = null!;

    [Params("gtnet-causal", "gtnet-lookahead")]
    public string Model { get; set; } = "gtnet-causal";

    [GlobalSetup]
    public void Setup()
    {
        GtNetModel model = Model == "gtnet-causal" ? GtNetModel.Causal : GtNetModel.Lookahead;
        byte[] bytes = model.Onnx.Bytes.ToArray();
        _new = new OnnxRuntimeSession(bytes);
        _inputShape = [1, model.ContextFrames, model.BinCount];
        _outputShape = [1, 2, model.BinCount];
        _input = new float[model.ContextFrames * model.BinCount];
        _output = new float[2 * model.BinCount];
        var rng = new Random(11);
        for (int i = 0; i < _input.Length; i++)
        {
            _input[i] = (float)rng.NextDouble();
        }

        _binding = _new.CreateBinding();
        _input.CopyTo(_binding.BindInput(0, _inputShape));
        _binding.BindOutput(0, _outputShape);
        NewRun();
        _binding.Run();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _new.Dispose();
    }

    [Benchmark(Baseline = true, Description = "OnnxRuntimeSession.Run (RunWithBinding + copies)")]
    public void NewRun() => _new.Run("magnitude", _input, _inputShape, "derivatives", _output, _outputShape);

    [Benchmark(Description = "OnnxRuntimeBinding.Run (in place)")]
    public void NewBinding() => _binding.Run();
}

using BenchmarkDotNet.Attributes;
using Phase.Neural.GtNet;
using Phase.Neural.OnnxRuntime;

namespace Phase.Benchmarks.Neural;

/// <summary>
/// Old against new ONNX Runtime path in one run (issue 10): Phase's former hand-written C-API binding
/// (<c>LegacyOnnxRuntimeSession</c>: native buffers, <c>OrtApi.Run</c>) against <see cref="OnnxRuntimeSession.Run"/> on
/// Microsoft.ML.OnnxRuntime.Managed 1.32.0 (copy into a pinned buffer, <c>RunWithBinding</c>, copy out) and against
/// an <see cref="OnnxRuntimeBinding"/> filled in place. Both load the same native library (the Microsoft.ML.OnnxRuntime
/// 1.32.0 CPU package of this project), one intra-op thread; one call of the gtnet network per frame
/// (<c>[1, C, 513] → [1, 2, 513]</c>). The memory diagnoser must show 0 B for all three.
/// </summary>
[Config(typeof(BenchConfig))]
public class OnnxRuntimePortBenchmarks
{
    private LegacyOnnxRuntimeSession _old = null!;
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
        _old = new LegacyOnnxRuntimeSession(bytes);
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
        OldRun();
        NewRun();
        _binding.Run();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _old.Dispose();
        _new.Dispose();
    }

    [Benchmark(Baseline = true, Description = "old: Phase C-API binding, Run")]
    public void OldRun() => _old.Run("magnitude", _input, _inputShape, "derivatives", _output, _outputShape);

    [Benchmark(Description = "new: OnnxRuntimeSession.Run (Managed 1.32, RunWithBinding + copies)")]
    public void NewRun() => _new.Run("magnitude", _input, _inputShape, "derivatives", _output, _outputShape);

    [Benchmark(Description = "new: OnnxRuntimeBinding.Run (in place)")]
    public void NewBinding() => _binding.Run();
}

using BenchmarkDotNet.Attributes;
using Phase.Neural.OnnxRuntime;

namespace Phase.Benchmarks.Neural;

/// <summary>
/// The cost of one <see cref="OnnxRuntimeSession.Run"/> on ONNX Runtime's CPU provider (one intra-op thread) for the
/// tiny test models of tests/Phase.Neural.Tests/OnnxRuntime/Models: <c>matmul_add</c> (x[1,4]·W[4,3]+b, 15 weights:
/// almost pure call overhead), <c>conv1d</c> (Conv1d 3→5, k 4, 32 samples) and <c>conv_transpose1d</c>
/// (ConvTranspose1d 4→2, k 5, stride 3, 10 frames). The memory diagnoser must show 0 B per call.
/// The native library comes from this project's Microsoft.ML.OnnxRuntime 1.32.0 (CPU) package.
/// </summary>
[Config(typeof(BenchConfig))]
public class OnnxRuntimeRunBenchmarks
{
    private OnnxRuntimeSession _session = null!;
    private float[] _input = null!;
    private float[] _output = null!;
    private long[] _inputShape = null!;
    private long[] _outputShape = null!;

    [Params("matmul_add", "conv1d", "conv_transpose1d")]
    public string Model { get; set; } = "matmul_add";

    [GlobalSetup]
    public void Setup()
    {
        if (!OnnxRuntimeSession.IsAvailable(out string reason))
        {
            throw new InvalidOperationException(reason);
        }

        _session = new OnnxRuntimeSession(ModelPath(Model + ".onnx"));
        var input = _session.Inputs[0];
        var output = _session.Outputs[0];
        _inputShape = input.Shape.Select(d => d < 0 ? 1 : d).ToArray();
        _outputShape = output.Shape.Select(d => d < 0 ? 1 : d).ToArray();
        _input = new float[_inputShape.Aggregate(1L, (a, b) => a * b)];
        _output = new float[_outputShape.Aggregate(1L, (a, b) => a * b)];
        var rng = new Random(11);
        for (int i = 0; i < _input.Length; i++)
        {
            _input[i] = (float)(2 * rng.NextDouble() - 1);
        }

        _session.Run(input.Name, _input, _inputShape, output.Name, _output, _outputShape);
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark(Description = "OnnxRuntimeSession.Run (CPU, 1 thread)")]
    public void Run() => _session.Run("x", _input, _inputShape, "y", _output, _outputShape);

    private static string ModelPath(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "Phase.Neural.Tests", "OnnxRuntime", "Models", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{fileName} not found under tests/Phase.Neural.Tests/OnnxRuntime/Models above {AppContext.BaseDirectory}.");
    }
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Phase.Benchmarks.Iterative;
using Phase.Benchmarks.Stft;
using Phase.Neural.Mcnn;
using Phase.Stft;

namespace Phase.Benchmarks.Neural;

/// <summary>
/// MCNN offline on 10 s of speech (22050 Hz, hop 256; the shipped 4-head model), one thread: managed inference and —
/// when Phase.Neural is built with its ONNX Runtime layer — ONNX Runtime CPU, in "× real time". Goal (issue 5): ≥ 20×
/// real time on CPU; issue 11: ≥ 150× managed with level matching (the "no level matching" row is the network and
/// chunking alone, for the ratio).
/// </summary>
[Config(typeof(Config))]
public class McnnBenchmarks
{
    private McnnReconstructor _managed = null!;
    private McnnReconstructor _ort = null!;
    private McnnReconstructor _raw = null!;
    private MagnitudeSpectrogram _target = null!;

    [GlobalSetup]
    public void Setup()
    {
        var settings = new StftSettings(1024, 256, sampleRate: SpeechClip.SampleRate);
        _target = settings.StftMagnitude(SpeechClip.TenSeconds());
        _managed = new McnnReconstructor(settings);
        _ort = new McnnReconstructor(settings) { Backend = Phase.Neural.NeuralBackend.OnnxRuntime };
        _raw = new McnnReconstructor(settings) { MatchLevels = false };
        _ = McnnModel.Shipped;
    }

    [Benchmark(Baseline = true, Description = "MCNN managed, 10 s")]
    public PhaseReconstruction Managed() => _managed.Reconstruct(_target);

    [Benchmark(Description = "MCNN managed, no level matching, 10 s")]
    public PhaseReconstruction ManagedRaw() => _raw.Reconstruct(_target);

    [Benchmark(Description = "MCNN ONNX Runtime CPU, 10 s")]
    public PhaseReconstruction OnnxRuntime() => _ort.Reconstruct(_target);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RealTimeFactorColumn(_ => SpeechClip.Seconds));
    }
}

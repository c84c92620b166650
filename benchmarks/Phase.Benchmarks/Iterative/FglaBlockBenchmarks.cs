using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Phase.Benchmarks.Stft;
using Phase.Iterative;
using Phase.Stft;

namespace Phase.Benchmarks.Iterative;

/// <summary>
/// Tuning: one FGLA iteration on 10 s of speech (862 frames of 1024, hop 256) for several transform block sizes (frames
/// per batched FFT block in <see cref="GriffinLimPlan"/>), and the cost of starting a run (SPSI initial phase, copying the
/// target, configuring the edge projection).
/// </summary>
[Config(typeof(Config))]
public class FglaBlockBenchmarks
{
    private GriffinLimPlan _plan = null!;
    private MagnitudeSpectrogram _target = null!;

    [Params(4, 8, 16, 32)]
    public int Block { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var settings = new StftSettings(1024, 256, sampleRate: SpeechClip.SampleRate);
        _target = settings.StftMagnitude(SpeechClip.TenSeconds());
        _plan = new GriffinLimPlan(settings, FastGriffinLim.DefaultAlpha, accelerated: true, blockFrames: Block);
        _plan.Start(_target);
        _plan.Iterate(3);
    }

    [GlobalCleanup]
    public void Cleanup() => _plan.Dispose();

    [Benchmark(Description = "FGLA: 1 iteration, 10 s")]
    public int Iteration() => _plan.Iterate(1);

    [Benchmark(Description = "Start (SPSI initial phase), 10 s")]
    public void Start() => _plan.Start(_target);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RealTimeFactorColumn(_ => SpeechClip.Seconds));
    }
}

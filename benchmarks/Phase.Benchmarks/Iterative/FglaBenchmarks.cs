using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Phase.Benchmarks.Stft;
using Phase.Iterative;
using Phase.Stft;

namespace Phase.Benchmarks.Iterative;

/// <summary>
/// FGLA and GLA on 10 s of speech at 22050 Hz, Hann 1024, hop 256 (862 frames), one thread: one iteration on a started
/// plan, and the whole 100-iteration reconstruction (start with the default SPSI initial phase, 100 iterations, write
/// the signal) with a reused plan. "× real time" is 10 s divided by the median (per iteration: one iteration's time).
/// </summary>
[Config(typeof(Config))]
public class FglaBenchmarks
{
    private GriffinLimPlan _fgla = null!;
    private GriffinLimPlan _gla = null!;
    private MagnitudeSpectrogram _target = null!;
    private float[] _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        var settings = new StftSettings(1024, 256, sampleRate: SpeechClip.SampleRate);
        float[] speech = SpeechClip.TenSeconds();
        _target = settings.StftMagnitude(speech);
        _output = new float[speech.Length];
        _fgla = new FastGriffinLim(settings).CreatePlan();
        _gla = new GriffinLim(settings).CreatePlan();
        var options = new ReconstructionOptions { SignalLength = speech.Length };
        _fgla.Start(_target, PhaseInitialization.Spsi, options);
        _gla.Start(_target, PhaseInitialization.Spsi, options);
        _fgla.Iterate(3);
        _gla.Iterate(3);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fgla.Dispose();
        _gla.Dispose();
    }

    [Benchmark(Baseline = true, Description = "FGLA: 1 iteration, 10 s")]
    public int FglaIteration() => _fgla.Iterate(1);

    [Benchmark(Description = "GLA: 1 iteration, 10 s")]
    public int GlaIteration() => _gla.Iterate(1);

    [Benchmark(Description = "FGLA 100 iterations, 10 s (start + run + signal)")]
    public void Fgla100()
    {
        _fgla.Start(_target, PhaseInitialization.Spsi, new ReconstructionOptions { SignalLength = _output.Length });
        _fgla.Iterate(100);
        _fgla.WriteSignal(_output);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RealTimeFactorColumn(_ => SpeechClip.Seconds));
    }
}

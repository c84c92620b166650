using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Phase.Benchmarks.Stft;
using Phase.Iterative;
using Phase.Stft;

namespace Phase.Benchmarks.Iterative;

/// <summary>
/// The same Griffin-Lim iteration on the same 10 s of speech (862 frames of 1024, hop 256), written straightforwardly
/// over MathNet.Numerics' FFT (<see cref="MathNetGriffinLim"/>), next to Phase's GLA and FGLA iteration. Few
/// invocations: one MathNet iteration takes tens of milliseconds.
/// </summary>
[Config(typeof(Config))]
public class MathNetGlaBenchmarks
{
    private MathNetGriffinLim _mathNet = null!;
    private GriffinLimPlan _gla = null!;

    [GlobalSetup]
    public void Setup()
    {
        var settings = new StftSettings(1024, 256, sampleRate: SpeechClip.SampleRate);
        float[] speech = SpeechClip.TenSeconds();
        MagnitudeSpectrogram target = settings.StftMagnitude(speech);
        _mathNet = new MathNetGriffinLim(target.Values.ToArray(), target.FrameCount, 1024, 256, seed: 1);
        _gla = new GriffinLim(settings).CreatePlan();
        _gla.Start(target, PhaseInitialization.Random, new ReconstructionOptions { Seed = 1 });
        _mathNet.Iterate();
        _gla.Iterate(1);
    }

    [GlobalCleanup]
    public void Cleanup() => _gla.Dispose();

    [Benchmark(Baseline = true, Description = "GLA over MathNet FFT: 1 iteration, 10 s")]
    public void MathNetIteration() => _mathNet.Iterate();

    [Benchmark(Description = "Phase GLA: 1 iteration, 10 s")]
    public int PhaseIteration() => _gla.Iterate(1);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithWarmupCount(2).WithIterationCount(8));
            AddColumn(new RealTimeFactorColumn(_ => SpeechClip.Seconds));
        }
    }
}

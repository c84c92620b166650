using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Phase.Benchmarks.Stft;
using Phase.Iterative;
using Phase.Stft;

namespace Phase.Benchmarks.Iterative;

/// <summary>
/// One streaming call (one magnitude frame in, one hop out) of RTISI-LA (3 look-ahead frames, 8 rounds; default momentum
/// α = 0.7 and the paper's α = 0) and SPSI at
/// 22050 Hz, Hann 1024, hop 256, on speech frames; "× real time" is one hop (11.6 ms) divided by the median. The memory
/// diagnoser must show 0 B: the real-time paths allocate nothing. Also SPSI offline on 10 s.
/// </summary>
[Config(typeof(Config))]
public class StreamingIterativeBenchmarks
{
    private const int Hop = 256;

    private RtisiLaStreamingReconstructor _rtisi = null!;
    private RtisiLaStreamingReconstructor _rtisiPaper = null!;
    private SpsiStreamingReconstructor _spsi = null!;
    private Spsi _spsiOffline = null!;
    private MagnitudeSpectrogram _target = null!;
    private float[] _output = null!;
    private int _frame;

    [Params(3)]
    public int Lookahead { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var settings = new StftSettings(1024, Hop, sampleRate: SpeechClip.SampleRate);
        _target = settings.StftMagnitude(SpeechClip.TenSeconds());
        _rtisi = new RtisiLa(settings) { LookaheadFrames = Lookahead, IterationsPerFrame = 8 }.CreateStreaming();
        _rtisiPaper = new RtisiLa(settings) { LookaheadFrames = Lookahead, IterationsPerFrame = 8, Alpha = 0 }.CreateStreaming();
        _spsi = new SpsiStreamingReconstructor(settings);
        _spsiOffline = new Spsi(settings);
        _output = new float[Hop];

        // Past the start-up frames, so the steady state is measured.
        for (int i = 0; i < 16; i++)
        {
            Next(_rtisi);
            Next(_rtisiPaper);
            Next(_spsi);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rtisi.Dispose();
        _rtisiPaper.Dispose();
        _spsi.Dispose();
    }

    [Benchmark(Baseline = true, Description = "RTISI-LA (L, 8): frame → hop")]
    public void RtisiLaFrame() => Next(_rtisi);

    [Benchmark(Description = "RTISI-LA (L, 8), α = 0: frame → hop")]
    public void RtisiLaPaperFrame() => Next(_rtisiPaper);

    [Benchmark(Description = "SPSI: frame → hop")]
    public void SpsiFrame() => Next(_spsi);

    [Benchmark(Description = "SPSI offline, 10 s")]
    public PhaseReconstruction SpsiOffline() => _spsiOffline.Reconstruct(_target);

    private void Next(IStreamingPhaseReconstructor reconstructor)
    {
        // Cycle through the speech frames (wrapping keeps the stream going without a reset).
        reconstructor.ProcessFrame(_target.Frame(_frame), _output);
        _frame = (_frame + 1) % _target.FrameCount;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RealTimeFactorColumn(name => name == nameof(SpsiOffline) ? SpeechClip.Seconds : (double)Hop / SpeechClip.SampleRate));
    }
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Phase.Benchmarks.Iterative;
using Phase.Benchmarks.Stft;
using Phase.GradientTheorem;
using Phase.Stft;

namespace Phase.Benchmarks.GradientTheorem;

/// <summary>
/// One streaming call (one magnitude frame in, one hop out, synthesis included) of RTPGHI and of least-squares
/// integration (gtls) with one frame of look-ahead and causal, at 22050 Hz, Hann 1024, hop 256, on speech frames;
/// "× real time" is one hop (11.6 ms) divided by the median. The memory diagnoser must show 0 B. Goals (issue 4, one
/// thread): RTPGHI ≥ 400× real time (C reference 188×), gtls ≥ 1500×. Also the analytic gradient estimate alone and
/// offline PGHI on 10 s.
/// </summary>
[Config(typeof(Config))]
public class StreamingGradientBenchmarks
{
    private const int Hop = 256;

    private RtpghiStreamingReconstructor _rtpghi = null!;
    private LeastSquaresIntegrationStreamingReconstructor _gtls = null!;
    private IPhaseGradientSource _analytic = null!;
    private Pghi _pghi = null!;
    private MagnitudeSpectrogram _target = null!;
    private float[] _output = null!;
    private float[] _context = null!;
    private float[] _advance = null!;
    private float[] _step = null!;
    private int _frame;
    private long _analyticFrame = 1000;

    [Params(1, 0)]
    public int Lookahead { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var settings = new StftSettings(1024, Hop, sampleRate: SpeechClip.SampleRate);
        _target = settings.StftMagnitude(SpeechClip.TenSeconds());
        var gradients = new AnalyticPhaseGradients(Lookahead);
        _rtpghi = new Rtpghi(settings) { Gradients = gradients }.CreateStreaming();
        _gtls = new LeastSquaresIntegration(settings) { Gradients = gradients }.CreateStreaming();
        _analytic = gradients.CreateSource(settings);
        _pghi = new Pghi(settings);
        _output = new float[Hop];
        int bins = settings.BinCount;
        _context = new float[3 * bins];
        _target.Values.Slice(100 * bins, 3 * bins).CopyTo(_context);
        _advance = new float[bins];
        _step = new float[bins];

        // Past the start-up frames, so the steady state is measured.
        for (int i = 0; i < 16; i++)
        {
            Next(_rtpghi);
            Next(_gtls);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _rtpghi.Dispose();
        _gtls.Dispose();
        _analytic.Dispose();
    }

    [Benchmark(Baseline = true, Description = "RTPGHI: frame → hop")]
    public void RtpghiFrame() => Next(_rtpghi);

    [Benchmark(Description = "gtls: frame → hop")]
    public void LeastSquaresFrame() => Next(_gtls);

    [Benchmark(Description = "analytic gradients of one frame")]
    public void AnalyticGradients()
    {
        // A new frame index each call, so the logarithm of the newest frame is computed as in streaming.
        int bins = _advance.Length, history = _analytic.HistoryFrames;
        var context = new PhaseGradientContext(_context.AsSpan(0, (history + 1 + _analytic.LookaheadFrames) * bins), bins,
            history, _analytic.LookaheadFrames, _analyticFrame++, history, _analytic.LookaheadFrames);
        _analytic.Estimate(context, _advance, _step);
    }

    [Benchmark(Description = "PGHI offline, 10 s")]
    public PhaseReconstruction PghiOffline() => _pghi.Reconstruct(_target);

    private void Next(IStreamingPhaseReconstructor reconstructor)
    {
        // Cycle through the speech frames (wrapping keeps the stream going without a reset).
        reconstructor.ProcessFrame(_target.Frame(_frame), _output);
        _frame = (_frame + 1) % _target.FrameCount;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RealTimeFactorColumn(name => name == nameof(PghiOffline) ? SpeechClip.Seconds : (double)Hop / SpeechClip.SampleRate));
    }
}

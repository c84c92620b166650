using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Phase.Benchmarks.Iterative;
using Phase.Benchmarks.Stft;
using Phase.GradientTheorem;
using Phase.Neural.GtNet;
using Phase.Stft;

namespace Phase.Benchmarks.Neural;

/// <summary>
/// gtnet per frame at 22050 Hz, Hann 1024, hop 256, on speech frames (one thread): the whole streaming call (network +
/// least-squares integration + synthesis, one magnitude frame in, one hop out) and the network alone (one
/// <see cref="IPhaseGradientSource.Estimate"/>), managed and — when Phase.Neural is built with its ONNX Runtime layer —
/// ONNX Runtime CPU. Goal (issue 5): ≤ 20 µs per frame for network + LS solve, 0 B allocated.
/// </summary>
[Config(typeof(Config))]
public class GtNetBenchmarks
{
    private const int Hop = 256;

    private IStreamingPhaseReconstructor _managed = null!;
    private IPhaseGradientSource _network = null!;
    private IStreamingPhaseReconstructor _ort = null!;
    private IPhaseGradientSource _ortNetwork = null!;
    private MagnitudeSpectrogram _target = null!;
    private float[] _output = null!;
    private float[] _context = null!;
    private float[] _advance = null!;
    private float[] _step = null!;
    private int _frame;
    private long _networkFrame = 1000;

    [Params(1, 0)]
    public int Lookahead { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var settings = new StftSettings(1024, Hop, sampleRate: SpeechClip.SampleRate);
        _target = settings.StftMagnitude(SpeechClip.TenSeconds());
        var gtnet = new GtNetReconstructor(settings) { LookaheadFrames = Lookahead };
        _managed = gtnet.CreateStreaming();
        _network = gtnet.Model.CreateSource(settings);
        var ort = new GtNetReconstructor(settings) { LookaheadFrames = Lookahead, Backend = Phase.Neural.NeuralBackend.OnnxRuntime };
        _ort = ort.CreateStreaming();
        _ortNetwork = ort.CreateEstimator().CreateSource(settings);
        _output = new float[Hop];
        int bins = settings.BinCount;
        int frames = gtnet.Model.ContextFrames;
        _context = new float[frames * bins];
        _target.Values.Slice(100 * bins, frames * bins).CopyTo(_context);
        _advance = new float[bins];
        _step = new float[bins];
        for (int i = 0; i < 16; i++)
        {
            Next(_managed);
            Next(_ort);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _managed.Dispose();
        _network.Dispose();
        _ort.Dispose();
        _ortNetwork.Dispose();
    }

    [Benchmark(Baseline = true, Description = "gtnet managed: frame → hop")]
    public void ManagedFrame() => Next(_managed);

    [Benchmark(Description = "gtnet managed: network only")]
    public void ManagedNetwork() => Estimate(_network);

    [Benchmark(Description = "gtnet ONNX Runtime CPU: frame → hop")]
    public void OnnxRuntimeFrame() => Next(_ort);

    [Benchmark(Description = "gtnet ONNX Runtime CPU: network only")]
    public void OnnxRuntimeNetwork() => Estimate(_ortNetwork);

    private void Estimate(IPhaseGradientSource source)
    {
        // A new frame index each call, so the newest frame's logarithm is computed as in streaming.
        int bins = _advance.Length;
        var context = new PhaseGradientContext(_context, bins, source.HistoryFrames, source.LookaheadFrames, _networkFrame++, source.HistoryFrames, source.LookaheadFrames);
        source.Estimate(context, _advance, _step);
    }

    private void Next(IStreamingPhaseReconstructor reconstructor)
    {
        reconstructor.ProcessFrame(_target.Frame(_frame), _output);
        _frame = (_frame + 1) % _target.FrameCount;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RealTimeFactorColumn(_ => (double)Hop / SpeechClip.SampleRate));
    }
}

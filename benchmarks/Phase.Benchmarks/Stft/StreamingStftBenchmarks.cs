using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Phase.Stft;

namespace Phase.Benchmarks.Stft;

/// <summary>
/// One call of the streaming analyser (one hop in, one frame out) and of the synthesiser (one frame in, one hop out) at
/// 22050 Hz, Hann 1024, hop 256. The memory diagnoser must show 0 B: the real-time paths allocate nothing.
/// </summary>
[Config(typeof(Config))]
public class StreamingStftBenchmarks
{
    private const int SampleRate = 22050;
    private const int Hop = 256;

    private StreamingStftAnalyzer _analyzer = null!;
    private StreamingStftSynthesizer _synthesizer = null!;
    private float[] _hop = null!;
    private float[] _real = null!;
    private float[] _imag = null!;
    private float[] _magnitudes = null!;
    private float[] _output = null!;

    [GlobalSetup]
    public void Setup()
    {
        var settings = new StftSettings(1024, Hop, sampleRate: SampleRate);
        _analyzer = new StreamingStftAnalyzer(settings);
        _synthesizer = new StreamingStftSynthesizer(settings);
        var rng = new Random(7);
        _hop = new float[Hop];
        for (int i = 0; i < Hop; i++)
        {
            _hop[i] = (float)(2 * rng.NextDouble() - 1);
        }

        _real = new float[settings.BinCount];
        _imag = new float[settings.BinCount];
        _magnitudes = new float[settings.BinCount];
        _output = new float[Hop];

        // Run past the start-up frames so the steady state is measured.
        for (int i = 0; i < 8; i++)
        {
            _analyzer.Process(_hop, _real, _imag);
            _synthesizer.Process(_real, _imag, _output);
        }
    }

    [Benchmark(Description = "analyser: hop → frame")]
    public void Analyze() => _analyzer.Process(_hop, _real, _imag);

    [Benchmark(Description = "analyser: hop → |frame|")]
    public void AnalyzeMagnitude() => _analyzer.ProcessMagnitude(_hop, _magnitudes);

    [Benchmark(Description = "synthesiser: frame → hop")]
    public void Synthesize() => _synthesizer.Process(_real, _imag, _output);

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new RealTimeFactorColumn(_ => (double)Hop / SampleRate));
    }
}

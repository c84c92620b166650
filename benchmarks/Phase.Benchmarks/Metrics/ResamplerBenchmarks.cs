using BenchmarkDotNet.Attributes;
using Phase.Resampling;

namespace Phase.Benchmarks.Metrics;

/// <summary>Polyphase resampling of 3 s of noise to 10 kHz (80 dB default design), plan reused; and the cost of designing
/// the filter.</summary>
public class ResamplerBenchmarks
{
    private float[] _input = [];
    private float[] _output = [];
    private PolyphaseResampler _resampler = null!;

    [Params(16000, 44100, 48000)]
    public int InputRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        _input = new float[3 * InputRate];
        for (int i = 0; i < _input.Length; i++)
        {
            _input[i] = (float)(2 * rng.NextDouble() - 1);
        }

        _resampler = new PolyphaseResampler(InputRate, 10000);
        _output = new float[_resampler.OutputLength(_input.Length)];
    }

    [Benchmark(Baseline = true)]
    public void Process() => _resampler.Process(_input, _output);

    [Benchmark]
    public PolyphaseResampler Design() => new(InputRate, 10000);
}

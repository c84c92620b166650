using BenchmarkDotNet.Attributes;
using Phase.Metrics;

namespace Phase.Benchmarks.Metrics;

/// <summary>STOI and ESTOI of a 3 s speech-like clip with added noise, at a rate that needs no resampling (10 kHz), a
/// simple ratio (16 kHz) and a long-filter ratio (44.1 kHz: 100 filter phases).</summary>
public class IntelligibilityBenchmarks
{
    private float[] _clean = [];
    private float[] _noisy = [];

    [Params(10000, 16000, 44100)]
    public int SampleRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int n = 3 * SampleRate;
        var rng = new Random(1234);
        _clean = new float[n];
        _noisy = new float[n];
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / SampleRate;
            double voice = 0;
            for (int h = 1; h <= 25; h++)
            {
                voice += Math.Sin(2 * Math.PI * 130 * h * t) / h;
            }

            double syllables = Math.Max(0, Math.Sin(2 * Math.PI * 3.1 * t));
            _clean[i] = (float)(0.2 * syllables * voice);
            _noisy[i] = _clean[i] + (float)(0.05 * (2 * rng.NextDouble() - 1));
        }
    }

    [Benchmark(Baseline = true)]
    public double Stoi() => QualityMetrics.Stoi(_noisy, _clean, SampleRate);

    [Benchmark]
    public double Estoi() => QualityMetrics.Estoi(_noisy, _clean, SampleRate);

    [Benchmark]
    public IntelligibilityScores Both() => QualityMetrics.Intelligibility(_noisy, _clean, SampleRate);
}

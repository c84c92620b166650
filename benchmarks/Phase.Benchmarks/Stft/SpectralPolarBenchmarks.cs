using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Phase.Spectral;

namespace Phase.Benchmarks.Stft;

/// <summary>
/// <see cref="SpectralOps.PolarToComplex"/> on one STFT frame of K bins (513: N = 1024; 1025: N = 2048): the vectorised
/// sine/cosine kernel against the previous implementation (<see cref="TensorPrimitives.SinCos{T}(ReadOnlySpan{T}, Span{T}, Span{T})"/>
/// in 256-sample chunks, then two multiplies), reproduced here as the baseline. Phases are principal values (what the
/// reconstructors pass); "Large" phases are spread over ±10⁵ rad (still the vectorised range, |φ| ≤ 2²⁰).
/// </summary>
public class SpectralPolarBenchmarks
{
    private const int Chunk = 256;
    private float[] _magnitude = [], _phase = [], _largePhase = [], _real = [], _imag = [];

    [Params(513, 1025)]
    public int Bins { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        _magnitude = Enumerable.Range(0, Bins).Select(_ => (float)rng.NextDouble()).ToArray();
        _phase = Enumerable.Range(0, Bins).Select(_ => (float)((rng.NextDouble() * 2 * Math.PI) - Math.PI)).ToArray();
        _largePhase = Enumerable.Range(0, Bins).Select(_ => (float)((rng.NextDouble() - 0.5) * 2e5)).ToArray();
        _real = new float[Bins];
        _imag = new float[Bins];
    }

    [Benchmark(Baseline = true, Description = "TensorPrimitives.SinCos (previous)")]
    public void SinCosChunked() => SinCosReference(_magnitude, _phase, _real, _imag);

    [Benchmark(Description = "PolarToComplex")]
    public void PolarToComplex() => SpectralOps.PolarToComplex(_magnitude, _phase, _real, _imag);

    [Benchmark(Description = "PolarToComplex, |φ| ≤ 1e5")]
    public void PolarToComplexLarge() => SpectralOps.PolarToComplex(_magnitude, _largePhase, _real, _imag);

    private static void SinCosReference(ReadOnlySpan<float> magnitude, ReadOnlySpan<float> phase, Span<float> real, Span<float> imag)
    {
        Span<float> sin = stackalloc float[Chunk];
        Span<float> cos = stackalloc float[Chunk];
        for (int i = 0; i < magnitude.Length; i += Chunk)
        {
            int c = Math.Min(Chunk, magnitude.Length - i);
            TensorPrimitives.SinCos(phase.Slice(i, c), sin[..c], cos[..c]);
            TensorPrimitives.Multiply(magnitude.Slice(i, c), sin[..c], imag.Slice(i, c));
            TensorPrimitives.Multiply(magnitude.Slice(i, c), cos[..c], real.Slice(i, c));
        }
    }
}

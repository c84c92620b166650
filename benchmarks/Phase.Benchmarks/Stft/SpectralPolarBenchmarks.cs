using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using Phase.Spectral;

namespace Phase.Benchmarks.Stft;

/// <summary>
/// <see cref="SpectralOps.PolarToComplex"/> on one STFT frame of K bins (513: N = 1024; 1025: N = 2048): the vectorised
/// sine/cosine kernel against the previous implementation (<see cref="TensorPrimitives.SinCos{T}(ReadOnlySpan{T}, Span{T}, Span{T})"/>
/// in 256-sample chunks, then two multiplies), reproduced here as the baseline, and the Vector256 kernel Phase.GradientTheorem
/// had before it shared this one (float Cody–Waite reduction, valid for |φ| ≲ 10³), reproduced here too. Phases are principal values (what the
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

    [Benchmark(Description = "previous GradientTheorem kernel (Vector256, |φ| ≲ 1e3)")]
    public void PreviousGradientKernel() => PreviousGradientTheoremKernel(_magnitude, _phase, _real, _imag);

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

    // The kernel of Phase.GradientTheorem's PhaseMath before this change (its Vector256 body; 513 and 1025 leave one
    // element for the tail, where MathF stands in for its scalar polynomial).
    private const float HalfPiHigh = 1.5707963705062866f, HalfPiLow = -4.371139000186243e-8f, TwoOverPi = 0.63661977236758134f;
    private const float S3 = -1f / 6, S5 = 1f / 120, S7 = -1f / 5040, S9 = 1f / 362880;
    private const float C2 = -0.5f, C4 = 1f / 24, C6 = -1f / 720, C8 = 1f / 40320;

    private static void PreviousGradientTheoremKernel(ReadOnlySpan<float> magnitude, ReadOnlySpan<float> phase, Span<float> real, Span<float> imag)
    {
        int n = magnitude.Length;
        ref float m = ref MemoryMarshal.GetReference(magnitude);
        ref float p = ref MemoryMarshal.GetReference(phase);
        ref float re = ref MemoryMarshal.GetReference(real);
        ref float im = ref MemoryMarshal.GetReference(imag);
        int i = 0;
        for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            Vector256<float> x = Vector256.LoadUnsafe(ref p, (nuint)i);
            Vector256<float> q = Vector256.Round(x * TwoOverPi);
            Vector256<int> qi = Vector256.ConvertToInt32(q);
            Vector256<float> r = (x - (q * HalfPiHigh)) - (q * HalfPiLow);
            Vector256<float> r2 = r * r;
            Vector256<float> sin = r + (r * r2 * (Vector256.Create(S3) + (r2 * (Vector256.Create(S5) + (r2 * (Vector256.Create(S7) + (r2 * S9)))))));
            Vector256<float> cos = Vector256<float>.One + (r2 * (Vector256.Create(C2) + (r2 * (Vector256.Create(C4) + (r2 * (Vector256.Create(C6) + (r2 * C8)))))));
            Vector256<float> swap = Vector256.Equals(qi & Vector256<int>.One, Vector256<int>.One).AsSingle();
            Vector256<float> s = Vector256.ConditionalSelect(swap, cos, sin) ^ ((qi & Vector256.Create(2)) << 30).AsSingle();
            Vector256<float> c = Vector256.ConditionalSelect(swap, sin, cos) ^ (((qi + Vector256<int>.One) & Vector256.Create(2)) << 30).AsSingle();
            Vector256<float> mag = Vector256.LoadUnsafe(ref m, (nuint)i);
            (mag * c).StoreUnsafe(ref re, (nuint)i);
            (mag * s).StoreUnsafe(ref im, (nuint)i);
        }

        for (; i < n; i++)
        {
            (float sn, float cs) = MathF.SinCos(Unsafe.Add(ref p, i));
            Unsafe.Add(ref re, i) = Unsafe.Add(ref m, i) * cs;
            Unsafe.Add(ref im, i) = Unsafe.Add(ref m, i) * sn;
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Phase.Spectral;

/// <summary>
/// The polar-to-complex kernel of <see cref="SpectralOps.PolarToComplex"/>: <c>magnitude·(cos φ, sin φ)</c> with a
/// vectorised sine and cosine for phases up to <see cref="Limit"/> in magnitude and the C library's (MathF) for the rest.
/// </summary>
/// <remarks>
/// <para><b>Reduction.</b> <c>q = round(φ·2/π)</c> (float), <c>r = φ − q·π/2</c> evaluated in double with π/2 split as
/// <c>P₁ + P₂</c>, P₁ holding 33 significant bits: for |q| &lt; 2²⁰ the product q·P₁ and the difference φ − q·P₁ are
/// exact, q·P₂ is off by 2⁻⁵³ relative and the split by 3.5·10⁻²⁷·|q|, so r is exact to double rounding — far below
/// float resolution even where φ is close to a multiple of π/2. r is then rounded to float (½ ulp), |r| ≤ π/4 (+ a float
/// rounding of q).</para>
/// <para><b>Polynomials.</b> Taylor series in float, Horner form: sin to r¹¹ (truncation ≤ 2·10⁻⁹ on |r| ≤ 0.8), cos to
/// r¹⁰ (≤ 10⁻¹⁰); quadrant q mod 4 swaps them (odd q) and flips signs by XOR of the sign bit. Together about 1 ulp of
/// the exact value; the product with the magnitude adds ½ ulp. Tested against double <c>Math.Sin/Cos</c>: ≤ 2 ulp for
/// sine and cosine, ≤ 3 ulp for <c>magnitude·cos φ</c> and <c>magnitude·sin φ</c>, for any finite phase.</para>
/// <para><b>Layout.</b> Lanes hold consecutive elements; Vector512, 256 or 128 (the widest accelerated), then a scalar
/// tail that runs the same operations, so every element gets the same value whatever the vector width. A vector with a
/// lane beyond the limit, NaN or ±∞ is done element by element (in-range elements as above, the others with
/// <see cref="MathF.SinCos"/>). Every vector and element reads its magnitude and phase before writing, so the outputs may
/// be the same spans as the inputs.</para>
/// </remarks>
internal static class PolarKernel
{
    /// <summary>Largest |φ| (2²⁰ rad) the vectorised reduction handles; q stays below 2²⁰.</summary>
    public const float Limit = 1048576f;

    private const float TwoOverPi = 0.636619772367581343f;

    // π/2 = HalfPiHigh + HalfPiLow + 3.5·10⁻²⁷; HalfPiHigh = 6746518852·2⁻³² (33 bits).
    private const double HalfPiHigh = 1.5707963267341256;
    private const double HalfPiLow = 6.077100506506192e-11;

    private const float S3 = -1f / 6, S5 = 1f / 120, S7 = -1f / 5040, S9 = 1f / 362880, S11 = -1f / 39916800;
    private const float C2 = -0.5f, C4 = 1f / 24, C6 = -1f / 720, C8 = 1f / 40320, C10 = -1f / 3628800;

    /// <summary><c>real[i] = magnitude[i]·cos(phase[i])</c>, <c>imag[i] = magnitude[i]·sin(phase[i])</c>; the spans
    /// have equal lengths (checked by the caller) and the outputs may alias the inputs.</summary>
    public static void Run(ReadOnlySpan<float> magnitude, ReadOnlySpan<float> phase, Span<float> real, Span<float> imag)
    {
        int n = magnitude.Length;
        ref float m = ref MemoryMarshal.GetReference(magnitude);
        ref float p = ref MemoryMarshal.GetReference(phase);
        ref float re = ref MemoryMarshal.GetReference(real);
        ref float im = ref MemoryMarshal.GetReference(imag);
        int i = 0;

        if (Vector512.IsHardwareAccelerated)
        {
            var limit = Vector512.Create(Limit);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> x = Vector512.LoadUnsafe(ref p, (nuint)i);
                if (!Vector512.LessThanOrEqualAll(Vector512.Abs(x), limit))
                {
                    // A lane out of range (or NaN/±∞): this vector element by element, the exact fallback where needed.
                    Elements(ref m, ref p, ref re, ref im, i, Vector512<float>.Count);
                    continue;
                }

                Vector512<float> q = Vector512.Round(x * TwoOverPi);
                Vector512<double> ql = Vector512.WidenLower(q), qu = Vector512.WidenUpper(q);
                Vector512<double> rl = (Vector512.WidenLower(x) - (ql * HalfPiHigh)) - (ql * HalfPiLow);
                Vector512<double> ru = (Vector512.WidenUpper(x) - (qu * HalfPiHigh)) - (qu * HalfPiLow);
                Vector512<float> r = Vector512.Narrow(rl, ru);
                Vector512<float> r2 = r * r;
                Vector512<float> sin = r + (r * r2 * (Vector512.Create(S3) + (r2 * (Vector512.Create(S5) + (r2 * (Vector512.Create(S7) + (r2 * (Vector512.Create(S9) + (r2 * S11)))))))));
                Vector512<float> cos = Vector512<float>.One + (r2 * (Vector512.Create(C2) + (r2 * (Vector512.Create(C4) + (r2 * (Vector512.Create(C6) + (r2 * (Vector512.Create(C8) + (r2 * C10)))))))));
                Vector512<int> qi = Vector512.ConvertToInt32(q);
                Vector512<float> swap = Vector512.Equals(qi & Vector512<int>.One, Vector512<int>.One).AsSingle();
                Vector512<float> s = Vector512.ConditionalSelect(swap, cos, sin) ^ ((qi & Vector512.Create(2)) << 30).AsSingle();
                Vector512<float> c = Vector512.ConditionalSelect(swap, sin, cos) ^ (((qi + Vector512<int>.One) & Vector512.Create(2)) << 30).AsSingle();
                Vector512<float> mag = Vector512.LoadUnsafe(ref m, (nuint)i);
                (mag * c).StoreUnsafe(ref re, (nuint)i);
                (mag * s).StoreUnsafe(ref im, (nuint)i);
            }
        }

        else if (Vector256.IsHardwareAccelerated)
        {
            var limit = Vector256.Create(Limit);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> x = Vector256.LoadUnsafe(ref p, (nuint)i);
                if (!Vector256.LessThanOrEqualAll(Vector256.Abs(x), limit))
                {
                    // A lane out of range (or NaN/±∞): this vector element by element, the exact fallback where needed.
                    Elements(ref m, ref p, ref re, ref im, i, Vector256<float>.Count);
                    continue;
                }

                Vector256<float> q = Vector256.Round(x * TwoOverPi);
                Vector256<double> ql = Vector256.WidenLower(q), qu = Vector256.WidenUpper(q);
                Vector256<double> rl = (Vector256.WidenLower(x) - (ql * HalfPiHigh)) - (ql * HalfPiLow);
                Vector256<double> ru = (Vector256.WidenUpper(x) - (qu * HalfPiHigh)) - (qu * HalfPiLow);
                Vector256<float> r = Vector256.Narrow(rl, ru);
                Vector256<float> r2 = r * r;
                Vector256<float> sin = r + (r * r2 * (Vector256.Create(S3) + (r2 * (Vector256.Create(S5) + (r2 * (Vector256.Create(S7) + (r2 * (Vector256.Create(S9) + (r2 * S11)))))))));
                Vector256<float> cos = Vector256<float>.One + (r2 * (Vector256.Create(C2) + (r2 * (Vector256.Create(C4) + (r2 * (Vector256.Create(C6) + (r2 * (Vector256.Create(C8) + (r2 * C10)))))))));
                Vector256<int> qi = Vector256.ConvertToInt32(q);
                Vector256<float> swap = Vector256.Equals(qi & Vector256<int>.One, Vector256<int>.One).AsSingle();
                Vector256<float> s = Vector256.ConditionalSelect(swap, cos, sin) ^ ((qi & Vector256.Create(2)) << 30).AsSingle();
                Vector256<float> c = Vector256.ConditionalSelect(swap, sin, cos) ^ (((qi + Vector256<int>.One) & Vector256.Create(2)) << 30).AsSingle();
                Vector256<float> mag = Vector256.LoadUnsafe(ref m, (nuint)i);
                (mag * c).StoreUnsafe(ref re, (nuint)i);
                (mag * s).StoreUnsafe(ref im, (nuint)i);
            }
        }

        else if (Vector128.IsHardwareAccelerated)
        {
            var limit = Vector128.Create(Limit);
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128<float> x = Vector128.LoadUnsafe(ref p, (nuint)i);
                if (!Vector128.LessThanOrEqualAll(Vector128.Abs(x), limit))
                {
                    // A lane out of range (or NaN/±∞): this vector element by element, the exact fallback where needed.
                    Elements(ref m, ref p, ref re, ref im, i, Vector128<float>.Count);
                    continue;
                }

                Vector128<float> q = Vector128.Round(x * TwoOverPi);
                Vector128<double> ql = Vector128.WidenLower(q), qu = Vector128.WidenUpper(q);
                Vector128<double> rl = (Vector128.WidenLower(x) - (ql * HalfPiHigh)) - (ql * HalfPiLow);
                Vector128<double> ru = (Vector128.WidenUpper(x) - (qu * HalfPiHigh)) - (qu * HalfPiLow);
                Vector128<float> r = Vector128.Narrow(rl, ru);
                Vector128<float> r2 = r * r;
                Vector128<float> sin = r + (r * r2 * (Vector128.Create(S3) + (r2 * (Vector128.Create(S5) + (r2 * (Vector128.Create(S7) + (r2 * (Vector128.Create(S9) + (r2 * S11)))))))));
                Vector128<float> cos = Vector128<float>.One + (r2 * (Vector128.Create(C2) + (r2 * (Vector128.Create(C4) + (r2 * (Vector128.Create(C6) + (r2 * (Vector128.Create(C8) + (r2 * C10)))))))));
                Vector128<int> qi = Vector128.ConvertToInt32(q);
                Vector128<float> swap = Vector128.Equals(qi & Vector128<int>.One, Vector128<int>.One).AsSingle();
                Vector128<float> s = Vector128.ConditionalSelect(swap, cos, sin) ^ ((qi & Vector128.Create(2)) << 30).AsSingle();
                Vector128<float> c = Vector128.ConditionalSelect(swap, sin, cos) ^ (((qi + Vector128<int>.One) & Vector128.Create(2)) << 30).AsSingle();
                Vector128<float> mag = Vector128.LoadUnsafe(ref m, (nuint)i);
                (mag * c).StoreUnsafe(ref re, (nuint)i);
                (mag * s).StoreUnsafe(ref im, (nuint)i);
            }
        }

        Elements(ref m, ref p, ref re, ref im, i, n - i);
    }

    /// <summary>Elements <c>start … start + count − 1</c> one at a time: the vector lanes' operations for |φ| ≤
    /// <see cref="Limit"/>, <see cref="MathF.SinCos"/> otherwise (and for NaN, ±∞).</summary>
    private static void Elements(ref float m, ref float p, ref float re, ref float im, int start, int count)
    {
        for (int i = start; i < start + count; i++)
        {
            float x = Unsafe.Add(ref p, i);
            float mag = Unsafe.Add(ref m, i);
            float s, c;
            if (MathF.Abs(x) <= Limit)
            {
                float q = MathF.Round(x * TwoOverPi);
                double qd = q;
                float r = (float)(((double)x - (qd * HalfPiHigh)) - (qd * HalfPiLow));
                float r2 = r * r;
                float sin = r + (r * r2 * (S3 + (r2 * (S5 + (r2 * (S7 + (r2 * (S9 + (r2 * S11)))))))));
                float cos = 1 + (r2 * (C2 + (r2 * (C4 + (r2 * (C6 + (r2 * (C8 + (r2 * C10)))))))));
                int qi = (int)q;
                (s, c) = (qi & 1) != 0 ? (cos, sin) : (sin, cos);
                s = (qi & 2) != 0 ? -s : s;
                c = ((qi + 1) & 2) != 0 ? -c : c;
            }
            else
            {
                (s, c) = MathF.SinCos(x);
            }

            Unsafe.Add(ref re, i) = mag * c;
            Unsafe.Add(ref im, i) = mag * s;
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Phase.GradientTheorem;

/// <summary>Small vectorised phase helpers shared by the estimators and integrators.</summary>
internal static class PhaseMath
{
    public const float TwoPi = 2 * MathF.PI;
    private const float InverseTwoPi = 1 / (2 * MathF.PI);

    /// <summary>The principal value of one angle, <c>[−π, π)</c>: <c>x − 2π·⌊(x + π)/(2π)⌋</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Wrap(float x) => x - (TwoPi * MathF.Floor((x + MathF.PI) * InverseTwoPi));

    /// <summary>The principal value of one angle in double precision, <c>[−π, π)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Wrap(double x) => x - (2 * Math.PI * Math.Floor((x + Math.PI) / (2 * Math.PI)));

    /// <summary><c>destination[i] = Wrap(source[i])</c>; the spans may be the same.</summary>
    /// <remarks>Lanes hold consecutive elements; the tail is finished with one overlapping vector (the operation is
    /// idempotent, so recomputing elements already written is harmless when the spans are the same).</remarks>
    public static void Wrap(ReadOnlySpan<float> source, Span<float> destination)
    {
        int n = source.Length;
        ref float src = ref MemoryMarshal.GetReference(source);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            var pi = Vector512.Create(MathF.PI);
            var inv = Vector512.Create(InverseTwoPi);
            var twoPi = Vector512.Create(TwoPi);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var x = Vector512.LoadUnsafe(ref src, (nuint)i);
                (x - (twoPi * Vector512.Floor((x + pi) * inv))).StoreUnsafe(ref dst, (nuint)i);
            }

            if (i < n)
            {
                i = n - Vector512<float>.Count;
                var x = Vector512.LoadUnsafe(ref src, (nuint)i);
                (x - (twoPi * Vector512.Floor((x + pi) * inv))).StoreUnsafe(ref dst, (nuint)i);
            }

            return;
        }

        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            var pi = Vector256.Create(MathF.PI);
            var inv = Vector256.Create(InverseTwoPi);
            var twoPi = Vector256.Create(TwoPi);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var x = Vector256.LoadUnsafe(ref src, (nuint)i);
                (x - (twoPi * Vector256.Floor((x + pi) * inv))).StoreUnsafe(ref dst, (nuint)i);
            }

            if (i < n)
            {
                i = n - Vector256<float>.Count;
                var x = Vector256.LoadUnsafe(ref src, (nuint)i);
                (x - (twoPi * Vector256.Floor((x + pi) * inv))).StoreUnsafe(ref dst, (nuint)i);
            }

            return;
        }

        if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
        {
            var pi = Vector128.Create(MathF.PI);
            var inv = Vector128.Create(InverseTwoPi);
            var twoPi = Vector128.Create(TwoPi);
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                var x = Vector128.LoadUnsafe(ref src, (nuint)i);
                (x - (twoPi * Vector128.Floor((x + pi) * inv))).StoreUnsafe(ref dst, (nuint)i);
            }

            if (i < n)
            {
                i = n - Vector128<float>.Count;
                var x = Vector128.LoadUnsafe(ref src, (nuint)i);
                (x - (twoPi * Vector128.Floor((x + pi) * inv))).StoreUnsafe(ref dst, (nuint)i);
            }

            return;
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref dst, i) = Wrap(Unsafe.Add(ref src, i));
        }
    }

    // Sine and cosine of phases: Cody–Waite reduction by π/2 and Taylor polynomials on [−π/4, π/4] (truncation
    // below 3·10⁻⁸; float rounding dominates, about 2 ulp). TensorPrimitives.SinCos calls the C library per element
    // (measured 1.5 µs for 513 phases, 22 % of a gtls frame); this takes about a tenth of that.
    private const float HalfPiHigh = 1.5707963705062866f;
    private const float HalfPiLow = -4.371139000186243e-8f;
    private const float TwoOverPi = 0.63661977236758134f;
    private const float S3 = -1f / 6, S5 = 1f / 120, S7 = -1f / 5040, S9 = 1f / 362880;
    private const float C2 = -0.5f, C4 = 1f / 24, C6 = -1f / 720, C8 = 1f / 40320;

    /// <summary><c>real[i] = magnitude[i]·cos(phase[i])</c>, <c>imag[i] = magnitude[i]·sin(phase[i])</c> for phases of
    /// moderate size (|φ| ≲ 10³; the integrators pass principal values). Absolute error about 2·10⁻⁷·magnitude.</summary>
    /// <remarks>Lanes hold consecutive bins; quadrant <c>q = round(2φ/π) mod 4</c> swaps sine and cosine (odd q) and sets
    /// the signs (sine negative for q = 2, 3; cosine for q = 1, 2) by XOR of the sign bit. The tail runs the same
    /// polynomial in scalar code, so every element gets the same value whatever the vector width.</remarks>
    public static void PolarToComplex(ReadOnlySpan<float> magnitude, ReadOnlySpan<float> phase, Span<float> real, Span<float> imag)
    {
        int n = magnitude.Length;
        ref float m = ref MemoryMarshal.GetReference(magnitude);
        ref float p = ref MemoryMarshal.GetReference(phase);
        ref float re = ref MemoryMarshal.GetReference(real);
        ref float im = ref MemoryMarshal.GetReference(imag);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
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
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128<float> x = Vector128.LoadUnsafe(ref p, (nuint)i);
                Vector128<float> q = Vector128.Round(x * TwoOverPi);
                Vector128<int> qi = Vector128.ConvertToInt32(q);
                Vector128<float> r = (x - (q * HalfPiHigh)) - (q * HalfPiLow);
                Vector128<float> r2 = r * r;
                Vector128<float> sin = r + (r * r2 * (Vector128.Create(S3) + (r2 * (Vector128.Create(S5) + (r2 * (Vector128.Create(S7) + (r2 * S9)))))));
                Vector128<float> cos = Vector128<float>.One + (r2 * (Vector128.Create(C2) + (r2 * (Vector128.Create(C4) + (r2 * (Vector128.Create(C6) + (r2 * C8)))))));
                Vector128<float> swap = Vector128.Equals(qi & Vector128<int>.One, Vector128<int>.One).AsSingle();
                Vector128<float> s = Vector128.ConditionalSelect(swap, cos, sin) ^ ((qi & Vector128.Create(2)) << 30).AsSingle();
                Vector128<float> c = Vector128.ConditionalSelect(swap, sin, cos) ^ (((qi + Vector128<int>.One) & Vector128.Create(2)) << 30).AsSingle();
                Vector128<float> mag = Vector128.LoadUnsafe(ref m, (nuint)i);
                (mag * c).StoreUnsafe(ref re, (nuint)i);
                (mag * s).StoreUnsafe(ref im, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float x = Unsafe.Add(ref p, i);
            float q = MathF.Round(x * TwoOverPi);
            int qi = (int)q;
            float r = (x - (q * HalfPiHigh)) - (q * HalfPiLow);
            float r2 = r * r;
            float sin = r + (r * r2 * (S3 + (r2 * (S5 + (r2 * (S7 + (r2 * S9)))))));
            float cos = 1 + (r2 * (C2 + (r2 * (C4 + (r2 * (C6 + (r2 * C8)))))));
            (float s, float c) = (qi & 1) != 0 ? (cos, sin) : (sin, cos);
            s = (qi & 2) != 0 ? -s : s;
            c = ((qi + 1) & 2) != 0 ? -c : c;
            float mag = Unsafe.Add(ref m, i);
            Unsafe.Add(ref re, i) = mag * c;
            Unsafe.Add(ref im, i) = mag * s;
        }
    }

    /// <summary>The nominal phase advance per hop of every bin, <c>2πHk/N</c>, as its principal value (computed exactly
    /// from the integer <c>kH mod N</c>, so large bins lose no precision).</summary>
    public static float[] NominalAdvance(StftSettings settings)
    {
        int bins = settings.BinCount, n = settings.FftSize, hop = settings.Hop;
        var table = new float[bins];
        for (int k = 0; k < bins; k++)
        {
            table[k] = (float)Wrap(2 * Math.PI * ((long)k * hop % n) / n);
        }

        return table;
    }
}

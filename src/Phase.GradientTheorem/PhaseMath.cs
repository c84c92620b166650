using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Phase.Spectral;

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

    /// <summary><c>real[i] = magnitude[i]·cos(phase[i])</c>, <c>imag[i] = magnitude[i]·sin(phase[i])</c>: the shared
    /// vectorised kernel of <see cref="SpectralOps.PolarToComplex"/> (within 2 ulp of the exact sine and cosine, 3 ulp of
    /// the products, for any finite phase; vectorised for |φ| ≤ 2²⁰, the C library beyond). The spans may alias.</summary>
    public static void PolarToComplex(ReadOnlySpan<float> magnitude, ReadOnlySpan<float> phase, Span<float> real, Span<float> imag) =>
        SpectralOps.PolarToComplex(magnitude, phase, real, imag);

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

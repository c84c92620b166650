using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Phase.Iterative;

/// <summary>
/// Fused SIMD kernels of the iterative methods: FGLA's acceleration step fused with the magnitude projection, the
/// magnitude-error energy that gives the spectral convergence, and RTISI-LA's contribution update.
/// </summary>
/// <remarks>
/// <para>Each kernel uses the widest of Vector512, Vector256 and Vector128 the hardware accelerates and falls back to
/// scalar code. Lane layout: lane <c>j</c> of every vector holds element <c>i + j</c> of every span. The element-wise
/// kernels finish with one overlapping vector (computed before the main loop so that in-place use stays correct); the
/// reduction finishes with a scalar loop. Plain multiply and add (no fused multiply-add), so every width rounds the
/// same way as the scalar code.</para>
/// <para>Callers validate lengths; the kernels trust them (internal hot paths).</para>
/// </remarks>
internal static class IterativeKernels
{
    /// <summary>
    /// FGLA's acceleration followed by the magnitude projection <c>P_S</c>, in one pass:
    /// <c>c = t + α·(t − p)</c>, then <c>d = S·c/|c|</c> (<c>d = S</c>, phase 0, where <c>|c| = 0</c>).
    /// </summary>
    /// <remarks>The projection is computed as <c>S·(c·r⁻¹)</c>, exactly as <see cref="Spectral.SpectralOps.ProjectMagnitude"/>,
    /// so no intermediate overflows. The destinations must not overlap the inputs.</remarks>
    /// <param name="target">Target magnitudes <c>S</c>.</param>
    /// <param name="currentReal">Real parts of <c>t_n</c>.</param>
    /// <param name="currentImag">Imaginary parts of <c>t_n</c>.</param>
    /// <param name="previousReal">Real parts of <c>t_{n−1}</c>.</param>
    /// <param name="previousImag">Imaginary parts of <c>t_{n−1}</c>.</param>
    /// <param name="alpha">Acceleration α.</param>
    /// <param name="destinationReal">Receives the real parts of <c>P_S(c)</c>.</param>
    /// <param name="destinationImag">Receives the imaginary parts of <c>P_S(c)</c>.</param>
    public static void AccelerateAndProject(
        ReadOnlySpan<float> target,
        ReadOnlySpan<float> currentReal,
        ReadOnlySpan<float> currentImag,
        ReadOnlySpan<float> previousReal,
        ReadOnlySpan<float> previousImag,
        float alpha,
        Span<float> destinationReal,
        Span<float> destinationImag)
    {
        int n = target.Length;
        ref float s = ref MemoryMarshal.GetReference(target);
        ref float tr = ref MemoryMarshal.GetReference(currentReal);
        ref float ti = ref MemoryMarshal.GetReference(currentImag);
        ref float pr = ref MemoryMarshal.GetReference(previousReal);
        ref float pi = ref MemoryMarshal.GetReference(previousImag);
        ref float dr = ref MemoryMarshal.GetReference(destinationReal);
        ref float di = ref MemoryMarshal.GetReference(destinationImag);

        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            var a = Vector512.Create(alpha);
            nuint last = (nuint)(n - Vector512<float>.Count);
            for (nuint i = 0; i < last; i += (nuint)Vector512<float>.Count)
            {
                (Vector512<float> x, Vector512<float> y) = AccelerateProject(Vector512.LoadUnsafe(ref s, i),
                    Vector512.LoadUnsafe(ref tr, i), Vector512.LoadUnsafe(ref ti, i), Vector512.LoadUnsafe(ref pr, i), Vector512.LoadUnsafe(ref pi, i), a);
                x.StoreUnsafe(ref dr, i);
                y.StoreUnsafe(ref di, i);
            }

            (Vector512<float> lx, Vector512<float> ly) = AccelerateProject(Vector512.LoadUnsafe(ref s, last),
                Vector512.LoadUnsafe(ref tr, last), Vector512.LoadUnsafe(ref ti, last), Vector512.LoadUnsafe(ref pr, last), Vector512.LoadUnsafe(ref pi, last), a);
            lx.StoreUnsafe(ref dr, last);
            ly.StoreUnsafe(ref di, last);
            return;
        }

        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            var a = Vector256.Create(alpha);
            nuint last = (nuint)(n - Vector256<float>.Count);
            for (nuint i = 0; i < last; i += (nuint)Vector256<float>.Count)
            {
                (Vector256<float> x, Vector256<float> y) = AccelerateProject(Vector256.LoadUnsafe(ref s, i),
                    Vector256.LoadUnsafe(ref tr, i), Vector256.LoadUnsafe(ref ti, i), Vector256.LoadUnsafe(ref pr, i), Vector256.LoadUnsafe(ref pi, i), a);
                x.StoreUnsafe(ref dr, i);
                y.StoreUnsafe(ref di, i);
            }

            (Vector256<float> lx, Vector256<float> ly) = AccelerateProject(Vector256.LoadUnsafe(ref s, last),
                Vector256.LoadUnsafe(ref tr, last), Vector256.LoadUnsafe(ref ti, last), Vector256.LoadUnsafe(ref pr, last), Vector256.LoadUnsafe(ref pi, last), a);
            lx.StoreUnsafe(ref dr, last);
            ly.StoreUnsafe(ref di, last);
            return;
        }

        if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
        {
            var a = Vector128.Create(alpha);
            nuint last = (nuint)(n - Vector128<float>.Count);
            for (nuint i = 0; i < last; i += (nuint)Vector128<float>.Count)
            {
                (Vector128<float> x, Vector128<float> y) = AccelerateProject(Vector128.LoadUnsafe(ref s, i),
                    Vector128.LoadUnsafe(ref tr, i), Vector128.LoadUnsafe(ref ti, i), Vector128.LoadUnsafe(ref pr, i), Vector128.LoadUnsafe(ref pi, i), a);
                x.StoreUnsafe(ref dr, i);
                y.StoreUnsafe(ref di, i);
            }

            (Vector128<float> lx, Vector128<float> ly) = AccelerateProject(Vector128.LoadUnsafe(ref s, last),
                Vector128.LoadUnsafe(ref tr, last), Vector128.LoadUnsafe(ref ti, last), Vector128.LoadUnsafe(ref pr, last), Vector128.LoadUnsafe(ref pi, last), a);
            lx.StoreUnsafe(ref dr, last);
            ly.StoreUnsafe(ref di, last);
            return;
        }

        for (int i = 0; i < n; i++)
        {
            float cr = Unsafe.Add(ref tr, i), ci = Unsafe.Add(ref ti, i);
            cr += alpha * (cr - Unsafe.Add(ref pr, i));
            ci += alpha * (ci - Unsafe.Add(ref pi, i));
            float r = MathF.Sqrt((cr * cr) + (ci * ci)), t = Unsafe.Add(ref s, i);
            if (r == 0f)
            {
                Unsafe.Add(ref dr, i) = t;
                Unsafe.Add(ref di, i) = 0f;
            }
            else
            {
                float inv = 1f / r;
                Unsafe.Add(ref dr, i) = t * (cr * inv);
                Unsafe.Add(ref di, i) = t * (ci * inv);
            }
        }
    }

    /// <summary>The magnitude-error energy <c>Σ_i (√(re[i]² + im[i]²) − S[i])²</c>, accumulated in float lanes and
    /// summed in double.</summary>
    /// <remarks>Meant for one frame at a time (a few hundred to a few thousand values) so the float partial sums stay
    /// accurate to about 10⁻⁶ relative; callers add frames in double.</remarks>
    /// <param name="target">Target magnitudes <c>S</c>.</param>
    /// <param name="real">Real parts.</param>
    /// <param name="imag">Imaginary parts.</param>
    /// <returns>The energy, ≥ 0.</returns>
    public static double MagnitudeErrorEnergy(ReadOnlySpan<float> target, ReadOnlySpan<float> real, ReadOnlySpan<float> imag)
    {
        int n = target.Length;
        ref float s = ref MemoryMarshal.GetReference(target);
        ref float re = ref MemoryMarshal.GetReference(real);
        ref float im = ref MemoryMarshal.GetReference(imag);
        int i = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            Vector512<float> acc = Vector512<float>.Zero;
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> x = Vector512.LoadUnsafe(ref re, (nuint)i), y = Vector512.LoadUnsafe(ref im, (nuint)i);
                Vector512<float> e = Vector512.Sqrt((x * x) + (y * y)) - Vector512.LoadUnsafe(ref s, (nuint)i);
                acc += e * e;
            }

            sum = SumLanes(acc.GetLower()) + SumLanes(acc.GetUpper());
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            Vector256<float> acc = Vector256<float>.Zero;
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> x = Vector256.LoadUnsafe(ref re, (nuint)i), y = Vector256.LoadUnsafe(ref im, (nuint)i);
                Vector256<float> e = Vector256.Sqrt((x * x) + (y * y)) - Vector256.LoadUnsafe(ref s, (nuint)i);
                acc += e * e;
            }

            sum = SumLanes(acc);
        }
        else if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
        {
            Vector128<float> acc = Vector128<float>.Zero;
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128<float> x = Vector128.LoadUnsafe(ref re, (nuint)i), y = Vector128.LoadUnsafe(ref im, (nuint)i);
                Vector128<float> e = Vector128.Sqrt((x * x) + (y * y)) - Vector128.LoadUnsafe(ref s, (nuint)i);
                acc += e * e;
            }

            sum = SumLanes(acc);
        }

        for (; i < n; i++)
        {
            float x = Unsafe.Add(ref re, i), y = Unsafe.Add(ref im, i);
            float e = MathF.Sqrt((x * x) + (y * y)) - Unsafe.Add(ref s, i);
            sum += e * e;
        }

        return sum;
    }

    /// <summary>
    /// RTISI-LA's update of one frame's overlap-add contribution, in one pass: <c>u = w·z</c>, <c>y += u − old</c>,
    /// <c>old = u</c>, where <c>z</c> is the frame's new inverse transform, <c>w</c> the synthesis window, <c>old</c> the
    /// contribution the frame added before and <c>y</c> the overlap-added signal under the frame.
    /// </summary>
    /// <param name="frame">The new inverse transform <c>z</c> (frame order).</param>
    /// <param name="window">The synthesis window <c>w</c>.</param>
    /// <param name="contribution">The frame's previous contribution; receives the new one.</param>
    /// <param name="signal">The overlap-added signal under the frame; updated in place.</param>
    public static void UpdateContribution(ReadOnlySpan<float> frame, ReadOnlySpan<float> window, Span<float> contribution, Span<float> signal)
    {
        int n = frame.Length;
        ref float z = ref MemoryMarshal.GetReference(frame);
        ref float w = ref MemoryMarshal.GetReference(window);
        ref float c = ref MemoryMarshal.GetReference(contribution);
        ref float y = ref MemoryMarshal.GetReference(signal);
        int i = 0;

        // Not overlapping at the tail: the update is not idempotent (y += u − old), so the remainder runs scalar.
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> u = Vector512.LoadUnsafe(ref z, (nuint)i) * Vector512.LoadUnsafe(ref w, (nuint)i);
                (Vector512.LoadUnsafe(ref y, (nuint)i) + (u - Vector512.LoadUnsafe(ref c, (nuint)i))).StoreUnsafe(ref y, (nuint)i);
                u.StoreUnsafe(ref c, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> u = Vector256.LoadUnsafe(ref z, (nuint)i) * Vector256.LoadUnsafe(ref w, (nuint)i);
                (Vector256.LoadUnsafe(ref y, (nuint)i) + (u - Vector256.LoadUnsafe(ref c, (nuint)i))).StoreUnsafe(ref y, (nuint)i);
                u.StoreUnsafe(ref c, (nuint)i);
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= n - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128<float> u = Vector128.LoadUnsafe(ref z, (nuint)i) * Vector128.LoadUnsafe(ref w, (nuint)i);
                (Vector128.LoadUnsafe(ref y, (nuint)i) + (u - Vector128.LoadUnsafe(ref c, (nuint)i))).StoreUnsafe(ref y, (nuint)i);
                u.StoreUnsafe(ref c, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float u = Unsafe.Add(ref z, i) * Unsafe.Add(ref w, i);
            Unsafe.Add(ref y, i) += u - Unsafe.Add(ref c, i);
            Unsafe.Add(ref c, i) = u;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SumLanes(Vector256<float> v) => SumLanes(v.GetLower()) + SumLanes(v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SumLanes(Vector128<float> v) =>
        ((double)v.GetElement(0) + v.GetElement(1)) + ((double)v.GetElement(2) + v.GetElement(3));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<float> Re, Vector128<float> Im) AccelerateProject(Vector128<float> s, Vector128<float> tr, Vector128<float> ti, Vector128<float> pr, Vector128<float> pi, Vector128<float> a)
    {
        Vector128<float> cr = tr + (a * (tr - pr)), ci = ti + (a * (ti - pi));
        Vector128<float> r = Vector128.Sqrt((cr * cr) + (ci * ci));
        Vector128<float> zero = Vector128.Equals(r, Vector128<float>.Zero);
        Vector128<float> inv = Vector128<float>.One / r; // ∞ where r = 0: those lanes are replaced below
        return (Vector128.ConditionalSelect(zero, s, s * (cr * inv)), Vector128.ConditionalSelect(zero, Vector128<float>.Zero, s * (ci * inv)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Re, Vector256<float> Im) AccelerateProject(Vector256<float> s, Vector256<float> tr, Vector256<float> ti, Vector256<float> pr, Vector256<float> pi, Vector256<float> a)
    {
        Vector256<float> cr = tr + (a * (tr - pr)), ci = ti + (a * (ti - pi));
        Vector256<float> r = Vector256.Sqrt((cr * cr) + (ci * ci));
        Vector256<float> zero = Vector256.Equals(r, Vector256<float>.Zero);
        Vector256<float> inv = Vector256<float>.One / r;
        return (Vector256.ConditionalSelect(zero, s, s * (cr * inv)), Vector256.ConditionalSelect(zero, Vector256<float>.Zero, s * (ci * inv)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Re, Vector512<float> Im) AccelerateProject(Vector512<float> s, Vector512<float> tr, Vector512<float> ti, Vector512<float> pr, Vector512<float> pi, Vector512<float> a)
    {
        Vector512<float> cr = tr + (a * (tr - pr)), ci = ti + (a * (ti - pi));
        Vector512<float> r = Vector512.Sqrt((cr * cr) + (ci * ci));
        Vector512<float> zero = Vector512.Equals(r, Vector512<float>.Zero);
        Vector512<float> inv = Vector512<float>.One / r;
        return (Vector512.ConditionalSelect(zero, s, s * (cr * inv)), Vector512.ConditionalSelect(zero, Vector512<float>.Zero, s * (ci * inv)));
    }
}

using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Phase.Stft;

namespace Phase.Spectral;

/// <summary>
/// Element-wise operations on complex spectra stored as split real and imaginary planes: magnitude, phase, polar ↔
/// complex conversion, magnitude projection, and the inconsistency measure of a complex spectrogram.
/// </summary>
/// <remarks>
/// <para>All kernels are static, take read-only inputs first and destinations last, allocate nothing (except
/// <see cref="Inconsistency(StftPlan, ReadOnlySpan{float}, ReadOnlySpan{float})"/>, which rents scratch), and are
/// thread-safe. A destination may be the very same span as an input (in place) but must not partially overlap one. Fused
/// kernels (<see cref="Magnitude"/>, <see cref="ProjectMagnitude"/>) use the widest of Vector512/256/128 the hardware
/// accelerates and finish with one overlapping vector; <see cref="PolarToComplex"/> has its own vectorised sine and cosine
/// (see there); the others are built from <see cref="TensorPrimitives"/>.</para>
/// <para>Phases are in radians in <c>[−π, π]</c> (atan2 convention: <c>atan2(0, 0) = 0</c>, <c>atan2(±0, x &lt; 0) = ±π</c>).
/// NaN inputs give NaN outputs; nothing throws for them.</para>
/// </remarks>
public static class SpectralOps
{
    /// <summary>Chunk of the temporaries of the composite kernels (on the stack).</summary>
    private const int Chunk = 256;

    /// <summary>Magnitudes <c>destination[i] = √(real[i]² + imag[i]²)</c>.</summary>
    /// <remarks>Computed without rescaling where <c>√(re² + im²) ≤ 10¹⁸</c> (unlike <see cref="TensorPrimitives.Hypot{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>,
    /// which is slower); larger results — where the squares overflow float — are recomputed as <c>m·√((re/m)² + (im/m)²)</c>,
    /// <c>m = max(|re|, |im|)</c>, so every finite input gives a finite magnitude (∞ only above float.MaxValue). Components
    /// below about 10⁻¹⁸ lose precision (subnormal squares) and those below about 10⁻²³ give 0; audio spectra are far from that end.</remarks>
    /// <param name="real">Real parts.</param>
    /// <param name="imag">Imaginary parts, same length.</param>
    /// <param name="destination">Receives the magnitudes, same length.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Magnitude(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> destination)
    {
        CheckSameLength(real.Length, imag.Length, nameof(imag));
        CheckSameLength(real.Length, destination.Length, nameof(destination));
        int n = real.Length;
        ref float re = ref MemoryMarshal.GetReference(real);
        ref float im = ref MemoryMarshal.GetReference(imag);
        ref float d = ref MemoryMarshal.GetReference(destination);

        // Lane layout: lane j of each vector holds element i + j of all three spans. The last (overlapping) vector is
        // computed before the loop so that an in-place call still reads original inputs there.
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            nuint last = (nuint)(n - Vector512<float>.Count);
            Vector512<float> tail = Mag(Vector512.LoadUnsafe(ref re, last), Vector512.LoadUnsafe(ref im, last));
            for (nuint i = 0; i < last; i += (nuint)Vector512<float>.Count)
            {
                Mag(Vector512.LoadUnsafe(ref re, i), Vector512.LoadUnsafe(ref im, i)).StoreUnsafe(ref d, i);
            }

            tail.StoreUnsafe(ref d, last);
            return;
        }

        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            nuint last = (nuint)(n - Vector256<float>.Count);
            Vector256<float> tail = Mag(Vector256.LoadUnsafe(ref re, last), Vector256.LoadUnsafe(ref im, last));
            for (nuint i = 0; i < last; i += (nuint)Vector256<float>.Count)
            {
                Mag(Vector256.LoadUnsafe(ref re, i), Vector256.LoadUnsafe(ref im, i)).StoreUnsafe(ref d, i);
            }

            tail.StoreUnsafe(ref d, last);
            return;
        }

        if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
        {
            nuint last = (nuint)(n - Vector128<float>.Count);
            Vector128<float> tail = Mag(Vector128.LoadUnsafe(ref re, last), Vector128.LoadUnsafe(ref im, last));
            for (nuint i = 0; i < last; i += (nuint)Vector128<float>.Count)
            {
                Mag(Vector128.LoadUnsafe(ref re, i), Vector128.LoadUnsafe(ref im, i)).StoreUnsafe(ref d, i);
            }

            tail.StoreUnsafe(ref d, last);
            return;
        }

        for (int i = 0; i < n; i++)
        {
            float x = Unsafe.Add(ref re, i), y = Unsafe.Add(ref im, i);
            float m = MathF.Sqrt((x * x) + (y * y));
            if (m > HypotThreshold)
            {
                // |x|² overflows float above about 1.8·10¹⁹: scale by the larger component.
                float big = MathF.Max(MathF.Abs(x), MathF.Abs(y));
                float a = x / big, b = y / big;
                m = big * MathF.Sqrt((a * a) + (b * b));
            }

            Unsafe.Add(ref d, i) = m;
        }
    }

    /// <summary>Magnitudes above this (and overflowed ones, +∞) are recomputed as <c>max·√(1 + (min/max)²)</c>, exact up to float.MaxValue.</summary>
    private const float HypotThreshold = 1e18f;

    /// <summary>Phases <c>destination[i] = atan2(imag[i], real[i])</c> in radians, <c>[−π, π]</c>.</summary>
    /// <param name="real">Real parts.</param>
    /// <param name="imag">Imaginary parts, same length.</param>
    /// <param name="destination">Receives the phases, same length.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Phase(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> destination)
    {
        CheckSameLength(real.Length, imag.Length, nameof(imag));
        CheckSameLength(real.Length, destination.Length, nameof(destination));
        TensorPrimitives.Atan2(imag, real, destination);
    }

    /// <summary>Polar to complex: <c>real[i] = magnitude[i]·cos(phase[i])</c>, <c>imag[i] = magnitude[i]·sin(phase[i])</c>.</summary>
    /// <remarks>Sine and cosine are vectorised (Cody–Waite reduction by π/2 in double, Taylor polynomials in float) for
    /// |phase| ≤ 2²⁰ rad and come from <see cref="MathF.SinCos"/> beyond (and for NaN, ±∞): within 2 ulp of the exact
    /// sine and cosine and 3 ulp of the exact products for every finite phase; every element gets the same value on
    /// every vector width. <paramref name="real"/> and <paramref name="imag"/> may be the same spans as the inputs.
    /// O(n), no allocation.</remarks>
    /// <param name="magnitude">Magnitudes.</param>
    /// <param name="phase">Phases in radians, same length.</param>
    /// <param name="real">Receives the real parts, same length.</param>
    /// <param name="imag">Receives the imaginary parts, same length.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void PolarToComplex(ReadOnlySpan<float> magnitude, ReadOnlySpan<float> phase, Span<float> real, Span<float> imag)
    {
        int n = magnitude.Length;
        CheckSameLength(n, phase.Length, nameof(phase));
        CheckSameLength(n, real.Length, nameof(real));
        CheckSameLength(n, imag.Length, nameof(imag));
        PolarKernel.Run(magnitude, phase, real, imag);
    }

    /// <summary>Complex to polar: <c>magnitude[i] = √(real[i]² + imag[i]²)</c>, <c>phase[i] = atan2(imag[i], real[i])</c>.</summary>
    /// <param name="real">Real parts.</param>
    /// <param name="imag">Imaginary parts, same length.</param>
    /// <param name="magnitude">Receives the magnitudes, same length.</param>
    /// <param name="phase">Receives the phases in radians, same length.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void ComplexToPolar(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> magnitude, Span<float> phase)
    {
        int n = real.Length;
        CheckSameLength(n, imag.Length, nameof(imag));
        CheckSameLength(n, magnitude.Length, nameof(magnitude));
        CheckSameLength(n, phase.Length, nameof(phase));
        Span<float> angle = stackalloc float[Chunk];
        for (int i = 0; i < n; i += Chunk)
        {
            int c = Math.Min(Chunk, n - i);
            TensorPrimitives.Atan2(imag.Slice(i, c), real.Slice(i, c), angle.Slice(0, c));
            Magnitude(real.Slice(i, c), imag.Slice(i, c), magnitude.Slice(i, c));
            angle.Slice(0, c).CopyTo(phase.Slice(i, c));
        }
    }

    /// <summary>
    /// Magnitude projection <c>P_S</c> of Griffin-Lim: sets each coefficient's magnitude to the target while keeping its
    /// phase, <c>c'[i] = S[i]·c[i]/|c[i]|</c>; a coefficient with <c>|c[i]| = 0</c> gets phase 0, <c>c'[i] = S[i]</c>.
    /// </summary>
    /// <remarks>Computed as <c>S·(re·r⁻¹)</c>, <c>S·(im·r⁻¹)</c> with <c>r = √(re² + im²)</c>, so no intermediate overflows
    /// for components up to about 1.8·10¹⁹. Full float precision while <c>re² + im²</c> is a normal float (components from
    /// about 10⁻¹⁸); below that the squares are subnormal and the phase is kept only approximately, and below about
    /// 10⁻²³ (where <c>re² + im²</c> underflows to 0) the coefficient counts as zero. A NaN component gives NaN.</remarks>
    /// <param name="target">Target magnitudes <c>S</c> (non-negative; not checked).</param>
    /// <param name="real">Real parts of <c>c</c>, same length.</param>
    /// <param name="imag">Imaginary parts of <c>c</c>, same length.</param>
    /// <param name="destinationReal">Receives the real parts of <c>c'</c>; may be <paramref name="real"/>.</param>
    /// <param name="destinationImag">Receives the imaginary parts of <c>c'</c>; may be <paramref name="imag"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void ProjectMagnitude(ReadOnlySpan<float> target, ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> destinationReal, Span<float> destinationImag)
    {
        int n = target.Length;
        CheckSameLength(n, real.Length, nameof(real));
        CheckSameLength(n, imag.Length, nameof(imag));
        CheckSameLength(n, destinationReal.Length, nameof(destinationReal));
        CheckSameLength(n, destinationImag.Length, nameof(destinationImag));
        ref float s = ref MemoryMarshal.GetReference(target);
        ref float re = ref MemoryMarshal.GetReference(real);
        ref float im = ref MemoryMarshal.GetReference(imag);
        ref float dr = ref MemoryMarshal.GetReference(destinationReal);
        ref float di = ref MemoryMarshal.GetReference(destinationImag);

        // Lane layout: lane j holds element i + j of all five spans; the overlapping last vector is computed first (in-place safe).
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            nuint last = (nuint)(n - Vector512<float>.Count);
            (Vector512<float> tr, Vector512<float> ti) = Project(Vector512.LoadUnsafe(ref s, last), Vector512.LoadUnsafe(ref re, last), Vector512.LoadUnsafe(ref im, last));
            for (nuint i = 0; i < last; i += (nuint)Vector512<float>.Count)
            {
                (Vector512<float> a, Vector512<float> b) = Project(Vector512.LoadUnsafe(ref s, i), Vector512.LoadUnsafe(ref re, i), Vector512.LoadUnsafe(ref im, i));
                a.StoreUnsafe(ref dr, i);
                b.StoreUnsafe(ref di, i);
            }

            tr.StoreUnsafe(ref dr, last);
            ti.StoreUnsafe(ref di, last);
            return;
        }

        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            nuint last = (nuint)(n - Vector256<float>.Count);
            (Vector256<float> tr, Vector256<float> ti) = Project(Vector256.LoadUnsafe(ref s, last), Vector256.LoadUnsafe(ref re, last), Vector256.LoadUnsafe(ref im, last));
            for (nuint i = 0; i < last; i += (nuint)Vector256<float>.Count)
            {
                (Vector256<float> a, Vector256<float> b) = Project(Vector256.LoadUnsafe(ref s, i), Vector256.LoadUnsafe(ref re, i), Vector256.LoadUnsafe(ref im, i));
                a.StoreUnsafe(ref dr, i);
                b.StoreUnsafe(ref di, i);
            }

            tr.StoreUnsafe(ref dr, last);
            ti.StoreUnsafe(ref di, last);
            return;
        }

        if (Vector128.IsHardwareAccelerated && n >= Vector128<float>.Count)
        {
            nuint last = (nuint)(n - Vector128<float>.Count);
            (Vector128<float> tr, Vector128<float> ti) = Project(Vector128.LoadUnsafe(ref s, last), Vector128.LoadUnsafe(ref re, last), Vector128.LoadUnsafe(ref im, last));
            for (nuint i = 0; i < last; i += (nuint)Vector128<float>.Count)
            {
                (Vector128<float> a, Vector128<float> b) = Project(Vector128.LoadUnsafe(ref s, i), Vector128.LoadUnsafe(ref re, i), Vector128.LoadUnsafe(ref im, i));
                a.StoreUnsafe(ref dr, i);
                b.StoreUnsafe(ref di, i);
            }

            tr.StoreUnsafe(ref dr, last);
            ti.StoreUnsafe(ref di, last);
            return;
        }

        for (int i = 0; i < n; i++)
        {
            float x = Unsafe.Add(ref re, i), y = Unsafe.Add(ref im, i), t = Unsafe.Add(ref s, i);
            float r = MathF.Sqrt((x * x) + (y * y));
            if (r == 0f)
            {
                Unsafe.Add(ref dr, i) = t;
                Unsafe.Add(ref di, i) = 0f;
            }
            else
            {
                float inv = 1f / r;
                Unsafe.Add(ref dr, i) = t * (x * inv);
                Unsafe.Add(ref di, i) = t * (y * inv);
            }
        }
    }

    /// <summary>
    /// The inconsistency of a complex spectrogram, <c>‖STFT(ISTFT(X)) − X‖_F / ‖X‖_F</c>: 0 for the STFT of any signal,
    /// larger the further <c>X</c> is from every signal's STFT. The ISTFT uses the natural length
    /// <see cref="StftSettings.DefaultSignalLength"/>(F), which gives back <c>F</c> frames.
    /// </summary>
    /// <param name="plan">The STFT plan of the settings <c>X</c> belongs to.</param>
    /// <param name="real"><c>F·K</c> real parts, frame-major, finite.</param>
    /// <param name="imag"><c>F·K</c> imaginary parts, frame-major, finite.</param>
    /// <returns>The relative Frobenius distance (dimensionless, ≥ 0); 0 when <c>X = 0</c>.</returns>
    /// <remarks>Costs one ISTFT and one STFT; rents its scratch from <see cref="ArrayPool{T}.Shared"/>. Not thread-safe for
    /// one <paramref name="plan"/>.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is null.</exception>
    /// <exception cref="ArgumentException">The planes are invalid (see <see cref="StftPlan.Inverse(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>).</exception>
    public static double Inconsistency(StftPlan plan, ReadOnlySpan<float> real, ReadOnlySpan<float> imag)
    {
        ArgumentNullException.ThrowIfNull(plan);
        int bins = plan.BinCount;
        if (real.IsEmpty || real.Length % bins != 0)
        {
            StftThrowHelper.Argument(nameof(real), $"The spectrogram planes must hold a positive whole number of frames of K = {bins} bins; got {real.Length} values.");
        }

        int frames = real.Length / bins;
        int length = plan.Settings.DefaultSignalLength(frames);
        float[] signal = ArrayPool<float>.Shared.Rent(length);
        float[] re2 = ArrayPool<float>.Shared.Rent(real.Length);
        float[] im2 = ArrayPool<float>.Shared.Rent(real.Length);
        try
        {
            plan.Inverse(real, imag, signal.AsSpan(0, length));
            plan.Forward(signal.AsSpan(0, length), re2.AsSpan(0, real.Length), im2.AsSpan(0, real.Length));
            double dr = TensorPrimitives.Distance(real, re2.AsSpan(0, real.Length));
            double di = TensorPrimitives.Distance(imag, im2.AsSpan(0, real.Length));
            double norm = Math.Sqrt((double)TensorPrimitives.SumOfSquares(real) + TensorPrimitives.SumOfSquares(imag));
            return norm == 0 ? 0 : Math.Sqrt((dr * dr) + (di * di)) / norm;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(signal);
            ArrayPool<float>.Shared.Return(re2);
            ArrayPool<float>.Shared.Return(im2);
        }
    }

    /// <summary>The inconsistency <c>‖STFT(ISTFT(X)) − X‖_F / ‖X‖_F</c> of a spectrogram (see
    /// <see cref="Inconsistency(StftPlan, ReadOnlySpan{float}, ReadOnlySpan{float})"/>).</summary>
    /// <param name="plan">The STFT plan of the settings <paramref name="spectrogram"/> belongs to.</param>
    /// <param name="spectrogram">The spectrogram, finite, <see cref="StftPlan.BinCount"/> bins.</param>
    /// <returns>The relative Frobenius distance, ≥ 0.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a coefficient is not finite.</exception>
    public static double Inconsistency(StftPlan plan, ComplexSpectrogram spectrogram)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(spectrogram);
        plan.Settings.ThrowIfBinCountMismatch(spectrogram.BinCount, nameof(spectrogram));
        return Inconsistency(plan, spectrogram.Real, spectrogram.Imaginary);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Mag(Vector128<float> re, Vector128<float> im)
    {
        Vector128<float> m = Vector128.Sqrt((re * re) + (im * im));
        Vector128<float> overflow = Vector128.GreaterThan(m, Vector128.Create(HypotThreshold));
        if (overflow == Vector128<float>.Zero)
        {
            return m;
        }

        // |x|² overflows float above about 1.8·10¹⁹: scale by the larger component (those lanes are not 0).
        Vector128<float> big = Vector128.Max(Vector128.Abs(re), Vector128.Abs(im));
        Vector128<float> r = re / big, i = im / big;
        return Vector128.ConditionalSelect(overflow, big * Vector128.Sqrt((r * r) + (i * i)), m);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Mag(Vector256<float> re, Vector256<float> im)
    {
        Vector256<float> m = Vector256.Sqrt((re * re) + (im * im));
        Vector256<float> overflow = Vector256.GreaterThan(m, Vector256.Create(HypotThreshold));
        if (overflow == Vector256<float>.Zero)
        {
            return m;
        }

        // |x|² overflows float above about 1.8·10¹⁹: scale by the larger component (those lanes are not 0).
        Vector256<float> big = Vector256.Max(Vector256.Abs(re), Vector256.Abs(im));
        Vector256<float> r = re / big, i = im / big;
        return Vector256.ConditionalSelect(overflow, big * Vector256.Sqrt((r * r) + (i * i)), m);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Mag(Vector512<float> re, Vector512<float> im)
    {
        Vector512<float> m = Vector512.Sqrt((re * re) + (im * im));
        Vector512<float> overflow = Vector512.GreaterThan(m, Vector512.Create(HypotThreshold));
        if (overflow == Vector512<float>.Zero)
        {
            return m;
        }

        // |x|² overflows float above about 1.8·10¹⁹: scale by the larger component (those lanes are not 0).
        Vector512<float> big = Vector512.Max(Vector512.Abs(re), Vector512.Abs(im));
        Vector512<float> r = re / big, i = im / big;
        return Vector512.ConditionalSelect(overflow, big * Vector512.Sqrt((r * r) + (i * i)), m);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<float> Re, Vector128<float> Im) Project(Vector128<float> s, Vector128<float> re, Vector128<float> im)
    {
        Vector128<float> r = Vector128.Sqrt((re * re) + (im * im));
        Vector128<float> zero = Vector128.Equals(r, Vector128<float>.Zero);
        Vector128<float> inv = Vector128<float>.One / r; // ∞ where r = 0: those lanes are replaced; NaN propagates
        return (Vector128.ConditionalSelect(zero, s, s * (re * inv)), Vector128.ConditionalSelect(zero, Vector128<float>.Zero, s * (im * inv)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Re, Vector256<float> Im) Project(Vector256<float> s, Vector256<float> re, Vector256<float> im)
    {
        Vector256<float> r = Vector256.Sqrt((re * re) + (im * im));
        Vector256<float> zero = Vector256.Equals(r, Vector256<float>.Zero);
        Vector256<float> inv = Vector256<float>.One / r;
        return (Vector256.ConditionalSelect(zero, s, s * (re * inv)), Vector256.ConditionalSelect(zero, Vector256<float>.Zero, s * (im * inv)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Re, Vector512<float> Im) Project(Vector512<float> s, Vector512<float> re, Vector512<float> im)
    {
        Vector512<float> r = Vector512.Sqrt((re * re) + (im * im));
        Vector512<float> zero = Vector512.Equals(r, Vector512<float>.Zero);
        Vector512<float> inv = Vector512<float>.One / r;
        return (Vector512.ConditionalSelect(zero, s, s * (re * inv)), Vector512.ConditionalSelect(zero, Vector512<float>.Zero, s * (im * inv)));
    }

    private static void CheckSameLength(int expected, int actual, string paramName)
    {
        if (actual != expected)
        {
            StftThrowHelper.Argument(paramName, $"{paramName} has {actual} elements but the first input has {expected}; all spans must have the same length.");
        }
    }
}

using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Phase.Iterative;

/// <summary>
/// The per-frame phase estimate of single-pass spectrogram inversion (Beauregard, Harish, Wyse 2015), in the
/// time-invariant phase convention. Holds the previous frame's phase; allocation-free per frame.
/// </summary>
/// <remarks>
/// <para>For each frame, each magnitude peak <c>k</c> (<c>s[k] &gt; s[k ± 1]</c>) is refined by quadratic interpolation of the
/// log magnitude, <c>p = ½(a − c)/(a − 2b + c)</c> with <c>a, b, c = ln s[k − 1], ln s[k], ln s[k + 1]</c> (exact for a
/// Gaussian window), giving the frequency <c>μ = k + p</c> bins; the peak's phase advances by <c>2πμH/N</c>,
/// <c>φ_peak = φ_prev[k] + 2πμH/N</c>, and every bin from the valley below to the valley above the peak (the bins whose
/// magnitude falls monotonically away from it) gets <c>φ_peak</c>: in the time-invariant convention a stationary
/// sinusoid's main-lobe bins share its phase (ltfat/phaseret's <c>timeinv</c> variant; the π alternation of the paper
/// belongs to the frame-start convention). Adding π in the window's odd side lobes, which is exact for an isolated
/// sinusoid, measured 0.3 dB worse on speech (docs/algorithms/spsi.md), so it is not done. Where two peaks' lobes meet,
/// the valley bin takes the upper peak's phase. Bins in no lobe (plateaus, zeros) advance at their own centre
/// frequency, <c>φ[k] = φ_prev[k] + 2πkH/N</c>.</para>
/// <para>Phases are held as unit phasors <c>e^{iφ}</c> and advanced by complex rotation, so no trigonometric function is
/// evaluated per frame: <c>e^{i2πkH/N}</c> is tabulated and <c>e^{i2πpH/N}</c> (|p| ≤ ½) comes from a short series.
/// Every bin of a lobe is <c>s·e^{iφ_peak}</c>. Each new phasor is renormalised, so rounding does not accumulate.</para>
/// </remarks>
internal sealed class SpsiCore
{
    /// <summary>ln of the smallest positive float, standing in for ln 0 next to a peak.</summary>
    private const float LogFloor = -103.28f;

    private readonly int _bins;
    private readonly float _anglePerOffset; // 2πH/N: radians of phase advance per bin of frequency offset
    private readonly float[] _rotationReal;  // cos(2π(kH mod N)/N)
    private readonly float[] _rotationImag;  // sin(2π(kH mod N)/N)
    private readonly float[] _logs;
    private readonly int[] _peakBin;
    private readonly float[] _peakReal;
    private readonly float[] _peakImag;
    private readonly float[] _gather;       // per peak: ln s at k − 1, k, k + 1 and the advanced phasor (re, im)
    private readonly int _stride;
    private float[] _phasorReal;     // the previous frame's e^{iφ}
    private float[] _phasorImag;
    private float[] _nextReal;       // this frame's, swapped in at the end
    private float[] _nextImag;

    public SpsiCore(StftSettings settings)
    {
        _bins = settings.BinCount;
        int n = settings.FftSize, hop = settings.Hop;
        _anglePerOffset = (float)(2 * Math.PI * hop / n);
        _rotationReal = new float[_bins];
        _rotationImag = new float[_bins];
        for (int k = 0; k < _bins; k++)
        {
            double angle = 2 * Math.PI * ((long)k * hop % n) / n;
            _rotationReal[k] = (float)Math.Cos(angle);
            _rotationImag[k] = (float)Math.Sin(angle);
        }

        _logs = new float[_bins];
        int maxPeaks = Math.Max(1, (_bins - 1) / 2);
        _peakBin = new int[maxPeaks];
        _peakReal = new float[maxPeaks];
        _peakImag = new float[maxPeaks];
        _stride = maxPeaks;
        _gather = new float[5 * maxPeaks];
        _phasorReal = new float[_bins];
        _phasorImag = new float[_bins];
        _nextReal = new float[_bins];
        _nextImag = new float[_bins];
        Reset();
    }

    /// <summary>Forgets the previous frame (phase 0 everywhere).</summary>
    public void Reset()
    {
        Array.Fill(_phasorReal, 1f);
        Array.Clear(_phasorImag);
    }

    /// <summary>Estimates the next frame's phase from its magnitudes and the previous frame's phase and writes the
    /// complex coefficients <c>s·e^{iφ}</c>.</summary>
    /// <param name="magnitudes"><c>K</c> magnitudes (valid; not checked).</param>
    /// <param name="real">Receives <c>K</c> real parts.</param>
    /// <param name="imag">Receives <c>K</c> imaginary parts.</param>
    /// <remarks>The spans must not overlap.</remarks>
    // AggressiveOptimization on the per-frame kernels: they are compiled optimised on first use instead of going through
    // tiered compilation. In a process limited to one CPU (a pinned benchmark, a one-core container) .NET waits ten times
    // longer before it starts counting calls for tier 1, and SPSI ran 3× slower (tier-0 and on-stack-replacement code)
    // for every call of a 200-call measurement; see docs/benchmarks.md, "Against the C reference".
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Next(ReadOnlySpan<float> magnitudes, Span<float> real, Span<float> imag)
    {
        int bins = _bins;
        ReadOnlySpan<float> s = magnitudes.Slice(0, bins);
        ReadOnlySpan<float> ur = _phasorReal, ui = _phasorImag, rr = _rotationReal, ri = _rotationImag;
        Span<float> nr = _nextReal, ni = _nextImag;
        Span<float> logs = _logs;
        real = real.Slice(0, bins);
        imag = imag.Slice(0, bins);

        // 1. Peaks and their phasors e^{iφ_prev[k]}·e^{i2πkH/N}·e^{i2πpH/N} (reads only the previous frame's phasors).
        TensorPrimitives.Log(s, logs); // exact zeros give −∞; replaced by LogFloor where used
        int peaks = 0;
        int k0 = 1;

        // Peak candidates s[k] > s[k − 1] && s[k] > s[k + 1] found a vector at a time (lane j tests bin k0 + j); the set
        // bits are then visited in order, which avoids a mispredicted branch per bin.
        if (Vector256.IsHardwareAccelerated)
        {
            ref float s0 = ref MemoryMarshal.GetReference(s);
            for (; k0 + Vector256<float>.Count < bins; k0 += Vector256<float>.Count)
            {
                Vector256<float> mid = Vector256.LoadUnsafe(ref s0, (nuint)k0);
                Vector256<float> left = Vector256.LoadUnsafe(ref s0, (nuint)(k0 - 1));
                Vector256<float> right = Vector256.LoadUnsafe(ref s0, (nuint)(k0 + 1));
                uint mask = (Vector256.GreaterThan(mid, left) & Vector256.GreaterThan(mid, right)).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int k = k0 + BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    _peakBin[peaks++] = k;
                }
            }
        }

        for (int k = k0; k < bins - 1; k++)
        {
            if (s[k] > s[k - 1] && s[k] > s[k + 1])
            {
                _peakBin[peaks++] = k;
            }
        }

        PeakPhasors(peaks, s, logs, ur, ui, rr, ri);

        // 2. Every bin advances at its own centre frequency (vectorised); 3. then each peak's lobe, lowest peak first
        // (so a valley between two peaks ends with the upper peak's phase), overwrites its bins with the peak's phasor.
        AdvanceAtCentre(s, ur, ui, rr, ri, nr, ni, real, imag);
        ref float sr = ref MemoryMarshal.GetReference(s);
        ref float nrr = ref MemoryMarshal.GetReference(nr), nir = ref MemoryMarshal.GetReference(ni);
        ref float rer = ref MemoryMarshal.GetReference(real), imr = ref MemoryMarshal.GetReference(imag);
        for (int i = 0; i < peaks; i++)
        {
            int k = _peakBin[i];
            float cos = _peakReal[i], sin = _peakImag[i];
            Assign(k, cos, sin, ref sr, ref nrr, ref nir, ref rer, ref imr);
            for (int j = k - 1; j >= 0 && Unsafe.Add(ref sr, j) < Unsafe.Add(ref sr, j + 1); j--)
            {
                Assign(j, cos, sin, ref sr, ref nrr, ref nir, ref rer, ref imr);
            }

            for (int j = k + 1; j < bins && Unsafe.Add(ref sr, j) < Unsafe.Add(ref sr, j - 1); j++)
            {
                Assign(j, cos, sin, ref sr, ref nrr, ref nir, ref rer, ref imr);
            }
        }

        (_phasorReal, _nextReal) = (_nextReal, _phasorReal);
        (_phasorImag, _nextImag) = (_nextImag, _phasorImag);
    }

    /// <summary>The phasor of every peak: its interpolated offset <c>p</c> and <c>e^{iφ_prev[k]}·e^{i2πkH/N}·e^{i2πpH/N}</c>,
    /// renormalised; the peaks' inputs are gathered, then eight peaks are computed at a time with the scalar formula's
    /// operations in the same order (bit-identical).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PeakPhasors(int peaks, ReadOnlySpan<float> s, ReadOnlySpan<float> logs, ReadOnlySpan<float> ur, ReadOnlySpan<float> ui, ReadOnlySpan<float> rr, ReadOnlySpan<float> ri)
    {
        Span<float> la = _gather.AsSpan(0, peaks), lb = _gather.AsSpan(_stride, peaks), lc = _gather.AsSpan(2 * _stride, peaks);
        Span<float> ar = _gather.AsSpan(3 * _stride, peaks), ai = _gather.AsSpan(4 * _stride, peaks);
        for (int i = 0; i < peaks; i++)
        {
            // Quadratic interpolation of the log magnitude (s[k] > 0 here; a zero neighbour counts as ln of the smallest float).
            int k = _peakBin[i];
            la[i] = s[k - 1] > 0 ? logs[k - 1] : LogFloor;
            lb[i] = logs[k];
            lc[i] = s[k + 1] > 0 ? logs[k + 1] : LogFloor;
            ar[i] = (ur[k] * rr[k]) - (ui[k] * ri[k]);
            ai[i] = (ur[k] * ri[k]) + (ui[k] * rr[k]);
        }

        int j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var angle = Vector256.Create(_anglePerOffset);
            for (; j <= peaks - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                Vector256<float> a = Vector256.Create<float>(la[j..]), b = Vector256.Create<float>(lb[j..]), c = Vector256.Create<float>(lc[j..]);
                Vector256<float> den = a - (Vector256.Create(2f) * b) + c;
                Vector256<float> offset = Vector256.Min(Vector256.Max(Vector256.Create(0.5f) * (a - c) / den, Vector256.Create(-0.5f)), Vector256.Create(0.5f));
                offset = Vector256.ConditionalSelect(Vector256.LessThan(den, Vector256<float>.Zero), offset, Vector256<float>.Zero);
                (Vector256<float> er, Vector256<float> ei) = UnitPhasor(offset * angle);
                Vector256<float> xr = Vector256.Create<float>(ar[j..]), xi = Vector256.Create<float>(ai[j..]);
                Vector256<float> cr = (xr * er) - (xi * ei), ci = (xr * ei) + (xi * er);
                Vector256<float> norm = Vector256<float>.One / Vector256.Sqrt((cr * cr) + (ci * ci));
                (cr * norm).CopyTo(_peakReal.AsSpan(j));
                (ci * norm).CopyTo(_peakImag.AsSpan(j));
            }
        }

        for (; j < peaks; j++)
        {
            float den = la[j] - (2 * lb[j]) + lc[j];
            float p = den < 0 ? Math.Clamp(0.5f * (la[j] - lc[j]) / den, -0.5f, 0.5f) : 0f;
            (float er, float ei) = UnitPhasor(p * _anglePerOffset);
            float cr = (ar[j] * er) - (ai[j] * ei), ci = (ar[j] * ei) + (ai[j] * er);
            float norm = 1f / MathF.Sqrt((cr * cr) + (ci * ci));
            _peakReal[j] = cr * norm;
            _peakImag[j] = ci * norm;
        }
    }

    /// <summary>Eight <see cref="UnitPhasor(float)"/>s at once, the same operations in the same order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Cos, Vector256<float> Sin) UnitPhasor(Vector256<float> theta)
    {
        var one = Vector256<float>.One;
        Vector256<float> x = Vector256.Create(0.25f) * theta, x2 = x * x;
        Vector256<float> s = x * (one - (x2 / Vector256.Create(6f) * (one - (x2 / Vector256.Create(20f) * (one - (x2 / Vector256.Create(42f) * (one - (x2 / Vector256.Create(72f)))))))));
        Vector256<float> c = one - (x2 / Vector256.Create(2f) * (one - (x2 / Vector256.Create(12f) * (one - (x2 / Vector256.Create(30f) * (one - (x2 / Vector256.Create(56f) * (one - (x2 / Vector256.Create(90f))))))))));
        var two = Vector256.Create(2f);
        (c, s) = ((c * c) - (s * s), two * c * s);
        return ((c * c) - (s * s), two * c * s);
    }

    /// <summary><c>e^{iθ}</c> for <c>|θ| ≤ π</c>: Taylor series of <c>θ/4</c> (error below 10⁻⁹) squared twice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (float Cos, float Sin) UnitPhasor(float theta)
    {
        float x = 0.25f * theta, x2 = x * x;
        float s = x * (1 - (x2 / 6 * (1 - (x2 / 20 * (1 - (x2 / 42 * (1 - (x2 / 72))))))));
        float c = 1 - (x2 / 2 * (1 - (x2 / 12 * (1 - (x2 / 30 * (1 - (x2 / 56 * (1 - (x2 / 90)))))))));
        (c, s) = ((c * c) - (s * s), 2 * c * s);
        return ((c * c) - (s * s), 2 * c * s);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Assign(int k, float cos, float sin, ref float s, ref float nr, ref float ni, ref float real, ref float imag)
    {
        float m = Unsafe.Add(ref s, k);
        Unsafe.Add(ref nr, k) = cos;
        Unsafe.Add(ref ni, k) = sin;
        Unsafe.Add(ref real, k) = m * cos;
        Unsafe.Add(ref imag, k) = m * sin;
    }

    /// <summary>Every bin's phasor advanced at its centre frequency, <c>u·e^{i2πkH/N}</c> renormalised, and
    /// <c>s·</c> that phasor (the same operations, in the same order, as a scalar loop: bit-identical).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AdvanceAtCentre(ReadOnlySpan<float> s, ReadOnlySpan<float> ur, ReadOnlySpan<float> ui, ReadOnlySpan<float> rr, ReadOnlySpan<float> ri, Span<float> nr, Span<float> ni, Span<float> real, Span<float> imag)
    {
        int bins = s.Length, k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref float s0 = ref MemoryMarshal.GetReference(s);
            ref float ur0 = ref MemoryMarshal.GetReference(ur), ui0 = ref MemoryMarshal.GetReference(ui);
            ref float rr0 = ref MemoryMarshal.GetReference(rr), ri0 = ref MemoryMarshal.GetReference(ri);
            ref float nr0 = ref MemoryMarshal.GetReference(nr), ni0 = ref MemoryMarshal.GetReference(ni);
            ref float re0 = ref MemoryMarshal.GetReference(real), im0 = ref MemoryMarshal.GetReference(imag);
            for (; k <= bins - Vector256<float>.Count; k += Vector256<float>.Count)
            {
                Vector256<float> a = Vector256.LoadUnsafe(ref ur0, (nuint)k), b = Vector256.LoadUnsafe(ref ui0, (nuint)k);
                Vector256<float> c = Vector256.LoadUnsafe(ref rr0, (nuint)k), d = Vector256.LoadUnsafe(ref ri0, (nuint)k);
                Vector256<float> ar = (a * c) - (b * d), ai = (a * d) + (b * c);
                Vector256<float> norm = Vector256<float>.One / Vector256.Sqrt((ar * ar) + (ai * ai));
                ar *= norm;
                ai *= norm;
                Vector256<float> m = Vector256.LoadUnsafe(ref s0, (nuint)k);
                ar.StoreUnsafe(ref nr0, (nuint)k);
                ai.StoreUnsafe(ref ni0, (nuint)k);
                (m * ar).StoreUnsafe(ref re0, (nuint)k);
                (m * ai).StoreUnsafe(ref im0, (nuint)k);
            }
        }

        for (; k < bins; k++)
        {
            float ar = (ur[k] * rr[k]) - (ui[k] * ri[k]), ai = (ur[k] * ri[k]) + (ui[k] * rr[k]);
            float norm = 1f / MathF.Sqrt((ar * ar) + (ai * ai));
            ar *= norm;
            ai *= norm;
            nr[k] = ar;
            ni[k] = ai;
            real[k] = s[k] * ar;
            imag[k] = s[k] * ai;
        }
    }
}

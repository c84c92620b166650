using System.Runtime.CompilerServices;

namespace Phase.Fourier;

/// <summary>
/// Real FFTs of size <c>N</c> two frames at a time: frames <c>a</c> and <c>b</c> become one complex signal
/// <c>z = a + i·b</c>, transformed by a complex FFT of size <c>N</c>, and the two spectra are separated by symmetry:
/// <c>A[k] = (Z[k] + conj Z[N−k])/2</c>, <c>B[k] = (Z[k] − conj Z[N−k])/(2i)</c>. The inverse builds
/// <c>Z = A + i·B</c> (with <c>A[N−k] = conj A[k]</c>) and reads <c>a</c> and <c>b</c> off the real and imaginary
/// parts of one inverse complex FFT.
/// </summary>
/// <remarks>
/// <para>Per frame this does half a complex FFT of size N instead of a complex FFT of size N/2 plus the even/odd
/// deinterleave and the twiddled real/complex split of the single-frame path; the frames feed the complex FFT's first
/// stage directly as its real and imaginary planes, and the separation needs no twiddle factors. It pays off while
/// the size-N complex transform's working set (4·N floats) stays in the L1 cache.</para>
/// <para>Results agree with the single-frame path to float rounding (the factorisation differs), not bit for bit.</para>
/// </remarks>
internal sealed class PairedFrameFft
{
    private readonly int _size;
    private readonly ComplexFft _fft;
    private readonly AlignedBuffer _work; // planes re0, im0, re1, im1 of N floats
    private readonly int _separateWidth;
    private readonly int _packWidth;

    /// <param name="size">FFT size N.</param>
    /// <param name="maxVectorWidth">Widest vector the kernels may use.</param>
    /// <param name="fft">A complex FFT of length N to share (it holds no per-call state that outlives a call), or
    /// <see langword="null"/> to create one.</param>
    /// <param name="work">A work buffer of at least 4·N floats to share (its contents do not outlive a call), or
    /// <see langword="null"/> to allocate one.</param>
    public PairedFrameFft(int size, int maxVectorWidth, ComplexFft? fft = null, AlignedBuffer? work = null)
    {
        _size = size;
        _fft = fft ?? ComplexFft.Create(size, maxVectorWidth);
        _work = work ?? new AlignedBuffer(4 * size);
        _separateWidth = SimdWidth.Widest(maxVectorWidth, size / 2);
        _packWidth = SimdWidth.Widest(maxVectorWidth, (size - 1) / 2);
    }

    /// <summary>Spectra of frames <c>a</c> and <c>b</c> (N samples each) into K-bin planes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Forward(ref float a, ref float b, ref float ar, ref float ai, ref float br, ref float bi)
    {
        int n = _size;
        ref float re0 = ref _work[0];
        ref float im0 = ref _work[n];
        ref float re1 = ref _work[2 * n];
        ref float im1 = ref _work[3 * n];
        bool second = _fft.Forward(ref a, ref b, ref re0, ref im0, ref re1, ref im1);
        ref float zr = ref second ? ref re1 : ref re0;
        ref float zi = ref second ? ref im1 : ref im0;
        switch (_separateWidth)
        {
            case 16: Separate<Vec512>(ref zr, ref zi, ref ar, ref ai, ref br, ref bi, n); break;
            case 8: Separate<Vec256>(ref zr, ref zi, ref ar, ref ai, ref br, ref bi, n); break;
            case 4: Separate<Vec128>(ref zr, ref zi, ref ar, ref ai, ref br, ref bi, n); break;
            default: Separate<VecScalar>(ref zr, ref zi, ref ar, ref ai, ref br, ref bi, n); break;
        }
    }

    /// <summary>Frames <c>a</c> and <c>b</c> (scaled by 1/N) from their K-bin spectra; imaginary parts of bin 0 and
    /// (even N) bin N/2 are ignored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Inverse(ref float ar, ref float ai, ref float br, ref float bi, ref float a, ref float b)
    {
        int n = _size;
        ref float re0 = ref _work[0];
        ref float im0 = ref _work[n];
        ref float re1 = ref _work[2 * n];
        ref float im1 = ref _work[3 * n];

        // IDFT(Z) = swap(DFT(swap(Z))): Z's real part goes into the imaginary plane and vice versa, scaled by 1/N
        // already; the last stage writes Re IDFT to frame a and Im IDFT to frame b directly.
        float scale = 1f / n;
        switch (_packWidth)
        {
            case 16: Pack<Vec512>(ref ar, ref ai, ref br, ref bi, ref im0, ref re0, n, scale); break;
            case 8: Pack<Vec256>(ref ar, ref ai, ref br, ref bi, ref im0, ref re0, n, scale); break;
            case 4: Pack<Vec128>(ref ar, ref ai, ref br, ref bi, ref im0, ref re0, n, scale); break;
            default: Pack<VecScalar>(ref ar, ref ai, ref br, ref bi, ref im0, ref re0, n, scale); break;
        }

        _fft.ForwardSwappedPlanar(ref re0, ref im0, ref re0, ref im0, ref re1, ref im1, ref a, ref b);
    }

    /// <summary>
    /// <c>A[k] = ((Zr[k] + Zr[N−k]) + i(Zi[k] − Zi[N−k]))/2</c>, <c>B[k] = ((Zi[k] + Zi[N−k]) + i(Zr[N−k] − Zr[k]))/2</c>
    /// for <c>k = 1 … ⌊N/2⌋</c>; bin 0 from <c>Z[0]</c>. Lane layout: bins <c>k₀ … k₀+W−1</c> per vector, partners
    /// loaded at <c>N−k₀−W+1</c> and lane-reversed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Separate<T>(ref float zr, ref float zi, ref float ar, ref float ai, ref float br, ref float bi, int n)
        where T : struct, IFloatVector<T>
    {
        ar = zr;
        ai = 0f;
        br = zi;
        bi = 0f;
        nint w = T.Count, half = n / 2;
        if (half < w)
        {
            return; // n = 2 with W = 1 is the only such case
        }

        T h = T.Broadcast(0.5f);
        for (nint i = 1; i <= half; i += w)
        {
            nint k = Math.Min(i, half - w + 1);
            nint q = n - k - w + 1;
            T xr = T.Load(ref Unsafe.Add(ref zr, k)), xi = T.Load(ref Unsafe.Add(ref zi, k));
            T yr = T.Reverse(T.Load(ref Unsafe.Add(ref zr, q))), yi = T.Reverse(T.Load(ref Unsafe.Add(ref zi, q)));
            T.Store((xr + yr) * h, ref Unsafe.Add(ref ar, k));
            T.Store((xi - yi) * h, ref Unsafe.Add(ref ai, k));
            T.Store((xi + yi) * h, ref Unsafe.Add(ref br, k));
            T.Store((yr - xr) * h, ref Unsafe.Add(ref bi, k));
        }
    }

    /// <summary>
    /// <c>Z[k] = A[k] + i·B[k]</c> and <c>Z[N−k] = conj A[k] + i·conj B[k]</c> for <c>k = 1 … ⌈N/2⌉−1</c>;
    /// <c>Z[0] = Re A[0] + i·Re B[0]</c> and, for even N, <c>Z[N/2] = Re A[N/2] + i·Re B[N/2]</c>; all multiplied by
    /// <paramref name="scale"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pack<T>(ref float ar, ref float ai, ref float br, ref float bi, ref float zr, ref float zi, int n, float scale)
        where T : struct, IFloatVector<T>
    {
        zr = scale * ar;
        zi = scale * br;
        if (n % 2 == 0)
        {
            Unsafe.Add(ref zr, n / 2) = scale * Unsafe.Add(ref ar, n / 2);
            Unsafe.Add(ref zi, n / 2) = scale * Unsafe.Add(ref br, n / 2);
        }

        nint w = T.Count, last = (n - 1) / 2;
        if (last < w)
        {
            return; // n ≤ 2
        }

        T s = T.Broadcast(scale);
        for (nint i = 1; i <= last; i += w)
        {
            nint k = Math.Min(i, last - w + 1);
            nint q = n - k - w + 1;
            T xr = T.Load(ref Unsafe.Add(ref ar, k)) * s, xi = T.Load(ref Unsafe.Add(ref ai, k)) * s;
            T yr = T.Load(ref Unsafe.Add(ref br, k)) * s, yi = T.Load(ref Unsafe.Add(ref bi, k)) * s;
            T.Store(xr - yi, ref Unsafe.Add(ref zr, k));
            T.Store(xi + yr, ref Unsafe.Add(ref zi, k));
            T.Store(T.Reverse(xr + yi), ref Unsafe.Add(ref zr, q));
            T.Store(T.Reverse(yr - xi), ref Unsafe.Add(ref zi, q));
        }
    }
}

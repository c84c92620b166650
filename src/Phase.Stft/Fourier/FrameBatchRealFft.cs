using System.Runtime.CompilerServices;

namespace Phase.Fourier;

/// <summary>
/// Real FFTs of even size <c>N</c> for groups of <c>W</c> frames at once, one frame per vector lane (W = vector width).
/// </summary>
/// <remarks>
/// <para>Layout inside a group: "rows" of <c>W</c> floats, lane <c>f</c> = frame <c>f</c>. The input is transposed from
/// frame-major into rows (sample pairs <c>z[m] = x[2m] + i·x[2m+1]</c>: row <c>m</c> of the real plane holds
/// <c>x_f[2m]</c>, of the imaginary plane <c>x_f[2m+1]</c>), the <c>N/2</c>-point complex FFT runs as Stockham stages
/// whose vectors are whole rows (no shuffles, broadcast twiddles, no four-step transpose), the real/complex split pairs
/// row <c>k</c> with row <c>n−k</c> (no lane reversal), and the spectrum is transposed back to frame-major planes.
/// Transposes go through <c>W × W</c> register blocks.</para>
/// <para>Each lane performs exactly the same arithmetic as every other lane, but not the same as the single-frame
/// path (different factorisation), so results agree with <see cref="RealFft.Forward"/> to float rounding, not bit for
/// bit.</para>
/// </remarks>
internal sealed class FrameBatchRealFft
{
    private readonly int _size;
    private readonly int _n;
    private readonly int _bins;
    private readonly int _width;
    private readonly FourStepFft _fft;
    private readonly AlignedBuffer _work;   // four planes of n·W floats, then K·W rows for the spectrum (two planes)
    private readonly AlignedBuffer _block;  // two W × W blocks
    private readonly AlignedBuffer _half;   // ½·e^{−2πik/N}, k = 0 … n/2: re then im

    /// <param name="size">Even FFT size N with N/2 2·3·5-smooth and N/2 ≥ <paramref name="width"/>.</param>
    /// <param name="width">Frames per group (16, 8 or 4): the lane count of the transposes.</param>
    /// <param name="maxVectorWidth">Widest vector the Stockham stages may use (runs of s·width floats).</param>
    public FrameBatchRealFft(int size, int width, int maxVectorWidth)
    {
        _size = size;
        _n = size / 2;
        _bins = _n + 1;
        _width = width;
        _fft = new FourStepFft(_n, maxVectorWidth, rowWidth: width);
        _work = new AlignedBuffer((4 * _n * width) + (2 * _bins * width));
        _block = new AlignedBuffer(2 * width * width);
        int half = _n / 2;
        _half = new AlignedBuffer(2 * (half + 1));
        for (int k = 0; k <= half; k++)
        {
            (double sin, double cos) = Math.SinCos(-2 * Math.PI * k / size);
            _half[k] = (float)(0.5 * cos);
            _half[half + 1 + k] = (float)(0.5 * sin);
        }
    }

    /// <summary>Frames per group (the vector width).</summary>
    public int Width => _width;

    /// <summary>Whether a plan of this size can use the batch path with vectors of <paramref name="width"/> floats.</summary>
    public static bool Supports(int size, int width) =>
        width > 1 && size % 2 == 0 && size / 2 >= width && ComplexFft.IsSmooth(size / 2);

    /// <summary>Forward transforms of <see cref="Width"/> frames: input frame f at <c>x + f·N</c>, bins at
    /// <c>re/im + f·K</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ForwardGroup(ref float x, ref float re, ref float im)
    {
        switch (_width)
        {
            case 16: Forward<Vec512>(ref x, ref re, ref im); break;
            case 8: Forward<Vec256>(ref x, ref re, ref im); break;
            default: Forward<Vec128>(ref x, ref re, ref im); break;
        }
    }

    /// <summary>Inverse transforms (scaled by 1/N) of <see cref="Width"/> frames.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void InverseGroup(ref float re, ref float im, ref float y)
    {
        switch (_width)
        {
            case 16: Inverse<Vec512>(ref re, ref im, ref y); break;
            case 8: Inverse<Vec256>(ref re, ref im, ref y); break;
            default: Inverse<Vec128>(ref re, ref im, ref y); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forward<T>(ref float x, ref float re, ref float im)
        where T : struct, IFloatVector<T>
    {
        nint w = T.Count, n = _n, rows = n * w;
        ref float r0 = ref _work[0];
        ref float i0 = ref Unsafe.Add(ref r0, rows);
        ref float r1 = ref Unsafe.Add(ref r0, 2 * rows);
        ref float i1 = ref Unsafe.Add(ref r0, 3 * rows);
        ref float xr = ref Unsafe.Add(ref r0, 4 * rows);
        ref float xi = ref Unsafe.Add(ref xr, _bins * w);
        ref float ta = ref _block[0];
        ref float tb = ref Unsafe.Add(ref ta, w * w);

        // Frame-major samples → rows: deinterleave W sample pairs of each frame into a block, then transpose it.
        for (nint b = 0; b < n; b += w)
        {
            nint m0 = Math.Min(b, n - w);
            for (nint f = 0; f < w; f++)
            {
                T.LoadDeinterleaved(ref Unsafe.Add(ref x, (f * _size) + (2 * m0)), out T even, out T odd);
                T.Store(even, ref Unsafe.Add(ref ta, f * w));
                T.Store(odd, ref Unsafe.Add(ref tb, f * w));
            }

            T.TransposeBlock(ref ta, w, ref Unsafe.Add(ref r0, m0 * w), w);
            T.TransposeBlock(ref tb, w, ref Unsafe.Add(ref i0, m0 * w), w);
        }

        bool second = _fft.Forward(ref r0, ref i0, ref r1, ref i1);
        ref float zr = ref second ? ref r1 : ref r0;
        ref float zi = ref second ? ref i1 : ref i0;
        SplitRows<T>(ref zr, ref zi, ref xr, ref xi);

        // Rows of bins → frame-major planes.
        nint bins = _bins;
        for (nint b = 0; b < bins; b += w)
        {
            nint k0 = Math.Min(b, bins - w);
            T.TransposeBlock(ref Unsafe.Add(ref xr, k0 * w), w, ref Unsafe.Add(ref re, k0), bins);
            T.TransposeBlock(ref Unsafe.Add(ref xi, k0 * w), w, ref Unsafe.Add(ref im, k0), bins);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Inverse<T>(ref float re, ref float im, ref float y)
        where T : struct, IFloatVector<T>
    {
        nint w = T.Count, n = _n, rows = n * w;
        ref float r0 = ref _work[0];
        ref float i0 = ref Unsafe.Add(ref r0, rows);
        ref float r1 = ref Unsafe.Add(ref r0, 2 * rows);
        ref float i1 = ref Unsafe.Add(ref r0, 3 * rows);
        ref float xr = ref Unsafe.Add(ref r0, 4 * rows);
        ref float xi = ref Unsafe.Add(ref xr, _bins * w);
        ref float ta = ref _block[0];
        ref float tb = ref Unsafe.Add(ref ta, w * w);

        nint bins = _bins;
        for (nint b = 0; b < bins; b += w)
        {
            nint k0 = Math.Min(b, bins - w);
            T.TransposeBlock(ref Unsafe.Add(ref re, k0), bins, ref Unsafe.Add(ref xr, k0 * w), w);
            T.TransposeBlock(ref Unsafe.Add(ref im, k0), bins, ref Unsafe.Add(ref xi, k0 * w), w);
        }

        // The inverse DFT as swap(DFT(swap(V))): V's real part goes into the imaginary plane and vice versa.
        JoinRows<T>(ref xr, ref xi, ref i0, ref r0);
        bool second = _fft.Forward(ref r0, ref i0, ref r1, ref i1);
        ref float ur = ref second ? ref i1 : ref i0;
        ref float ui = ref second ? ref r1 : ref r0;

        T scale = T.Broadcast(1f / _n);
        for (nint b = 0; b < n; b += w)
        {
            nint m0 = Math.Min(b, n - w);
            T.TransposeBlock(ref Unsafe.Add(ref ur, m0 * w), w, ref ta, w);
            T.TransposeBlock(ref Unsafe.Add(ref ui, m0 * w), w, ref tb, w);
            for (nint f = 0; f < w; f++)
            {
                T even = T.Load(ref Unsafe.Add(ref ta, f * w)) * scale;
                T odd = T.Load(ref Unsafe.Add(ref tb, f * w)) * scale;
                T.StoreInterleaved(even, odd, ref Unsafe.Add(ref y, (f * _size) + (2 * m0)));
            }
        }
    }

    /// <summary>The split of <see cref="RealKernels.SplitSpectrum{T}"/> on rows: row k pairs with row n−k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SplitRows<T>(ref float zr, ref float zi, ref float xr, ref float xi)
        where T : struct, IFloatVector<T>
    {
        nint w = T.Count, n = _n, half = n / 2;
        ref float hr = ref _half[0];
        ref float hi = ref _half[(int)half + 1];
        T z0r = T.Load(ref zr), z0i = T.Load(ref zi), zero = T.Broadcast(0f);
        T.Store(z0r + z0i, ref xr);
        T.Store(zero, ref xi);
        T.Store(z0r - z0i, ref Unsafe.Add(ref xr, n * w));
        T.Store(zero, ref Unsafe.Add(ref xi, n * w));
        T h = T.Broadcast(0.5f);
        for (nint k = 1; k <= half; k++)
        {
            nint a = k * w, q = (n - k) * w;
            T ar = T.Load(ref Unsafe.Add(ref zr, a)), ai = T.Load(ref Unsafe.Add(ref zi, a));
            T pr = T.Load(ref Unsafe.Add(ref zr, q)), pi = T.Load(ref Unsafe.Add(ref zi, q));
            T wr = T.Broadcast(Unsafe.Add(ref hr, k)), wi = T.Broadcast(Unsafe.Add(ref hi, k));
            T er = (ar + pr) * h, ei = (ai - pi) * h;
            T dr = ar - pr, di = ai + pi;
            T fr = T.MultiplyAdd(wi, dr, wr * di);
            T fi = T.NegatedMultiplyAdd(wr, dr, wi * di);
            T.Store(er + fr, ref Unsafe.Add(ref xr, a));
            T.Store(ei + fi, ref Unsafe.Add(ref xi, a));
            T.Store(er - fr, ref Unsafe.Add(ref xr, q));
            T.Store(fi - ei, ref Unsafe.Add(ref xi, q));
        }
    }

    /// <summary>The join of <see cref="RealKernels.JoinSpectrum{T}"/> on rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void JoinRows<T>(ref float xr, ref float xi, ref float vr, ref float vi)
        where T : struct, IFloatVector<T>
    {
        nint w = T.Count, n = _n, half = n / 2;
        ref float hr = ref _half[0];
        ref float hi = ref _half[(int)half + 1];
        T h = T.Broadcast(0.5f);
        T x0 = T.Load(ref xr), xn = T.Load(ref Unsafe.Add(ref xr, n * w));
        T.Store((x0 + xn) * h, ref vr);
        T.Store((x0 - xn) * h, ref vi);
        for (nint k = 1; k <= half; k++)
        {
            nint a = k * w, q = (n - k) * w;
            T ar = T.Load(ref Unsafe.Add(ref xr, a)), ai = T.Load(ref Unsafe.Add(ref xi, a));
            T pr = T.Load(ref Unsafe.Add(ref xr, q)), pi = T.Load(ref Unsafe.Add(ref xi, q));
            T wr = T.Broadcast(Unsafe.Add(ref hr, k)), wi = T.Broadcast(Unsafe.Add(ref hi, k));
            T sr = (ar + pr) * h, si = (ai - pi) * h;
            T dr = ar - pr, di = ai + pi;
            T gr = T.MultiplyAdd(wi, di, wr * dr);
            T gi = T.NegatedMultiplyAdd(wi, dr, wr * di);
            T.Store(sr - gi, ref Unsafe.Add(ref vr, a));
            T.Store(si + gr, ref Unsafe.Add(ref vi, a));
            T.Store(sr + gi, ref Unsafe.Add(ref vr, q));
            T.Store(gr - si, ref Unsafe.Add(ref vi, q));
        }
    }
}

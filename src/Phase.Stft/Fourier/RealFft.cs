using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Phase.Fourier;

/// <summary>
/// Real-input FFT of a fixed size <c>N</c> (a plan): forward <c>X[k] = Σ_{m=0}^{N−1} x[m]·e^{−2πikm/N}</c> for
/// <c>k = 0 … ⌊N/2⌋</c> (unnormalised), and the inverse <c>x[m] = (1/N)·Σ_{k=0}^{N−1} X[k]·e^{2πikm/N}</c> using
/// Hermitian symmetry <c>X[N−k] = conj X[k]</c>.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> Spectra are split into a real and an imaginary plane of <c>K = ⌊N/2⌋ + 1</c> floats each
/// (<see cref="BinCount"/>). Batched calls store <c>count</c> frames one after another: frame <c>f</c> occupies
/// samples <c>[f·N, (f+1)·N)</c> and bins <c>[f·K, (f+1)·K)</c> of each plane.</para>
/// <para><b>Algorithm.</b> For even <c>N</c> the <c>N</c> real samples are read as <c>N/2</c> complex ones
/// (<c>z[m] = x[2m] + i·x[2m+1]</c>), transformed by a complex FFT of size <c>N/2</c> and separated into the real
/// spectrum by one twiddle pass. The complex FFT is a four-step mixed-radix (2, 3, 4, 5, 8) Stockham FFT when
/// <c>N/2</c> has no prime factor above 5 (all powers of two, and STFT sizes such as 400, 480, 960, 1000, 1200), and
/// Bluestein's chirp-z algorithm over a power-of-two FFT otherwise. Odd <c>N</c> use a complex FFT of size <c>N</c>.
/// Kernels run on AVX-512, AVX2 or SSE/NEON vectors with a scalar fallback; see <c>docs/fft.md</c>.</para>
/// <para><b>Batches.</b> <see cref="ForwardBatch"/> and <see cref="InverseBatch"/> transform one frame per vector
/// lane (N ≤ 256) or two frames per complex FFT of size N (N ≤ 1536, and every odd N), which is cheaper per frame than
/// single calls; for other sizes they run the single-frame path frame by frame. Results agree with the single-frame
/// calls to float rounding (bit for bit when frame by frame).</para>
/// <para><b>Accuracy.</b> Twiddle factors are computed in double precision and rounded once to float. The relative
/// RMS error against the exact DFT, <c>‖X − X_exact‖₂ / ‖X_exact‖₂</c>, grows like <c>ε·log₂N</c> (ε = 2⁻²⁴):
/// measured 0.6e-7 at N = 16, 1.1e-7 at N = 1024, 1.6e-7 at N = 2²⁰ for noise input, and about 2e-7 for Bluestein
/// sizes; a forward-inverse round trip stays below 3.5e-7.</para>
/// <para><b>Threading and memory.</b> A plan owns its scratch buffers, so one instance must not be used by two threads
/// at once; create one plan per thread (plans for the same size are independent). A plan holds about 4·N floats of
/// tables and scratch (more for Bluestein sizes and batch paths). After construction no method allocates.</para>
/// </remarks>
public sealed class RealFft
{
    /// <summary>The largest supported size, 2²⁰.</summary>
    public const int MaxSize = 1 << 20;

    private readonly bool _even;
    private readonly int _n;          // complex transform length: N/2 for even N, N for odd N
    private readonly ComplexFft _fft;
    private readonly AlignedBuffer _work;    // planes re0, im0, re1, im1 of _n floats each
    private readonly AlignedBuffer? _halfTwiddles; // ½·e^{−2πik/N}, k = 0 … ⌊n/2⌋: re then im
    private readonly int _splitWidth;  // vector width for the real/complex split over ⌊n/2⌋ pairs
    private readonly FrameBatchRealFft? _lanes; // batched calls: one frame per vector lane
    private readonly PairedFrameFft? _pairs;    // batched calls: two frames per complex FFT

    /// <summary>Creates a plan for transforms of <paramref name="size"/> samples. Construction precomputes twiddle
    /// tables (O(N) memory, O(N) time; O(N log N) for Bluestein sizes) and allocates all scratch.</summary>
    /// <param name="size">Transform size <c>N</c>, 2 … <see cref="MaxSize"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is out of range.</exception>
    public RealFft(int size)
        : this(size, SimdWidth.Default)
    {
    }

    /// <summary>Creates a plan whose kernels use vectors of at most <paramref name="maxVectorWidth"/> floats
    /// (16, 8, 4 or 1; clamped to what the hardware supports). For tests and benchmarks.</summary>
    internal RealFft(int size, int maxVectorWidth, BatchStrategy batch = BatchStrategy.Automatic)
    {
        if (size < 2 || size > MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The FFT size must be between 2 and {MaxSize}.");
        }

        Size = size;
        BinCount = (size / 2) + 1;
        _even = size % 2 == 0;
        _n = _even ? size / 2 : size;
        _fft = ComplexFft.Create(_n, maxVectorWidth);
        _work = new AlignedBuffer(4 * _n);
        _splitWidth = SimdWidth.Widest(maxVectorWidth, _n / 2);
        if (_even)
        {
            int half = _n / 2;
            _halfTwiddles = new AlignedBuffer(2 * (half + 1));
            for (int k = 0; k <= half; k++)
            {
                (double sin, double cos) = Math.SinCos(-2 * Math.PI * k / size);
                _halfTwiddles[k] = (float)(0.5 * cos);
                _halfTwiddles[half + 1 + k] = (float)(0.5 * sin);
            }
        }

        int lanes = SimdWidth.Widest(maxVectorWidth, int.MaxValue);
        if (batch == BatchStrategy.Automatic)
        {
            batch = ChooseBatch(size, lanes);
        }

        if (batch == BatchStrategy.Lanes && FrameBatchRealFft.Supports(size, lanes))
        {
            _lanes = new FrameBatchRealFft(size, lanes, maxVectorWidth);
        }
        else if (batch == BatchStrategy.Pairs)
        {
            // Odd N: the single-frame path already holds a size-N complex plan and a 4·N work buffer; share both.
            _pairs = _even ? new PairedFrameFft(size, maxVectorWidth) : new PairedFrameFft(size, maxVectorWidth, _fft, _work);
        }
    }

    /// <summary>The batch strategy in use (for tests and benchmarks).</summary>
    internal BatchStrategy Batch => _lanes is not null ? BatchStrategy.Lanes : _pairs is not null ? BatchStrategy.Pairs : BatchStrategy.FrameByFrame;

    /// <summary>
    /// Batch policy, from measurements on AVX-512 (docs/fft.md): one frame per lane while a group of frames fits in
    /// the L1 cache (N ≤ 256); two frames per complex FFT of size N while that transform's four planes fit in L1
    /// (N ≤ 1536), and always for odd N, whose single-frame path is already a complex FFT of size N with a zero
    /// imaginary part; frame by frame otherwise (the single-frame working set is half as large).
    /// </summary>
    private static BatchStrategy ChooseBatch(int size, int lanes)
    {
        if (size % 2 == 1)
        {
            return BatchStrategy.Pairs;
        }

        if (!ComplexFft.IsSmooth(size / 2))
        {
            return BatchStrategy.FrameByFrame;
        }

        if (size <= 256 && FrameBatchRealFft.Supports(size, lanes))
        {
            return BatchStrategy.Lanes;
        }

        return size <= 1536 ? BatchStrategy.Pairs : BatchStrategy.FrameByFrame;
    }

    /// <summary>Transform size <c>N</c>.</summary>
    public int Size { get; }

    /// <summary>Bins <c>K = ⌊N/2⌋ + 1</c>.</summary>
    public int BinCount { get; }

    /// <summary>The complex FFT inside the plan (for tests and diagnostics).</summary>
    internal ComplexFft Complex => _fft;

    /// <summary>Forward transform <c>X[k] = Σ_m x[m]·e^{−2πikm/N}</c>, <c>k = 0 … K−1</c>, unnormalised. The imaginary
    /// parts of bin 0 and (for even N) bin N/2 are written as 0. O(N log N); allocates nothing.</summary>
    /// <param name="input"><c>N</c> real samples.</param>
    /// <param name="real">Receives <c>K</c> real parts.</param>
    /// <param name="imag">Receives <c>K</c> imaginary parts.</param>
    /// <exception cref="ArgumentException">A span does not have exactly the length given above.</exception>
    public void Forward(ReadOnlySpan<float> input, Span<float> real, Span<float> imag)
    {
        CheckLength(input.Length, Size, nameof(input));
        CheckLength(real.Length, BinCount, nameof(real));
        CheckLength(imag.Length, BinCount, nameof(imag));
        ForwardCore(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(real), ref MemoryMarshal.GetReference(imag));
    }

    /// <summary>Inverse transform, scaled by <c>1/N</c> so that <c>Inverse(Forward(x)) = x</c>. The imaginary parts of
    /// bin 0 and (for even N) bin N/2 are ignored, as a real signal's spectrum has none. O(N log N); allocates
    /// nothing.</summary>
    /// <param name="real"><c>K</c> real parts.</param>
    /// <param name="imag"><c>K</c> imaginary parts.</param>
    /// <param name="output">Receives <c>N</c> real samples.</param>
    /// <exception cref="ArgumentException">A span does not have exactly the length given above.</exception>
    public void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        CheckLength(real.Length, BinCount, nameof(real));
        CheckLength(imag.Length, BinCount, nameof(imag));
        CheckLength(output.Length, Size, nameof(output));
        InverseCore(ref MemoryMarshal.GetReference(real), ref MemoryMarshal.GetReference(imag), ref MemoryMarshal.GetReference(output));
    }

    /// <summary>Forward transforms of <paramref name="count"/> frames stored one after another; the same result as
    /// <see cref="Forward"/> on each frame. Allocates nothing.</summary>
    /// <param name="input"><c>count·N</c> samples.</param>
    /// <param name="real">Receives <c>count·K</c> real parts.</param>
    /// <param name="imag">Receives <c>count·K</c> imaginary parts.</param>
    /// <param name="count">Number of frames, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentException">A span does not have exactly the length given above.</exception>
    public void ForwardBatch(ReadOnlySpan<float> input, Span<float> real, Span<float> imag, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckLength(input.Length, (long)count * Size, nameof(input));
        CheckLength(real.Length, (long)count * BinCount, nameof(real));
        CheckLength(imag.Length, (long)count * BinCount, nameof(imag));
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float re = ref MemoryMarshal.GetReference(real);
        ref float im = ref MemoryMarshal.GetReference(imag);
        int f = 0;
        if (_lanes is not null)
        {
            for (int w = _lanes.Width; count - f >= w; f += w)
            {
                _lanes.ForwardGroup(ref Unsafe.Add(ref x, (nint)f * Size), ref Unsafe.Add(ref re, (nint)f * BinCount), ref Unsafe.Add(ref im, (nint)f * BinCount));
            }
        }
        else if (_pairs is not null)
        {
            for (; count - f >= 2; f += 2)
            {
                nint a = (nint)f * Size, k = (nint)f * BinCount;
                _pairs.Forward(
                    ref Unsafe.Add(ref x, a), ref Unsafe.Add(ref x, a + Size),
                    ref Unsafe.Add(ref re, k), ref Unsafe.Add(ref im, k), ref Unsafe.Add(ref re, k + BinCount), ref Unsafe.Add(ref im, k + BinCount));
            }
        }

        for (; f < count; f++)
        {
            ForwardCore(ref Unsafe.Add(ref x, (nint)f * Size), ref Unsafe.Add(ref re, (nint)f * BinCount), ref Unsafe.Add(ref im, (nint)f * BinCount));
        }
    }

    /// <summary>Inverse transforms of <paramref name="count"/> frames stored one after another, each scaled by
    /// <c>1/N</c>; the same result as <see cref="Inverse"/> on each frame. Allocates nothing.</summary>
    /// <param name="real"><c>count·K</c> real parts.</param>
    /// <param name="imag"><c>count·K</c> imaginary parts.</param>
    /// <param name="output">Receives <c>count·N</c> samples.</param>
    /// <param name="count">Number of frames, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentException">A span does not have exactly the length given above.</exception>
    public void InverseBatch(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckLength(real.Length, (long)count * BinCount, nameof(real));
        CheckLength(imag.Length, (long)count * BinCount, nameof(imag));
        CheckLength(output.Length, (long)count * Size, nameof(output));
        ref float re = ref MemoryMarshal.GetReference(real);
        ref float im = ref MemoryMarshal.GetReference(imag);
        ref float y = ref MemoryMarshal.GetReference(output);
        int f = 0;
        if (_lanes is not null)
        {
            for (int w = _lanes.Width; count - f >= w; f += w)
            {
                _lanes.InverseGroup(ref Unsafe.Add(ref re, (nint)f * BinCount), ref Unsafe.Add(ref im, (nint)f * BinCount), ref Unsafe.Add(ref y, (nint)f * Size));
            }
        }
        else if (_pairs is not null)
        {
            for (; count - f >= 2; f += 2)
            {
                nint a = (nint)f * Size, k = (nint)f * BinCount;
                _pairs.Inverse(
                    ref Unsafe.Add(ref re, k), ref Unsafe.Add(ref im, k), ref Unsafe.Add(ref re, k + BinCount), ref Unsafe.Add(ref im, k + BinCount),
                    ref Unsafe.Add(ref y, a), ref Unsafe.Add(ref y, a + Size));
            }
        }

        for (; f < count; f++)
        {
            InverseCore(ref Unsafe.Add(ref re, (nint)f * BinCount), ref Unsafe.Add(ref im, (nint)f * BinCount), ref Unsafe.Add(ref y, (nint)f * Size));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ForwardCore(ref float x, ref float real, ref float imag)
    {
        int n = _n;
        ref float re0 = ref _work[0];
        ref float im0 = ref _work[n];
        ref float re1 = ref _work[2 * n];
        ref float im1 = ref _work[3 * n];
        bool second;
        if (_even)
        {
            // z[m] = x[2m] + i·x[2m+1], read straight from the input by the first stage.
            second = _fft.ForwardInterleaved(ref x, ref re0, ref im0, ref re1, ref im1);
        }
        else
        {
            MemoryMarshal.CreateReadOnlySpan(ref x, n).CopyTo(_work.Span[..n]);
            _work.Span.Slice(n, n).Clear();
            second = _fft.Forward(ref re0, ref im0, ref re1, ref im1);
        }

        ref float zr = ref second ? ref re1 : ref re0;
        ref float zi = ref second ? ref im1 : ref im0;
        if (!_even)
        {
            MemoryMarshal.CreateReadOnlySpan(ref zr, BinCount).CopyTo(MemoryMarshal.CreateSpan(ref real, BinCount));
            MemoryMarshal.CreateReadOnlySpan(ref zi, BinCount).CopyTo(MemoryMarshal.CreateSpan(ref imag, BinCount));
            imag = 0f;
            return;
        }

        int half = n / 2;
        ref float hr = ref _halfTwiddles![0];
        ref float hi = ref _halfTwiddles[half + 1];
        switch (_splitWidth)
        {
            case 16: RealKernels.SplitSpectrum<Vec512>(ref zr, ref zi, ref hr, ref hi, ref real, ref imag, n); break;
            case 8: RealKernels.SplitSpectrum<Vec256>(ref zr, ref zi, ref hr, ref hi, ref real, ref imag, n); break;
            case 4: RealKernels.SplitSpectrum<Vec128>(ref zr, ref zi, ref hr, ref hi, ref real, ref imag, n); break;
            default: RealKernels.SplitSpectrum<VecScalar>(ref zr, ref zi, ref hr, ref hi, ref real, ref imag, n); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void InverseCore(ref float real, ref float imag, ref float y)
    {
        int n = _n;
        ref float re0 = ref _work[0];
        ref float im0 = ref _work[n];
        ref float re1 = ref _work[2 * n];
        ref float im1 = ref _work[3 * n];

        // The inverse DFT is computed as swap(DFT(swap(Z))), swap(a + ib) = b + ia: the spectrum's real part goes into
        // the imaginary plane and vice versa, and the result's planes are read swapped.
        if (_even)
        {
            // JoinSpectrum builds V = Z/2 scaled by 1/n (2/N overall); the last stage writes y[2m] = Re, y[2m+1] = Im
            // of the inverse DFT, i.e. the imaginary and real planes of the swapped transform, straight to the output.
            int half = n / 2;
            float scale = 1f / n;
            ref float hr = ref _halfTwiddles![0];
            ref float hi = ref _halfTwiddles[half + 1];
            switch (_splitWidth)
            {
                case 16: RealKernels.JoinSpectrum<Vec512>(ref real, ref imag, ref hr, ref hi, ref im0, ref re0, n, scale); break;
                case 8: RealKernels.JoinSpectrum<Vec256>(ref real, ref imag, ref hr, ref hi, ref im0, ref re0, n, scale); break;
                case 4: RealKernels.JoinSpectrum<Vec128>(ref real, ref imag, ref hr, ref hi, ref im0, ref re0, n, scale); break;
                default: RealKernels.JoinSpectrum<VecScalar>(ref real, ref imag, ref hr, ref hi, ref im0, ref re0, n, scale); break;
            }

            _fft.ForwardSwappedInterleaved(ref re0, ref im0, ref re0, ref im0, ref re1, ref im1, ref y);
            return;
        }

        im0 = real;
        re0 = 0f;
        for (int k = 1; k < BinCount; k++)
        {
            float r = Unsafe.Add(ref real, k), i = Unsafe.Add(ref imag, k);
            Unsafe.Add(ref im0, k) = r;
            Unsafe.Add(ref re0, k) = i;
            Unsafe.Add(ref im0, n - k) = r;
            Unsafe.Add(ref re0, n - k) = -i;
        }

        bool second = _fft.Forward(ref re0, ref im0, ref re1, ref im1);
        ref float ur = ref second ? ref im1 : ref im0; // real part of the inverse DFT
        float inverseN = 1f / n;
        for (int i = 0; i < n; i++)
        {
            Unsafe.Add(ref y, i) = Unsafe.Add(ref ur, i) * inverseN;
        }
    }

    private static void CheckLength(int actual, long expected, string name)
    {
        if (actual != expected)
        {
            ThrowLength(actual, expected, name);
        }
    }

    private static void ThrowLength(int actual, long expected, string name) =>
        throw new ArgumentException($"{name} has {actual} elements; this transform needs exactly {expected}.", name);
}

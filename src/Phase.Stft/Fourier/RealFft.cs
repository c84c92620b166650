namespace Phase.Fourier;

/// <summary>
/// Real-input FFT of a fixed size <c>N</c> (a plan): forward <c>X[k] = Σ_{m=0}^{N−1} x[m]·e^{−2πikm/N}</c> for
/// <c>k = 0 … ⌊N/2⌋</c>, and the inverse <c>x[m] = (1/N)·Σ_{k=0}^{N−1} X[k]·e^{2πikm/N}</c> using Hermitian symmetry.
/// </summary>
/// <remarks>
/// <para>Spectra are split into real and imaginary planes of <c>K = ⌊N/2⌋ + 1</c> floats.</para>
/// <para>Interim implementation: radix-2 complex FFT for powers of two, Bluestein's chirp-z algorithm for every other size.
/// Not thread-safe (it owns scratch buffers); create one plan per thread. Transforms allocate nothing.</para>
/// </remarks>
public sealed class RealFft
{
    /// <summary>The largest supported size, 2²⁰.</summary>
    public const int MaxSize = 1 << 20;

    private readonly ComplexFftRadix2? _pow2;
    private readonly Bluestein? _bluestein;
    private readonly float[] _re;
    private readonly float[] _im;

    /// <summary>Creates a plan for transforms of <paramref name="size"/> samples.</summary>
    /// <param name="size">Transform size <c>N</c>, 2 … <see cref="MaxSize"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is out of range.</exception>
    public RealFft(int size)
    {
        if (size < 2 || size > MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The FFT size must be between 2 and {MaxSize}.");
        }

        Size = size;
        BinCount = size / 2 + 1;
        _re = new float[size];
        _im = new float[size];
        if ((size & (size - 1)) == 0)
        {
            _pow2 = new ComplexFftRadix2(size);
        }
        else
        {
            _bluestein = new Bluestein(size);
        }
    }

    /// <summary>Transform size <c>N</c>.</summary>
    public int Size { get; }

    /// <summary>Bins <c>K = ⌊N/2⌋ + 1</c>.</summary>
    public int BinCount { get; }

    /// <summary>Forward transform.</summary>
    /// <param name="input"><c>N</c> real samples.</param>
    /// <param name="real">Receives <c>K</c> real parts.</param>
    /// <param name="imag">Receives <c>K</c> imaginary parts.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Forward(ReadOnlySpan<float> input, Span<float> real, Span<float> imag)
    {
        CheckLengths(input.Length, Size, nameof(input));
        CheckLengths(real.Length, BinCount, nameof(real));
        CheckLengths(imag.Length, BinCount, nameof(imag));
        input.CopyTo(_re);
        Array.Clear(_im);
        Transform(forward: true);
        _re.AsSpan(0, BinCount).CopyTo(real);
        _im.AsSpan(0, BinCount).CopyTo(imag);
    }

    /// <summary>Inverse transform, scaled by <c>1/N</c> so that <c>Inverse(Forward(x)) = x</c>. The imaginary parts of
    /// bin 0 and (for even N) bin N/2 are ignored, as a real signal's spectrum has none.</summary>
    /// <param name="real"><c>K</c> real parts.</param>
    /// <param name="imag"><c>K</c> imaginary parts.</param>
    /// <param name="output">Receives <c>N</c> real samples.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        CheckLengths(real.Length, BinCount, nameof(real));
        CheckLengths(imag.Length, BinCount, nameof(imag));
        CheckLengths(output.Length, Size, nameof(output));
        int n = Size;
        _re[0] = real[0];
        _im[0] = 0;
        for (int k = 1; k < BinCount; k++)
        {
            _re[k] = real[k];
            _im[k] = imag[k];
            _re[n - k] = real[k];
            _im[n - k] = -imag[k];
        }

        if (n % 2 == 0)
        {
            _im[n / 2] = 0;
        }

        Transform(forward: false);
        float scale = 1f / n;
        for (int i = 0; i < n; i++)
        {
            output[i] = _re[i] * scale;
        }
    }

    /// <summary>Forward transforms of <paramref name="count"/> frames stored one after another.</summary>
    /// <param name="input"><c>count·N</c> samples.</param>
    /// <param name="real">Receives <c>count·K</c> real parts.</param>
    /// <param name="imag">Receives <c>count·K</c> imaginary parts.</param>
    /// <param name="count">Number of frames.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void ForwardBatch(ReadOnlySpan<float> input, Span<float> real, Span<float> imag, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckLengths(input.Length, count * Size, nameof(input));
        CheckLengths(real.Length, count * BinCount, nameof(real));
        CheckLengths(imag.Length, count * BinCount, nameof(imag));
        for (int f = 0; f < count; f++)
        {
            Forward(input.Slice(f * Size, Size), real.Slice(f * BinCount, BinCount), imag.Slice(f * BinCount, BinCount));
        }
    }

    /// <summary>Inverse transforms of <paramref name="count"/> frames stored one after another (each scaled by <c>1/N</c>).</summary>
    /// <param name="real"><c>count·K</c> real parts.</param>
    /// <param name="imag"><c>count·K</c> imaginary parts.</param>
    /// <param name="output">Receives <c>count·N</c> samples.</param>
    /// <param name="count">Number of frames.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void InverseBatch(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        CheckLengths(real.Length, count * BinCount, nameof(real));
        CheckLengths(imag.Length, count * BinCount, nameof(imag));
        CheckLengths(output.Length, count * Size, nameof(output));
        for (int f = 0; f < count; f++)
        {
            Inverse(real.Slice(f * BinCount, BinCount), imag.Slice(f * BinCount, BinCount), output.Slice(f * Size, Size));
        }
    }

    private void Transform(bool forward)
    {
        if (_pow2 is not null)
        {
            _pow2.Transform(_re, _im, forward);
        }
        else
        {
            _bluestein!.Transform(_re, _im, forward);
        }
    }

    private static void CheckLengths(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} has {actual} elements; this transform needs exactly {expected}.", name);
        }
    }
}

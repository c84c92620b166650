namespace Phase;

/// <summary>
/// A complex spectrogram <c>X[n, k]</c>: <see cref="FrameCount"/> frames of <see cref="BinCount"/> bins, stored as two
/// frame-major planes (real and imaginary parts; element <c>(n, k)</c> at index <c>n·K + k</c> of each), so SIMD kernels
/// work on contiguous floats. Phase is time-invariant (referenced to each frame's centre), see <see cref="StftSettings"/>.
/// </summary>
/// <remarks>Not thread-safe for concurrent writes. The wrapping constructor does not copy.</remarks>
public sealed class ComplexSpectrogram
{
    private readonly float[] _real;
    private readonly float[] _imag;

    /// <summary>Creates a zero spectrogram.</summary>
    /// <param name="frameCount">Frames <c>F</c>, ≥ 1.</param>
    /// <param name="binCount">Bins per frame <c>K</c>, ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is less than 1, or <c>F·K</c> exceeds the largest array.</exception>
    public ComplexSpectrogram(int frameCount, int binCount)
    {
        SpectrogramShape.Validate(frameCount, binCount, null);
        FrameCount = frameCount;
        BinCount = binCount;
        _real = new float[frameCount * binCount];
        _imag = new float[frameCount * binCount];
    }

    /// <summary>Wraps real and imaginary planes without copying them.</summary>
    /// <param name="real">Frame-major real parts, <c>F·K</c> values.</param>
    /// <param name="imag">Frame-major imaginary parts, <c>F·K</c> values.</param>
    /// <param name="frameCount">Frames <c>F</c>, ≥ 1.</param>
    /// <param name="binCount">Bins per frame <c>K</c>, ≥ 1.</param>
    /// <exception cref="ArgumentNullException">A plane is null.</exception>
    /// <exception cref="ArgumentException">A plane's length is not <c>F·K</c>, or a dimension is out of range.</exception>
    public ComplexSpectrogram(float[] real, float[] imag, int frameCount, int binCount)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(imag);
        SpectrogramShape.Validate(frameCount, binCount, real.Length, nameof(real));
        SpectrogramShape.Validate(frameCount, binCount, imag.Length, nameof(imag));
        FrameCount = frameCount;
        BinCount = binCount;
        _real = real;
        _imag = imag;
    }

    /// <summary>Frames <c>F</c>.</summary>
    public int FrameCount { get; }

    /// <summary>Bins per frame <c>K</c>.</summary>
    public int BinCount { get; }

    /// <summary>Real parts, frame-major (<c>F·K</c>).</summary>
    public Span<float> Real => _real;

    /// <summary>Imaginary parts, frame-major (<c>F·K</c>).</summary>
    public Span<float> Imaginary => _imag;

    /// <summary>Real parts as memory.</summary>
    public Memory<float> RealMemory => _real;

    /// <summary>Imaginary parts as memory.</summary>
    public Memory<float> ImaginaryMemory => _imag;

    /// <summary>Real parts of frame <paramref name="frame"/> (<c>K</c> values).</summary>
    /// <param name="frame">Frame <c>n</c>, 0 … F − 1.</param>
    /// <returns>A span over the frame's real parts.</returns>
    public Span<float> RealFrame(int frame) => _real.AsSpan(FrameStart(frame), BinCount);

    /// <summary>Imaginary parts of frame <paramref name="frame"/> (<c>K</c> values).</summary>
    /// <param name="frame">Frame <c>n</c>, 0 … F − 1.</param>
    /// <returns>A span over the frame's imaginary parts.</returns>
    public Span<float> ImaginaryFrame(int frame) => _imag.AsSpan(FrameStart(frame), BinCount);

    /// <summary>Gets or sets one coefficient.</summary>
    /// <param name="frame">Frame <c>n</c>.</param>
    /// <param name="bin">Bin <c>k</c>.</param>
    public System.Numerics.Complex this[int frame, int bin]
    {
        get
        {
            int i = Index(frame, bin);
            return new System.Numerics.Complex(_real[i], _imag[i]);
        }

        set
        {
            int i = Index(frame, bin);
            _real[i] = (float)value.Real;
            _imag[i] = (float)value.Imaginary;
        }
    }

    /// <summary>The magnitudes <c>|X[n, k]| = √(Re² + Im²)</c> as a new spectrogram.</summary>
    /// <returns>A new magnitude spectrogram of the same shape.</returns>
    public MagnitudeSpectrogram ToMagnitude()
    {
        var result = new MagnitudeSpectrogram(FrameCount, BinCount);
        Span<float> m = result.Values;
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = MathF.Sqrt(_real[i] * _real[i] + _imag[i] * _imag[i]);
        }

        return result;
    }

    /// <summary>A deep copy.</summary>
    /// <returns>A new spectrogram with its own arrays.</returns>
    public ComplexSpectrogram Clone() => new((float[])_real.Clone(), (float[])_imag.Clone(), FrameCount, BinCount);

    /// <summary>Throws unless every coefficient is finite; the message names the first bad frame and bin.</summary>
    /// <param name="paramName">The parameter to name in the exception.</param>
    /// <exception cref="ArgumentException">A coefficient is NaN or infinite.</exception>
    public void ThrowIfNotFinite(string paramName)
    {
        for (int i = 0; i < _real.Length; i++)
        {
            if (!float.IsFinite(_real[i]) || !float.IsFinite(_imag[i]))
            {
                ThrowHelper.Argument(paramName, $"Spectrogram coefficients must be finite, but frame {i / BinCount}, bin {i % BinCount} is ({_real[i]}, {_imag[i]}).");
            }
        }
    }

    private int FrameStart(int frame)
    {
        if ((uint)frame >= (uint)FrameCount)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(frame), frame, $"frame must be in [0, {FrameCount}).");
        }

        return frame * BinCount;
    }

    private int Index(int frame, int bin)
    {
        if ((uint)frame >= (uint)FrameCount || (uint)bin >= (uint)BinCount)
        {
            ThrowHelper.Argument(nameof(frame), $"({frame}, {bin}) is outside a {FrameCount} × {BinCount} spectrogram.");
        }

        return frame * BinCount + bin;
    }
}

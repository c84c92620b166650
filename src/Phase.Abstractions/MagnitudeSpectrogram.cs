using System.Globalization;

namespace Phase;

/// <summary>
/// A magnitude spectrogram <c>S[n, k] = |X[n, k]|</c>: <see cref="FrameCount"/> frames of <see cref="BinCount"/> bins, stored
/// frame-major in one contiguous array (element <c>(n, k)</c> at index <c>n·K + k</c>), linear amplitude (not power, not dB).
/// </summary>
/// <remarks>Not thread-safe for concurrent writes. The wrapping constructor does not copy: the spectrogram views the
/// caller's array.</remarks>
public sealed class MagnitudeSpectrogram
{
    private readonly float[] _data;

    /// <summary>The largest magnitude a reconstructor accepts: 10¹⁵. Above it float arithmetic inside the methods (energies
    /// <c>Σ S²</c>, FFT sums) loses range and the output degrades to noise, zeros or NaN; a reconstructor refuses such input
    /// with an <see cref="ArgumentException"/> naming its magnitudes parameter. Every method is scale-equivariant:
    /// divide larger magnitudes by their maximum, reconstruct, and multiply the waveform by it.</summary>
    public const float MaxMagnitude = 1e15f;

    /// <summary>Creates a zero spectrogram.</summary>
    /// <param name="frameCount">Frames <c>F</c>, ≥ 1.</param>
    /// <param name="binCount">Bins per frame <c>K</c>, ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is less than 1, or <c>F·K</c> exceeds the largest array.</exception>
    public MagnitudeSpectrogram(int frameCount, int binCount)
    {
        SpectrogramShape.Validate(frameCount, binCount, null);
        FrameCount = frameCount;
        BinCount = binCount;
        _data = new float[frameCount * binCount];
    }

    /// <summary>Wraps frame-major data without copying it.</summary>
    /// <param name="data">Frame-major magnitudes, exactly <c>F·K</c> values.</param>
    /// <param name="frameCount">Frames <c>F</c>, ≥ 1.</param>
    /// <param name="binCount">Bins per frame <c>K</c>, ≥ 1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data length is not <c>F·K</c>, or a dimension is out of range.</exception>
    public MagnitudeSpectrogram(float[] data, int frameCount, int binCount)
    {
        ArgumentNullException.ThrowIfNull(data);
        SpectrogramShape.Validate(frameCount, binCount, data.Length);
        FrameCount = frameCount;
        BinCount = binCount;
        _data = data;
    }

    /// <summary>Frames <c>F</c>.</summary>
    public int FrameCount { get; }

    /// <summary>Bins per frame <c>K</c>.</summary>
    public int BinCount { get; }

    /// <summary>All values, frame-major (<c>F·K</c>).</summary>
    public Span<float> Values => _data;

    /// <summary>All values as memory, frame-major (<c>F·K</c>).</summary>
    public Memory<float> Memory => _data;

    /// <summary>Gets or sets one value.</summary>
    /// <param name="frame">Frame <c>n</c>.</param>
    /// <param name="bin">Bin <c>k</c>.</param>
    public float this[int frame, int bin]
    {
        get => _data[Index(frame, bin)];
        set => _data[Index(frame, bin)] = value;
    }

    /// <summary>The <c>K</c> magnitudes of frame <paramref name="frame"/>.</summary>
    /// <param name="frame">Frame <c>n</c>, 0 … F − 1.</param>
    /// <returns>A span over the frame.</returns>
    public Span<float> Frame(int frame)
    {
        if ((uint)frame >= (uint)FrameCount)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(frame), frame, $"frame must be in [0, {FrameCount}).");
        }

        return _data.AsSpan(frame * BinCount, BinCount);
    }

    /// <summary>A deep copy.</summary>
    /// <returns>A new spectrogram with its own array.</returns>
    public MagnitudeSpectrogram Clone() => new((float[])_data.Clone(), FrameCount, BinCount);

    /// <summary>Throws unless every value is finite and non-negative; the message names the first bad frame and bin.</summary>
    /// <param name="paramName">The parameter to name in the exception.</param>
    /// <exception cref="ArgumentException">A value is NaN, infinite or negative.</exception>
    public void ThrowIfInvalid(string paramName)
    {
        int bad = SpectrogramShape.FirstInvalidMagnitude(_data);
        if (bad >= 0)
        {
            float v = _data[bad];
            string what = float.IsNaN(v) ? "NaN" : float.IsInfinity(v) ? "infinite" : "negative";
            ThrowHelper.Argument(paramName, string.Create(CultureInfo.InvariantCulture,
                $"Magnitudes must be finite and non-negative, but frame {bad / BinCount}, bin {bad % BinCount} is {what} ({v}). " +
                $"Pass linear amplitudes |X|; convert dB or log magnitudes first."));
        }
    }

    /// <summary>Throws unless the values are valid magnitudes (<see cref="ThrowIfInvalid"/>) and the bin count matches
    /// <paramref name="settings"/>.</summary>
    /// <param name="settings">The STFT settings the spectrogram should have been computed with.</param>
    /// <param name="paramName">The parameter to name in the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a value is invalid.</exception>
    public void ThrowIfInvalidFor(StftSettings settings, string paramName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.ThrowIfBinCountMismatch(BinCount, paramName);
        ThrowIfInvalid(paramName);
        ThrowIfAboveMaxMagnitude(_data, BinCount, paramName);
    }

    /// <summary>Throws if a value exceeds <see cref="MaxMagnitude"/>; the message names the first such frame and bin and how
    /// to rescale. (Validity — finite, non-negative — is checked separately.)</summary>
    /// <param name="values">Magnitudes, frame-major.</param>
    /// <param name="binCount">Bins per frame (to name the frame and bin).</param>
    /// <param name="paramName">The parameter to name in the exception.</param>
    /// <exception cref="ArgumentException">A value exceeds <see cref="MaxMagnitude"/>.</exception>
    public static void ThrowIfAboveMaxMagnitude(ReadOnlySpan<float> values, int binCount, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (v > MaxMagnitude)
            {
                int bins = Math.Max(1, binCount);
                ThrowHelper.Argument(paramName, string.Create(CultureInfo.InvariantCulture,
                    $"Magnitudes must be at most {MaxMagnitude:G3} (MagnitudeSpectrogram.MaxMagnitude), but frame {i / bins}, bin {i % bins} is {v:G3}. Every method is scale-equivariant: divide the magnitudes by their maximum, reconstruct, and multiply the waveform by it."));
            }
        }
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

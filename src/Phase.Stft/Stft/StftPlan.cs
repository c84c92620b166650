using System.Buffers;
using System.Globalization;
using System.Numerics.Tensors;
using Phase.Fourier;
using Phase.Spectral;

namespace Phase.Stft;

/// <summary>
/// Offline short-time Fourier transform and its inverse for one <see cref="StftSettings"/>: a plan that owns a
/// <see cref="RealFft"/> and scratch buffers and runs many transforms.
/// </summary>
/// <remarks>
/// <para><b>Forward.</b> Frame <c>n</c> is centred on signal sample <c>c_n</c> (<see cref="StftSettings.FrameCenter"/>:
/// <c>n·H</c> when centred, <c>n·H + ⌊N/2⌋</c> when uncentred) and its phase is referenced to that centre
/// (time-invariant phase):</para>
/// <code>X[n, k] = Σ_{m = −⌊N/2⌋}^{N − ⌊N/2⌋ − 1} x[c_n + m] · fw[m + ⌊N/2⌋] · e^{−2πikm/N},   k = 0 … ⌊N/2⌋</code>
/// <para>where <c>fw</c> is <see cref="StftSettings.FrameWindow"/> (the window zero-padded to <c>N</c> and centred). Samples
/// outside <c>[0, L)</c> come from the padding: numpy <c>"reflect"</c> (mirror without repeating the edge sample, applied
/// repeatedly for short signals, i.e. period <c>2(L − 1)</c>; a one-sample signal is extended by itself) for
/// <see cref="StftPadding.Reflect"/>, zeros for <see cref="StftPadding.Zero"/> and <see cref="StftPadding.Uncentered"/>.
/// <see cref="StftSettings.FrameCount"/> gives the number of frames <c>F</c>. In the FFT this is the windowed frame rotated
/// left by <c>⌊N/2⌋</c>; <see cref="PhaseConvention"/> converts to the frame-start phase of librosa and torch.</para>
/// <para><b>Inverse.</b> Weighted overlap-add with the canonical dual window <c>w_s[j] = fw[j] / A(t)</c>,
/// <c>A(t) = Σ_n fw²[t − s_n]</c> summed over the frames actually present (<c>s_n = c_n − ⌊N/2⌋</c> is the frame's first
/// sample), so the inverse is exact at both ends too (as torch.istft):
/// <c>y[t] = Σ_n fw[t − s_n]·IDFT(X[n])[t − c_n] / A(t)</c>. The output has exactly the requested length <c>L</c>; samples
/// no frame reaches, and samples whose <c>A(t)</c> is below 10⁻¹⁰ of its maximum (for example the first sample under an
/// uncentred periodic Hann window), are 0. For a spectrogram that is the STFT of a signal this returns the signal
/// (<c>ISTFT(STFT(x)) = x</c>, to float rounding); for any other it returns the least-squares signal whose STFT is
/// closest to it (Griffin and Lim 1984). The imaginary parts of bin 0 and, for even <c>N</c>, bin <c>N/2</c> are ignored.</para>
/// <para><b>Cost.</b> <c>F</c> real FFTs of size <c>N</c> (batched over blocks of frames) plus <c>O(F·N)</c> SIMD window
/// multiplies and overlap-adds; the inverse adds <c>O(N²/H)</c> for the exact edge normalisation.</para>
/// <para><b>Threading and memory.</b> Not thread-safe: one plan per thread. Creating a plan costs <c>O(N)</c> and rents
/// scratch (about 32 K samples) from <see cref="ArrayPool{T}.Shared"/>; <see cref="Dispose"/> returns it. The span methods
/// allocate nothing (interleaved multi-channel methods rent a channel buffer); the convenience overloads allocate only
/// what they return. Inputs are checked for NaN and infinity block by block as they are transformed (one pass over the
/// data instead of two), so when a method throws for a non-finite value its destination may be partly written.</para>
/// </remarks>
public sealed class StftPlan : IDisposable
{
    /// <summary>Samples per FFT batch: frames are transformed in blocks of <c>max(1, 32768 / N)</c> (at most 64).</summary>
    private const int BlockSamples = 32768;

    private readonly StftFrameTables _tables;
    private readonly RealFft _fft;
    private readonly int _n;
    private readonly int _bins;
    private readonly int _hop;
    private readonly int _block;
    private readonly bool _centered;
    private readonly bool _reflect;
    private float[] _frames;
    private float[] _real;
    private float[] _imag;
    private float[] _edge;
    private bool _disposed;

    /// <summary>Creates a plan for <paramref name="settings"/>.</summary>
    /// <param name="settings">Validated STFT settings (NOLA holds).</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public StftPlan(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _tables = new StftFrameTables(settings);
        _n = settings.FftSize;
        _bins = settings.BinCount;
        _hop = settings.Hop;
        _centered = settings.IsCentered;
        _reflect = settings.Padding == StftPadding.Reflect;
        _fft = new RealFft(_n);
        _block = Math.Clamp(BlockSamples / _n, 1, 64);
        _frames = ArrayPool<float>.Shared.Rent(_block * _n);
        _real = ArrayPool<float>.Shared.Rent(_block * _bins);
        _imag = ArrayPool<float>.Shared.Rent(_block * _bins);
        _edge = ArrayPool<float>.Shared.Rent(_n);
    }

    /// <summary>The settings this plan transforms with.</summary>
    public StftSettings Settings { get; }

    /// <summary>Bins per frame, <c>K = ⌊N/2⌋ + 1</c>.</summary>
    public int BinCount => _bins;

    /// <summary>The signal sample of frame 0's first element: <c>−⌊N/2⌋</c> when centred, 0 when uncentred.</summary>
    private long FirstFrameStart => _centered ? -(_n / 2) : 0;

    /// <summary>The number of frames of a signal of <paramref name="signalLength"/> samples (<see cref="StftSettings.FrameCount"/>).</summary>
    /// <param name="signalLength">Signal length <c>L</c>, ≥ 1.</param>
    /// <returns><c>F</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signalLength"/> is less than 1.</exception>
    public int FrameCount(int signalLength) => Settings.FrameCount(signalLength);

    /// <summary>Forward STFT into frame-major real and imaginary planes.</summary>
    /// <param name="signal">The signal, <c>L ≥ 1</c> finite samples.</param>
    /// <param name="real">Receives <c>F·K</c> real parts, frame-major (<c>F</c> = <see cref="FrameCount"/>(L)).</param>
    /// <param name="imag">Receives <c>F·K</c> imaginary parts, frame-major.</param>
    /// <exception cref="ArgumentException">The signal is empty or not finite, or a destination has the wrong length.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public void Forward(ReadOnlySpan<float> signal, Span<float> real, Span<float> imag)
    {
        int frames = ValidateSignal(signal, nameof(signal));
        StftThrowHelper.ThrowIfSpectrogramLengthNot(real.Length, signal.Length, frames, _bins, nameof(real));
        StftThrowHelper.ThrowIfSpectrogramLengthNot(imag.Length, signal.Length, frames, _bins, nameof(imag));
        ForwardCore(signal, real, imag, frames);
    }

    /// <summary>Forward STFT magnitudes <c>|X[n, k]|</c> into a frame-major destination.</summary>
    /// <param name="signal">The signal, <c>L ≥ 1</c> finite samples.</param>
    /// <param name="magnitudes">Receives <c>F·K</c> magnitudes, frame-major.</param>
    /// <exception cref="ArgumentException">The signal is empty or not finite, or the destination has the wrong length.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public void ForwardMagnitude(ReadOnlySpan<float> signal, Span<float> magnitudes)
    {
        int frames = ValidateSignal(signal, nameof(signal));
        StftThrowHelper.ThrowIfSpectrogramLengthNot(magnitudes.Length, signal.Length, frames, _bins, nameof(magnitudes));
        for (int n0 = 0; n0 < frames; n0 += _block)
        {
            int count = Math.Min(_block, frames - n0);
            Span<float> re = _real.AsSpan(0, count * _bins), im = _imag.AsSpan(0, count * _bins);
            TransformBlock(signal, n0, count, re, im);
            SpectralOps.Magnitude(re, im, magnitudes.Slice(n0 * _bins, count * _bins));
        }
    }

    /// <summary>Forward STFT as a new complex spectrogram.</summary>
    /// <param name="signal">The signal, <c>L ≥ 1</c> finite samples.</param>
    /// <returns>An <c>F × K</c> spectrogram.</returns>
    /// <exception cref="ArgumentException">The signal is empty or not finite, or the spectrogram would exceed the largest array.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public ComplexSpectrogram Forward(ReadOnlySpan<float> signal)
    {
        int frames = ValidateSignal(signal, nameof(signal));
        var result = new ComplexSpectrogram(frames, _bins);
        ForwardCore(signal, result.Real, result.Imaginary, frames);
        return result;
    }

    /// <summary>Forward STFT magnitudes as a new magnitude spectrogram.</summary>
    /// <param name="signal">The signal, <c>L ≥ 1</c> finite samples.</param>
    /// <returns>An <c>F × K</c> magnitude spectrogram.</returns>
    /// <exception cref="ArgumentException">The signal is empty or not finite, or the spectrogram would exceed the largest array.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public MagnitudeSpectrogram ForwardMagnitude(ReadOnlySpan<float> signal)
    {
        int frames = ValidateSignal(signal, nameof(signal));
        var result = new MagnitudeSpectrogram(frames, _bins);
        ForwardMagnitude(signal, result.Values);
        return result;
    }

    /// <summary>Forward STFT of every channel of an interleaved signal (<c>interleaved[i·C + c]</c> is sample <c>i</c> of channel <c>c</c>).</summary>
    /// <param name="interleaved">Interleaved samples, a positive multiple of <paramref name="channelCount"/>, finite.</param>
    /// <param name="channelCount">Channels <c>C</c>, ≥ 1.</param>
    /// <returns>One spectrogram per channel.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channelCount"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The length is not a positive multiple of the channel count, or a sample is not finite.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public ComplexSpectrogram[] ForwardInterleaved(ReadOnlySpan<float> interleaved, int channelCount)
    {
        int length = ValidateInterleaved(interleaved, channelCount);
        var result = new ComplexSpectrogram[channelCount];
        float[] channel = ArrayPool<float>.Shared.Rent(length);
        try
        {
            for (int c = 0; c < channelCount; c++)
            {
                Deinterleave(interleaved, channelCount, c, channel.AsSpan(0, length));
                result[c] = Forward(channel.AsSpan(0, length));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(channel);
        }

        return result;
    }

    /// <summary>Forward STFT magnitudes of every channel of an interleaved signal.</summary>
    /// <param name="interleaved">Interleaved samples, a positive multiple of <paramref name="channelCount"/>, finite.</param>
    /// <param name="channelCount">Channels <c>C</c>, ≥ 1.</param>
    /// <returns>One magnitude spectrogram per channel.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channelCount"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The length is not a positive multiple of the channel count, or a sample is not finite.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public MagnitudeSpectrogram[] ForwardMagnitudeInterleaved(ReadOnlySpan<float> interleaved, int channelCount)
    {
        int length = ValidateInterleaved(interleaved, channelCount);
        var result = new MagnitudeSpectrogram[channelCount];
        float[] channel = ArrayPool<float>.Shared.Rent(length);
        try
        {
            for (int c = 0; c < channelCount; c++)
            {
                Deinterleave(interleaved, channelCount, c, channel.AsSpan(0, length));
                result[c] = ForwardMagnitude(channel.AsSpan(0, length));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(channel);
        }

        return result;
    }

    /// <summary>Forward STFT of each channel of a multi-channel signal given one array per channel.</summary>
    /// <param name="channels">The channels, each non-null with at least one finite sample (lengths may differ).</param>
    /// <returns>One spectrogram per channel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="channels"/> or a channel is null.</exception>
    /// <exception cref="ArgumentException">There are no channels, or a channel is empty or not finite.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public ComplexSpectrogram[] ForwardChannels(IReadOnlyList<float[]> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0)
        {
            StftThrowHelper.Argument(nameof(channels), "At least one channel is needed.");
        }

        var result = new ComplexSpectrogram[channels.Count];
        for (int c = 0; c < result.Length; c++)
        {
            float[] channel = channels[c] ?? throw new ArgumentNullException(nameof(channels), $"Channel {c} is null.");
            result[c] = Forward(channel);
        }

        return result;
    }

    /// <summary>Inverse STFT of frame-major planes into a signal of exactly <c>signal.Length</c> samples.</summary>
    /// <param name="real"><c>F·K</c> real parts, frame-major, finite (<c>F ≥ 1</c>).</param>
    /// <param name="imag"><c>F·K</c> imaginary parts, frame-major, finite.</param>
    /// <param name="signal">Receives the signal; its length <c>L ≥ 1</c> is the requested length (use
    /// <see cref="StftSettings.DefaultSignalLength"/> for the natural one). Samples past the last frame's reach are 0.</param>
    /// <exception cref="ArgumentException">The planes differ in length, are empty, are not a multiple of <c>K</c> long, hold a
    /// non-finite value, or <paramref name="signal"/> is empty.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public void Inverse(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> signal)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int frames = ValidatePlanes(real, imag);
        if (signal.IsEmpty)
        {
            StftThrowHelper.Argument(nameof(signal), "The output signal must have at least one sample.");
        }

        InverseCore(real, imag, frames, signal);
    }

    /// <summary>Inverse STFT of frames produced on demand (weighted overlap-add as above), without holding the whole
    /// spectrogram: blocks of up to 32 frames (<c>max(1, 32768 / N)</c>, at most 64) are requested from
    /// <paramref name="source"/> into the plan's scratch, transformed and overlap-added while in cache.</summary>
    /// <typeparam name="TSource">The source; a struct, passed by reference, is called directly.</typeparam>
    /// <param name="source">Writes the frames, in order, once each (<see cref="IStftFrameSource.WriteFrames"/>).</param>
    /// <param name="frameCount">The spectrogram's frame count <c>F ≥ 1</c>: it sets the exact edge normalisation.
    /// Frames that do not reach <c>[0, L)</c> are not requested.</param>
    /// <param name="signal">Receives the signal, <c>L ≥ 1</c> samples; the same result as
    /// <see cref="Inverse(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> of the same frames, bit for bit.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frameCount"/> is less than 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="signal"/> is empty, or the source wrote a non-finite value
    /// (the message names the frame and bin; the signal is then partly written).</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    /// <remarks>Allocates nothing. Exceptions from the source propagate unchanged (for example cancellation).</remarks>
    public void Inverse<TSource>(ref TSource source, int frameCount, Span<float> signal)
        where TSource : IStftFrameSource, allows ref struct
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (frameCount < 1)
        {
            StftThrowHelper.ArgumentOutOfRange(nameof(frameCount), frameCount, $"The frame count must be at least 1; got {frameCount}.");
        }

        if (signal.IsEmpty)
        {
            StftThrowHelper.Argument(nameof(signal), "The output signal must have at least one sample.");
        }

        int bins = _bins, length = signal.Length;
        int used = UsedFrames(frameCount, length);
        int cleared = 0;
        for (int n0 = 0; n0 < used; n0 += _block)
        {
            int count = Math.Min(_block, used - n0);
            Span<float> re = _real.AsSpan(0, count * bins), im = _imag.AsSpan(0, count * bins);
            source.WriteFrames(n0, re, im);
            SynthesizeBlock(re, im, n0, count, signal, ref cleared);
        }

        signal.Slice(cleared).Clear();
        ApplyEdgeGains(frameCount, signal);
    }

    /// <summary>Inverse STFT of a spectrogram into a signal of exactly <c>signal.Length</c> samples.</summary>
    /// <param name="spectrogram">The spectrogram, <see cref="BinCount"/> bins per frame, finite.</param>
    /// <param name="signal">Receives the signal, <c>L ≥ 1</c> samples.</param>
    /// <exception cref="ArgumentNullException"><paramref name="spectrogram"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match, a coefficient is not finite, or <paramref name="signal"/> is empty.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public void Inverse(ComplexSpectrogram spectrogram, Span<float> signal)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        Settings.ThrowIfBinCountMismatch(spectrogram.BinCount, nameof(spectrogram));
        Inverse(spectrogram.Real, spectrogram.Imaginary, signal);
    }

    /// <summary>Inverse STFT of a spectrogram as a new signal.</summary>
    /// <param name="spectrogram">The spectrogram, <see cref="BinCount"/> bins per frame, finite.</param>
    /// <param name="signalLength">Output length <c>L</c> in samples, 1 … <see cref="Array.MaxLength"/>; null for
    /// <see cref="StftSettings.DefaultSignalLength"/>(F).</param>
    /// <returns>Exactly <c>L</c> samples.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spectrogram"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signalLength"/> is out of range, or the default length overflows.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a coefficient is not finite.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public float[] Inverse(ComplexSpectrogram spectrogram, int? signalLength = null)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        int length = ResolveLength(spectrogram.FrameCount, signalLength);
        var signal = new float[length];
        Inverse(spectrogram, signal);
        return signal;
    }

    /// <summary>Inverse STFT of one spectrogram per channel.</summary>
    /// <param name="spectrograms">One spectrogram per channel, each with <see cref="BinCount"/> bins (frame counts may differ).</param>
    /// <param name="signalLength">Output length per channel; null for <see cref="StftSettings.DefaultSignalLength"/> of the
    /// largest frame count.</param>
    /// <returns>One signal of exactly the requested length per channel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spectrograms"/> or an element is null.</exception>
    /// <exception cref="ArgumentException">There are no spectrograms, or one has the wrong bin count or a non-finite value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signalLength"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public float[][] InverseChannels(IReadOnlyList<ComplexSpectrogram> spectrograms, int? signalLength = null)
    {
        int length = ValidateChannels(spectrograms, signalLength);
        var result = new float[spectrograms.Count][];
        for (int c = 0; c < result.Length; c++)
        {
            result[c] = new float[length];
            Inverse(spectrograms[c], result[c]);
        }

        return result;
    }

    /// <summary>Inverse STFT of one spectrogram per channel into an interleaved signal
    /// (<c>interleaved[i·C + c]</c> is sample <c>i</c> of channel <c>c</c>).</summary>
    /// <param name="spectrograms">One spectrogram per channel, each with <see cref="BinCount"/> bins.</param>
    /// <param name="interleaved">Receives <c>L·C</c> samples; <c>L = interleaved.Length / C</c> is the requested length per channel.</param>
    /// <exception cref="ArgumentNullException"><paramref name="spectrograms"/> or an element is null.</exception>
    /// <exception cref="ArgumentException">There are no spectrograms, one is invalid, or the destination is not a positive
    /// multiple of the channel count long.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public void InverseInterleaved(IReadOnlyList<ComplexSpectrogram> spectrograms, Span<float> interleaved)
    {
        ArgumentNullException.ThrowIfNull(spectrograms);
        int channels = spectrograms.Count;
        if (channels == 0 || interleaved.Length == 0 || interleaved.Length % channels != 0)
        {
            StftThrowHelper.Argument(nameof(interleaved), string.Create(CultureInfo.InvariantCulture,
                $"The interleaved destination must hold a positive multiple of the channel count ({channels}) samples; it has {interleaved.Length}."));
        }

        int length = interleaved.Length / channels;
        ValidateChannels(spectrograms, length);
        float[] channel = ArrayPool<float>.Shared.Rent(length);
        try
        {
            for (int c = 0; c < channels; c++)
            {
                Span<float> y = channel.AsSpan(0, length);
                Inverse(spectrograms[c], y);
                for (int i = 0; i < length; i++)
                {
                    interleaved[i * channels + c] = y[i];
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(channel);
        }
    }

    /// <summary>Inverse STFT of one spectrogram per channel as a new interleaved signal.</summary>
    /// <param name="spectrograms">One spectrogram per channel, each with <see cref="BinCount"/> bins.</param>
    /// <param name="signalLength">Output length per channel; null for <see cref="StftSettings.DefaultSignalLength"/> of the
    /// largest frame count.</param>
    /// <returns><c>L·C</c> interleaved samples.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spectrograms"/> or an element is null.</exception>
    /// <exception cref="ArgumentException">There are no spectrograms, or one is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The length is out of range or <c>L·C</c> exceeds the largest array.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public float[] InverseInterleaved(IReadOnlyList<ComplexSpectrogram> spectrograms, int? signalLength = null)
    {
        int length = ValidateChannels(spectrograms, signalLength);
        long total = (long)length * spectrograms.Count;
        if (total > Array.MaxLength)
        {
            StftThrowHelper.ArgumentOutOfRange(nameof(signalLength), length, $"{spectrograms.Count} channels × {length} samples exceed the largest array ({Array.MaxLength}).");
        }

        var result = new float[total];
        InverseInterleaved(spectrograms, result);
        return result;
    }

    /// <summary>Returns the scratch buffers to the shared pool. The plan cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ArrayPool<float>.Shared.Return(_frames);
        ArrayPool<float>.Shared.Return(_real);
        ArrayPool<float>.Shared.Return(_imag);
        ArrayPool<float>.Shared.Return(_edge);
        _frames = _real = _imag = _edge = [];
    }

    /// <summary>The requested output length, or the default for <paramref name="frameCount"/> frames.</summary>
    internal int ResolveLength(int frameCount, int? signalLength)
    {
        if (signalLength is int l)
        {
            if (l < 1 || l > Array.MaxLength)
            {
                StftThrowHelper.ArgumentOutOfRange(nameof(signalLength), l, $"The signal length must be between 1 and {Array.MaxLength} samples; got {l}.");
            }

            return l;
        }

        return Settings.DefaultSignalLength(frameCount);
    }

    private void ForwardCore(ReadOnlySpan<float> signal, Span<float> real, Span<float> imag, int frames)
    {
        for (int n0 = 0; n0 < frames; n0 += _block)
        {
            int count = Math.Min(_block, frames - n0);
            TransformBlock(signal, n0, count, real.Slice(n0 * _bins, count * _bins), imag.Slice(n0 * _bins, count * _bins));
        }
    }

    /// <summary>Windows, rotates and transforms frames <c>n0 … n0 + count − 1</c> into the given planes.</summary>
    /// <remarks>Checks the signal samples the block adds (those after the previous block's last frame) for NaN and
    /// infinity while they are in cache: every sample is checked once, before any frame that reads it is transformed.</remarks>
    private void TransformBlock(ReadOnlySpan<float> signal, int n0, int count, Span<float> real, Span<float> imag)
    {
        int n = _n, length = signal.Length;
        Span<float> frames = _frames.AsSpan(0, count * n);
        long s0 = FirstFrameStart;
        long checkFrom = n0 == 0 ? 0 : Math.Clamp(s0 + (long)(n0 - 1) * _hop + n, 0, length);
        long checkTo = n0 + count >= Settings.FrameCount(length) ? length : Math.Clamp(s0 + (long)(n0 + count - 1) * _hop + n, 0, length);
        if (checkTo > checkFrom)
        {
            StftThrowHelper.ThrowIfNotFinite(signal, (int)checkFrom, (int)(checkTo - checkFrom), nameof(signal));
        }

        for (int f = 0; f < count; f++)
        {
            long start = s0 + (long)(n0 + f) * _hop;
            Span<float> dst = frames.Slice(f * n, n);
            if (start >= 0 && start + n <= length)
            {
                _tables.WindowAndRotate(signal.Slice((int)start, n), dst);
            }
            else
            {
                Span<float> padded = _edge.AsSpan(0, n);
                FillPadded(signal, start, padded, _reflect);
                _tables.WindowAndRotate(padded, dst);
            }
        }

        _fft.ForwardBatch(frames, real, imag, count);
    }

    private void InverseCore(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, int frames, Span<float> signal)
    {
        int bins = _bins;
        int used = UsedFrames(frames, signal.Length);
        int cleared = 0;
        for (int n0 = 0; n0 < used; n0 += _block)
        {
            int count = Math.Min(_block, used - n0);
            SynthesizeBlock(real.Slice(n0 * bins, count * bins), imag.Slice(n0 * bins, count * bins), n0, count, signal, ref cleared);
        }

        signal.Slice(cleared).Clear();
        if (used < frames)
        {
            ThrowIfNotFinite(real.Slice(used * bins), imag.Slice(used * bins), used);
        }

        ApplyEdgeGains(frames, signal);
    }

    /// <summary>The frames that reach <c>[0, L)</c>: those with <c>s_n ≤ L − 1</c>.</summary>
    private int UsedFrames(int frames, int length) =>
        (int)Math.Min(frames, StftFrameTables.FloorDiv(length - 1 - FirstFrameStart, _hop) + 1);

    /// <summary>Checks, transforms and overlap-adds frames <c>n0 … n0 + count − 1</c>, zeroing the output just ahead of
    /// them (cache-hot) instead of in a separate pass; <paramref name="cleared"/> is how far the output is zeroed.</summary>
    private void SynthesizeBlock(ReadOnlySpan<float> re, ReadOnlySpan<float> im, int n0, int count, Span<float> signal, ref int cleared)
    {
        int n = _n, hop = _hop, length = signal.Length;
        long s0 = FirstFrameStart;
        Span<float> block = _frames.AsSpan(0, count * n);
        int reach = (int)Math.Clamp(s0 + (long)(n0 + count - 1) * hop + n, 0, length);
        signal.Slice(cleared, reach - cleared).Clear();
        cleared = reach;

        // Checked block by block while the block is in cache.
        ThrowIfNotFinite(re, im, n0);
        _fft.InverseBatch(re, im, block, count);
        for (int f = 0; f < count; f++)
        {
            _tables.OverlapAdd(block.Slice(f * n, n), signal, s0 + (long)(n0 + f) * hop);
        }
    }

    /// <summary>The exact normalisation where fewer frames overlap than in the interior: frames <c>n &lt; 0</c> would
    /// reach up to <c>s_0 − H + N − 1</c>, frames <c>n ≥ F</c> would start at <c>s_0 + F·H</c>; everywhere else the
    /// synthesis window already carries it.</summary>
    private void ApplyEdgeGains(int frames, Span<float> signal)
    {
        int n = _n, hop = _hop, length = signal.Length;
        long s0 = FirstFrameStart;
        int leftEnd = (int)Math.Clamp(s0 + n - hop, 0, length);
        _tables.ApplyEdgeGains(signal, 0, s0, frames, 0, leftEnd, _edge);
        int rightStart = (int)Math.Clamp(s0 + (long)frames * hop, leftEnd, length);
        int rightEnd = (int)Math.Clamp(s0 + (long)(frames - 1) * hop + n, rightStart, length);
        _tables.ApplyEdgeGains(signal, 0, s0, frames, rightStart, rightEnd, _edge);
    }

    private void ThrowIfNotFinite(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, int firstFrame)
    {
        if (!TensorPrimitives.IsFiniteAll(real) || !TensorPrimitives.IsFiniteAll(imag))
        {
            // Rebuild the full-spectrogram view so the message names the right frame.
            StftThrowHelper.ThrowIfNotFinite(real, imag, _bins, firstFrame, nameof(real), nameof(imag));
        }
    }

    /// <summary>Writes padded signal samples <c>x_p[start + j]</c>, <c>j = 0 … dest.Length − 1</c>.</summary>
    internal static void FillPadded(ReadOnlySpan<float> signal, long start, Span<float> destination, bool reflect)
    {
        long length = signal.Length;
        long period = 2 * (length - 1);
        for (int j = 0; j < destination.Length; j++)
        {
            long t = start + j;
            if ((ulong)t < (ulong)length)
            {
                destination[j] = signal[(int)t];
            }
            else if (!reflect)
            {
                destination[j] = 0f;
            }
            else if (period == 0)
            {
                destination[j] = signal[0];
            }
            else
            {
                // numpy "reflect" applied repeatedly: the mirror extension without edge repeats has period 2(L − 1).
                long r = StftFrameTables.FloorMod(t, period);
                destination[j] = signal[(int)(r < length ? r : period - r)];
            }
        }
    }

    private int ValidateSignal(ReadOnlySpan<float> signal, string paramName)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (signal.IsEmpty)
        {
            StftThrowHelper.Argument(paramName, "The signal is empty; the STFT needs at least one sample.");
        }

        int frames = Settings.FrameCount(signal.Length);
        long total = (long)frames * _bins;
        if (total > Array.MaxLength)
        {
            StftThrowHelper.Argument(paramName, string.Create(CultureInfo.InvariantCulture,
                $"A signal of {signal.Length} samples gives {frames} frames × {_bins} bins = {total} values, more than the largest array ({Array.MaxLength}); use a larger hop or split the signal."));
        }

        return frames;
    }

    private int ValidatePlanes(ReadOnlySpan<float> real, ReadOnlySpan<float> imag)
    {
        if (real.Length != imag.Length)
        {
            StftThrowHelper.Argument(nameof(imag), $"The real and imaginary planes must have the same length; got {real.Length} and {imag.Length}.");
        }

        if (real.IsEmpty || real.Length % _bins != 0)
        {
            StftThrowHelper.Argument(nameof(real), string.Create(CultureInfo.InvariantCulture,
                $"The spectrogram planes must hold a positive whole number of frames of K = {_bins} bins (FFT size {_n}); got {real.Length} values."));
        }

        return real.Length / _bins;
    }

    private int ValidateChannels(IReadOnlyList<ComplexSpectrogram> spectrograms, int? signalLength)
    {
        ArgumentNullException.ThrowIfNull(spectrograms);
        if (spectrograms.Count == 0)
        {
            StftThrowHelper.Argument(nameof(spectrograms), "At least one channel spectrogram is needed.");
        }

        int maxFrames = 0;
        for (int c = 0; c < spectrograms.Count; c++)
        {
            ComplexSpectrogram s = spectrograms[c] ?? throw new ArgumentNullException(nameof(spectrograms), $"Channel {c}'s spectrogram is null.");
            Settings.ThrowIfBinCountMismatch(s.BinCount, nameof(spectrograms));
            maxFrames = Math.Max(maxFrames, s.FrameCount);
        }

        return ResolveLength(maxFrames, signalLength);
    }

    private static int ValidateInterleaved(ReadOnlySpan<float> interleaved, int channelCount)
    {
        if (channelCount < 1)
        {
            StftThrowHelper.ArgumentOutOfRange(nameof(channelCount), channelCount, $"The channel count must be at least 1; got {channelCount}.");
        }

        if (interleaved.IsEmpty || interleaved.Length % channelCount != 0)
        {
            StftThrowHelper.Argument(nameof(interleaved), string.Create(CultureInfo.InvariantCulture,
                $"An interleaved signal of {channelCount} channels must hold a positive multiple of {channelCount} samples; it has {interleaved.Length}."));
        }

        return interleaved.Length / channelCount;
    }

    private static void Deinterleave(ReadOnlySpan<float> interleaved, int channels, int channel, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = interleaved[i * channels + channel];
        }
    }
}

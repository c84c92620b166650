using System.Globalization;

namespace Phase.IO;

/// <summary>
/// Multichannel audio held planar: one <see cref="float"/> array of <see cref="FrameCount"/> samples per channel, at
/// <see cref="SampleRate"/> frames per second. Sample values are nominally in [−1, 1) (full scale), as
/// <see cref="WavFile"/> reads PCM; values outside that range are allowed and kept.
/// </summary>
/// <remarks>
/// A frame is one sample per channel at one instant. Not thread-safe for concurrent writes; the wrapping constructor
/// does not copy. Planar storage lets a channel be handed to an STFT as one contiguous span without copying.
/// </remarks>
public sealed class AudioBuffer
{
    private readonly float[][] _channels;

    /// <summary>Creates silent audio (all zeros).</summary>
    /// <param name="sampleRate">Frames per second (Hz), ≥ 1.</param>
    /// <param name="channelCount">Channels <c>C</c>, ≥ 1.</param>
    /// <param name="frameCount">Frames <c>N</c> (samples per channel), ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public AudioBuffer(int sampleRate, int channelCount, int frameCount)
    {
        ValidateRate(sampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(channelCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        SampleRate = sampleRate;
        FrameCount = frameCount;
        _channels = new float[channelCount][];
        for (int c = 0; c < channelCount; c++)
        {
            _channels[c] = frameCount == 0 ? [] : new float[frameCount];
        }
    }

    /// <summary>Wraps per-channel arrays without copying them.</summary>
    /// <param name="sampleRate">Frames per second (Hz), ≥ 1.</param>
    /// <param name="channels">One array per channel, all of the same length (the frame count); at least one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="channels"/> or one of its arrays is null.</exception>
    /// <exception cref="ArgumentException">There are no channels, or the arrays differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is less than 1.</exception>
    public AudioBuffer(int sampleRate, params float[][] channels)
    {
        ValidateRate(sampleRate);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Length == 0)
        {
            throw new ArgumentException("Audio needs at least one channel.", nameof(channels));
        }

        for (int c = 0; c < channels.Length; c++)
        {
            if (channels[c] is null)
            {
                throw new ArgumentNullException(nameof(channels), $"Channel {c} is null.");
            }

            if (channels[c].Length != channels[0].Length)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"All channels must have the same length; channel 0 has {channels[0].Length} samples but channel {c} has {channels[c].Length}."),
                    nameof(channels));
            }
        }

        SampleRate = sampleRate;
        FrameCount = channels[0].Length;
        _channels = (float[][])channels.Clone();
    }

    /// <summary>Frames per second (Hz).</summary>
    public int SampleRate { get; }

    /// <summary>Channels <c>C</c>.</summary>
    public int ChannelCount => _channels.Length;

    /// <summary>Frames <c>N</c> (samples per channel).</summary>
    public int FrameCount { get; }

    /// <summary>Duration in seconds: <c>N / SampleRate</c>.</summary>
    public double DurationSeconds => (double)FrameCount / SampleRate;

    /// <summary>Copies one-channel audio into a new buffer.</summary>
    /// <param name="samples">The samples.</param>
    /// <param name="sampleRate">Frames per second (Hz), ≥ 1.</param>
    /// <returns>A mono buffer owning a copy of <paramref name="samples"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is less than 1.</exception>
    public static AudioBuffer FromMono(ReadOnlySpan<float> samples, int sampleRate) => new(sampleRate, samples.ToArray());

    /// <summary>De-interleaves frame-ordered samples (<c>x[n·C + c]</c> is channel <c>c</c> of frame <c>n</c>) into a new buffer.</summary>
    /// <param name="interleaved">Interleaved samples; the length must be a multiple of <paramref name="channelCount"/>.</param>
    /// <param name="channelCount">Channels <c>C</c>, ≥ 1.</param>
    /// <param name="sampleRate">Frames per second (Hz), ≥ 1.</param>
    /// <returns>A planar copy. O(N·C).</returns>
    /// <exception cref="ArgumentException">The length is not a multiple of the channel count.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count or the rate is out of range.</exception>
    public static AudioBuffer FromInterleaved(ReadOnlySpan<float> interleaved, int channelCount, int sampleRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channelCount, 1);
        if (interleaved.Length % channelCount != 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{interleaved.Length} interleaved samples are not a whole number of {channelCount}-channel frames."), nameof(interleaved));
        }

        int frames = interleaved.Length / channelCount;
        var buffer = new AudioBuffer(sampleRate, channelCount, frames);
        for (int c = 0; c < channelCount; c++)
        {
            Span<float> dst = buffer._channels[c];
            for (int n = 0, i = c; n < frames; n++, i += channelCount)
            {
                dst[n] = interleaved[i];
            }
        }

        return buffer;
    }

    /// <summary>The samples of one channel (a view, not a copy).</summary>
    /// <param name="channel">Channel index, 0 … C − 1.</param>
    /// <returns>A span of <see cref="FrameCount"/> samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channel"/> is out of range.</exception>
    public Span<float> Channel(int channel) => ChannelArray(channel);

    /// <summary>The samples of one channel as memory (a view, not a copy), e.g. to keep across an <c>await</c>.</summary>
    /// <param name="channel">Channel index, 0 … C − 1.</param>
    /// <returns>Memory over <see cref="FrameCount"/> samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channel"/> is out of range.</exception>
    public Memory<float> ChannelMemory(int channel) => ChannelArray(channel);

    /// <summary>Averages the channels into one: <c>y[n] = (1/C) Σ_c x_c[n]</c> (a copy of the channel when C = 1).</summary>
    /// <param name="destination">Receives <see cref="FrameCount"/> samples.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="FrameCount"/>.</exception>
    /// <remarks>O(N·C), allocates nothing. Averaging (not summing) keeps full-scale signals within full scale.</remarks>
    public void MixToMono(Span<float> destination)
    {
        if (destination.Length < FrameCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"destination has {destination.Length} samples; {FrameCount} are needed."), nameof(destination));
        }

        destination = destination[..FrameCount];
        _channels[0].AsSpan().CopyTo(destination);
        if (_channels.Length == 1)
        {
            return;
        }

        for (int c = 1; c < _channels.Length; c++)
        {
            ReadOnlySpan<float> src = _channels[c];
            for (int n = 0; n < destination.Length; n++)
            {
                destination[n] += src[n];
            }
        }

        float scale = 1f / _channels.Length;
        for (int n = 0; n < destination.Length; n++)
        {
            destination[n] *= scale;
        }
    }

    /// <summary>Averages the channels into a new array (see <see cref="MixToMono(Span{float})"/>).</summary>
    /// <returns>A new array of <see cref="FrameCount"/> samples.</returns>
    public float[] MixToMono()
    {
        var y = new float[FrameCount];
        MixToMono(y);
        return y;
    }

    /// <summary>Writes the samples frame by frame: <c>destination[n·C + c] = x_c[n]</c>.</summary>
    /// <param name="destination">Receives <c>N·C</c> samples.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void CopyInterleavedTo(Span<float> destination)
    {
        long needed = (long)FrameCount * ChannelCount;
        if (destination.Length < needed)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"destination has {destination.Length} samples; {needed} are needed."), nameof(destination));
        }

        int channels = ChannelCount;
        for (int c = 0; c < channels; c++)
        {
            ReadOnlySpan<float> src = _channels[c];
            for (int n = 0, i = c; n < src.Length; n++, i += channels)
            {
                destination[i] = src[n];
            }
        }
    }

    /// <summary>The samples interleaved frame by frame into a new array (see <see cref="CopyInterleavedTo"/>).</summary>
    /// <returns>A new array of <c>N·C</c> samples.</returns>
    /// <exception cref="InvalidOperationException"><c>N·C</c> exceeds the largest array.</exception>
    public float[] ToInterleaved()
    {
        long needed = (long)FrameCount * ChannelCount;
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{FrameCount} frames × {ChannelCount} channels = {needed} samples exceed the largest array; use Channel(c)."));
        }

        var x = new float[needed];
        CopyInterleavedTo(x);
        return x;
    }

    /// <summary>A deep copy.</summary>
    /// <returns>A new buffer with its own arrays.</returns>
    public AudioBuffer Clone()
    {
        var copy = new float[_channels.Length][];
        for (int c = 0; c < copy.Length; c++)
        {
            copy[c] = (float[])_channels[c].Clone();
        }

        return new AudioBuffer(SampleRate, copy);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ChannelCount} ch × {FrameCount} frames at {SampleRate} Hz ({DurationSeconds:0.###} s)");

    internal float[] ChannelArray(int channel)
    {
        if ((uint)channel >= (uint)_channels.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel,
                string.Create(CultureInfo.InvariantCulture, $"channel must be in [0, {_channels.Length})."));
        }

        return _channels[channel];
    }

    private static void ValidateRate(int sampleRate)
    {
        if (sampleRate < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The sample rate must be at least 1 Hz.");
        }
    }
}

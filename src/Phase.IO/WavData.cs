namespace Phase.IO;

/// <summary>A decoded WAV file: the samples as float32 audio and the format the file stored them in.</summary>
/// <remarks>Returned by <see cref="WavFile.Read(string, WavReadOptions?)"/>; pass <see cref="Audio"/> on to the STFT or
/// back to <see cref="WavFile.Write(string, AudioBuffer, WavSampleFormat, WavWriteOptions?, CancellationToken)"/>.</remarks>
public sealed class WavData
{
    /// <summary>Pairs decoded audio with its source format.</summary>
    /// <param name="audio">The samples.</param>
    /// <param name="format">The format they were read from.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public WavData(AudioBuffer audio, WavFormat format)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(format);
        Audio = audio;
        Format = format;
    }

    /// <summary>The samples, planar, float32 (PCM in [−1, 1); float files unchanged).</summary>
    public AudioBuffer Audio { get; }

    /// <summary>The format the file declared.</summary>
    public WavFormat Format { get; }

    /// <summary>Frames per second (Hz); same as <c>Audio.SampleRate</c>.</summary>
    public int SampleRate => Audio.SampleRate;

    /// <summary>Channels; same as <c>Audio.ChannelCount</c>.</summary>
    public int ChannelCount => Audio.ChannelCount;

    /// <summary>Frames (samples per channel); same as <c>Audio.FrameCount</c>.</summary>
    public int FrameCount => Audio.FrameCount;

    /// <summary>The samples of one channel (a view).</summary>
    /// <param name="channel">Channel index, 0 … C − 1.</param>
    /// <returns>A span of <see cref="FrameCount"/> samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="channel"/> is out of range.</exception>
    public Span<float> Channel(int channel) => Audio.Channel(channel);

    /// <summary>The channel average as a new array (see <see cref="AudioBuffer.MixToMono()"/>).</summary>
    /// <returns>A new array of <see cref="FrameCount"/> samples.</returns>
    public float[] MixToMono() => Audio.MixToMono();
}

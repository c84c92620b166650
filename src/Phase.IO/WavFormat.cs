using System.Globalization;

namespace Phase.IO;

/// <summary>What a WAV file's <c>fmt </c> chunk declared: encoding, sample container, channels and rate.</summary>
/// <remarks>Immutable and thread-safe. Created by <see cref="WavFile.Read(string, WavReadOptions?)"/>.</remarks>
public sealed class WavFormat
{
    internal WavFormat(int formatTag, WavEncoding encoding, WavSampleFormat sampleFormat, int bitsPerSample,
        int validBitsPerSample, int channelCount, int sampleRate, int blockAlign, uint channelMask)
    {
        FormatTag = formatTag;
        Encoding = encoding;
        SampleFormat = sampleFormat;
        BitsPerSample = bitsPerSample;
        ValidBitsPerSample = validBitsPerSample;
        ChannelCount = channelCount;
        SampleRate = sampleRate;
        BlockAlign = blockAlign;
        ChannelMask = channelMask;
    }

    /// <summary>The <c>wFormatTag</c> field: 1 (PCM), 3 (IEEE float) or 0xFFFE (WAVE_FORMAT_EXTENSIBLE).</summary>
    public int FormatTag { get; }

    /// <summary>Whether the header is WAVE_FORMAT_EXTENSIBLE (the encoding then comes from its sub-format GUID).</summary>
    public bool IsExtensible => FormatTag == WavConstants.FormatExtensible;

    /// <summary>PCM integers or IEEE floats.</summary>
    public WavEncoding Encoding { get; }

    /// <summary>The sample container (by its byte size and encoding).</summary>
    public WavSampleFormat SampleFormat { get; }

    /// <summary>Bits per sample container: 8, 16, 24, 32 or 64.</summary>
    public int BitsPerSample { get; }

    /// <summary>Bits that carry signal (<c>wValidBitsPerSample</c> of an extensible header, or <c>wBitsPerSample</c> of a
    /// classic header such as 12 or 20); ≤ <see cref="BitsPerSample"/>. The low <c>BitsPerSample − ValidBitsPerSample</c>
    /// bits of each PCM sample are padding and were ignored (masked to zero) when reading.</summary>
    public int ValidBitsPerSample { get; }

    /// <summary>Interleaved channels <c>C</c>, ≥ 1.</summary>
    public int ChannelCount { get; }

    /// <summary>Frames per second (Hz), ≥ 1.</summary>
    public int SampleRate { get; }

    /// <summary>Bytes per frame: <c>C · BitsPerSample / 8</c>.</summary>
    public int BlockAlign { get; }

    /// <summary>The speaker-position bit mask of an extensible header (<c>dwChannelMask</c>, e.g. 0x3 for front
    /// left + right); 0 when the header is not extensible or declares no assignment.</summary>
    public uint ChannelMask { get; }

    /// <summary>A one-line description, e.g. <c>PCM 24-bit (20 valid), 2 ch, 48000 Hz, extensible</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        string kind = Encoding == WavEncoding.Pcm ? "PCM" : "float";
        string valid = ValidBitsPerSample != BitsPerSample
            ? string.Create(CultureInfo.InvariantCulture, $" ({ValidBitsPerSample} valid)")
            : string.Empty;
        string ext = IsExtensible ? ", extensible" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{kind} {BitsPerSample}-bit{valid}, {ChannelCount} ch, {SampleRate} Hz{ext}");
    }
}

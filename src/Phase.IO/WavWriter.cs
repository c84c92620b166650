using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace Phase.IO;

/// <summary>Writes a complete RIFF/WAVE file in one forward pass (sizes are known up front, so no seeking).</summary>
internal static class WavWriter
{
    private const int BlockBytes = 1 << 16;

    public static void Validate(AudioBuffer audio, WavSampleFormat format, WavWriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(audio);
        ArgumentNullException.ThrowIfNull(options);
        if (!WavSampleFormatInfo.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Use one of the WavSampleFormat values.");
        }

        if (options.HeaderStyle is not (WavHeaderStyle.Auto or WavHeaderStyle.Extensible or WavHeaderStyle.Classic))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.HeaderStyle, "HeaderStyle must be a WavHeaderStyle value.");
        }

        long blockAlign = (long)audio.ChannelCount * WavSampleFormatInfo.BytesPerSample(format);
        if (blockAlign > ushort.MaxValue)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{audio.ChannelCount} channels of {format} need {blockAlign}-byte frames; a WAV frame holds at most {ushort.MaxValue} bytes."), nameof(audio));
        }

        if ((long)audio.SampleRate * blockAlign > uint.MaxValue)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{audio.SampleRate} Hz × {blockAlign}-byte frames overflow the header's 32-bit byte rate."), nameof(audio));
        }

        long dataBytes = audio.FrameCount * blockAlign;
        if (HeaderBytes(audio.ChannelCount, format, options) + dataBytes + 1 > uint.MaxValue)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{audio.FrameCount} frames of {blockAlign} bytes exceed the 4 GiB limit of a RIFF WAV file; write shorter files."), nameof(audio));
        }

        // Non-finite values have no PCM code and break most float readers; reject before writing a single byte.
        for (int c = 0; c < audio.ChannelCount; c++)
        {
            ReadOnlySpan<float> x = audio.Channel(c);
            int bad = FirstNonFinite(x);
            if (bad >= 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Sample {bad} of channel {c} is {x[bad]}; WAV samples must be finite."), nameof(audio));
            }
        }
    }

    public static WavWriteResult Write(Stream stream, AudioBuffer audio, WavSampleFormat format, WavWriteOptions options)
    {
        int channels = audio.ChannelCount;
        int bytesPerSample = WavSampleFormatInfo.BytesPerSample(format);
        int blockAlign = channels * bytesPerSample;
        bool isFloat = WavSampleFormatInfo.Encoding(format) == WavEncoding.IeeeFloat;
        bool extensible = UseExtensible(channels, format, options);
        int tag = extensible ? WavConstants.FormatExtensible : isFloat ? WavConstants.FormatIeeeFloat : WavConstants.FormatPcm;
        int fmtSize = extensible ? WavConstants.FmtExtensibleSize : isFloat ? WavConstants.FmtExSize : WavConstants.FmtPcmSize;

        // The spec requires a 'fact' chunk (sample frames per channel) for every format tag other than PCM.
        bool fact = tag != WavConstants.FormatPcm;
        long dataBytes = (long)audio.FrameCount * blockAlign;
        int pad = (int)(dataBytes & 1);
        int headerBytes = HeaderBytes(channels, format, options);
        long riffSize = headerBytes - 8 + dataBytes + pad;

        Span<byte> h = stackalloc byte[headerBytes];
        h.Clear();
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], (uint)riffSize);
        "WAVE"u8.CopyTo(h[8..]);
        "fmt "u8.CopyTo(h[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], (uint)fmtSize);
        Span<byte> f = h.Slice(20, fmtSize);
        BinaryPrimitives.WriteUInt16LittleEndian(f, (ushort)tag);
        BinaryPrimitives.WriteUInt16LittleEndian(f[2..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(f[4..], (uint)audio.SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(f[8..], (uint)((long)audio.SampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(f[12..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(f[14..], (ushort)(bytesPerSample * 8));
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(f[16..], 22);
            BinaryPrimitives.WriteUInt16LittleEndian(f[18..], (ushort)(bytesPerSample * 8));
            BinaryPrimitives.WriteUInt32LittleEndian(f[20..], options.ChannelMask ?? DefaultChannelMask(channels));
            WavConstants.SubtypeGuidTail.CopyTo(f[26..]);
            BinaryPrimitives.WriteUInt16LittleEndian(f[24..], (ushort)(isFloat ? WavConstants.FormatIeeeFloat : WavConstants.FormatPcm));
        }
        else if (isFloat)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(f[16..], 0);
        }

        int at = 20 + fmtSize;
        if (fact)
        {
            "fact"u8.CopyTo(h[at..]);
            BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 4)..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 8)..], (uint)audio.FrameCount);
            at += 12;
        }

        "data"u8.CopyTo(h[at..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[(at + 4)..], (uint)dataBytes);
        stream.Write(h);

        long clipped = 0;
        int framesPerBlock = Math.Max(1, BlockBytes / blockAlign);
        byte[] block = ArrayPool<byte>.Shared.Rent(framesPerBlock * blockAlign);
        try
        {
            for (int done = 0; done < audio.FrameCount;)
            {
                int n = Math.Min(framesPerBlock, audio.FrameCount - done);
                clipped += SampleCodec.Encode(audio, done, n, format, block);
                stream.Write(block, 0, n * blockAlign);
                done += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }

        if (pad != 0)
        {
            stream.WriteByte(0);
        }

        stream.Flush();
        return new WavWriteResult((long)audio.FrameCount * channels, clipped, headerBytes + dataBytes + pad);
    }

    private static int HeaderBytes(int channels, WavSampleFormat format, WavWriteOptions options)
    {
        bool isFloat = WavSampleFormatInfo.Encoding(format) == WavEncoding.IeeeFloat;
        bool extensible = UseExtensible(channels, format, options);
        int fmtSize = extensible ? WavConstants.FmtExtensibleSize : isFloat ? WavConstants.FmtExSize : WavConstants.FmtPcmSize;
        bool fact = extensible || isFloat;
        return 12 + 8 + fmtSize + (fact ? 12 : 0) + 8;
    }

    private static bool UseExtensible(int channels, WavSampleFormat format, WavWriteOptions options) => options.HeaderStyle switch
    {
        WavHeaderStyle.Extensible => true,
        WavHeaderStyle.Classic => false,
        _ => channels > 2 || WavSampleFormatInfo.BytesPerSample(format) > 2,
    };

    private static uint DefaultChannelMask(int channels) => channels switch
    {
        1 => 0x4, // SPEAKER_FRONT_CENTER
        2 => 0x3, // SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT
        _ => 0,   // no speaker assignment: we cannot know the layout
    };

    private static int FirstNonFinite(ReadOnlySpan<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            if (!float.IsFinite(x[i]))
            {
                return i;
            }
        }

        return -1;
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace Phase.IO;

/// <summary>Parses RIFF/WAVE: chunks in any order, unknown chunks skipped, every size checked before it is trusted.</summary>
internal static class WavReader
{
    /// <summary>Frames decoded per block; the byte block is about 64 KiB whatever the frame size.</summary>
    private const int BlockBytes = 1 << 16;

    public static WavData Read(Stream stream, string source, WavReadOptions options)
    {
        var reader = new SourceReader(stream, source);
        ReadRiffHeader(reader);

        WavFormat? format = null;
        long dataOffset = -1; // offset of a data chunk's payload seen before the fmt chunk (seekable streams only)
        long dataSize = 0;
        Span<byte> header = stackalloc byte[8];
        while (true)
        {
            long chunkOffset = reader.Offset;
            int got = reader.ReadAtMost(header);
            if (got < header.Length)
            {
                // End of the chunk list (a few stray bytes at the very end are tolerated, as other readers do).
                break;
            }

            ReadOnlySpan<byte> id = header[..4];
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            if (id.SequenceEqual("fmt "u8))
            {
                if (format is not null)
                {
                    throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                        $"a second 'fmt ' chunk at offset {chunkOffset}; a WAV file has exactly one."));
                }

                format = ReadFmt(reader, size, chunkOffset);
                if (dataOffset >= 0)
                {
                    reader.SeekTo(dataOffset);
                    return new WavData(ReadSamples(reader, format, dataSize, dataOffset - 8, options), format);
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is not null)
                {
                    return new WavData(ReadSamples(reader, format, size, chunkOffset, options), format);
                }

                if (!reader.CanSeek)
                {
                    throw IoErrors.NotSupported(source, string.Create(CultureInfo.InvariantCulture,
                        $"the 'data' chunk at offset {chunkOffset} comes before the 'fmt ' chunk; reading such a file needs a seekable stream (open the file by path or copy it to a MemoryStream)."));
                }

                if (dataOffset >= 0)
                {
                    throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                        $"a second 'data' chunk at offset {chunkOffset} before any 'fmt ' chunk."));
                }

                dataOffset = reader.Offset;
                dataSize = size;
                SkipChunk(reader, id, size, chunkOffset, mustExist: false);
            }
            else
            {
                SkipChunk(reader, id, size, chunkOffset, mustExist: true);
            }
        }

        if (format is null)
        {
            throw IoErrors.Invalid(source, "no 'fmt ' chunk: the file does not say how its samples are encoded.");
        }

        throw IoErrors.Invalid(source, "no 'data' chunk: the file holds no samples.");
    }

    private static void ReadRiffHeader(SourceReader reader)
    {
        Span<byte> riff = stackalloc byte[12];
        int got = reader.ReadAtMost(riff);
        if (got < riff.Length)
        {
            throw IoErrors.Invalid(reader.Source, string.Create(CultureInfo.InvariantCulture,
                $"{got} bytes is too short for a WAV file, which starts with a 12-byte RIFF header."));
        }

        ReadOnlySpan<byte> id = riff[..4];
        if (id.SequenceEqual("RIFX"u8))
        {
            throw IoErrors.NotSupported(reader.Source, "big-endian RIFX files are not supported; convert to little-endian RIFF WAV (e.g. `sox in.wav out.wav`).");
        }

        if (id.SequenceEqual("RF64"u8) || id.SequenceEqual("BW64"u8))
        {
            throw IoErrors.NotSupported(reader.Source, $"{IoErrors.FourCC(id)} (64-bit WAV for files over 4 GiB) is not supported; split the audio into files under 4 GiB.");
        }

        if (!id.SequenceEqual("RIFF"u8))
        {
            throw IoErrors.Invalid(reader.Source, $"not a WAV file: it starts with {IoErrors.FourCC(id)} instead of 'RIFF'.");
        }

        if (!riff[8..].SequenceEqual("WAVE"u8))
        {
            throw IoErrors.Invalid(reader.Source, $"a RIFF file of form {IoErrors.FourCC(riff[8..])}, not 'WAVE'.");
        }

        // The RIFF size field (bytes 4..7) is deliberately not trusted: streaming writers leave it 0 or 0xFFFFFFFF.
        // Every chunk size is checked against the stream itself instead.
    }

    private static void SkipChunk(SourceReader reader, ReadOnlySpan<byte> id, uint size, long chunkOffset, bool mustExist)
    {
        // Chunks are word-aligned: an odd-sized chunk is followed by one pad byte (a missing pad at the end is tolerated).
        long skipped = reader.SkipAtMost(size + (size & 1));
        if (mustExist && skipped < size)
        {
            throw IoErrors.Invalid(reader.Source, string.Create(CultureInfo.InvariantCulture,
                $"chunk {IoErrors.FourCC(id)} at offset {chunkOffset} declares {size} bytes but only {skipped} remain: the file is truncated or the chunk size is corrupt."));
        }
    }

    private static WavFormat ReadFmt(SourceReader reader, uint size, long chunkOffset)
    {
        string source = reader.Source;
        if (size < WavConstants.FmtPcmSize || size > WavConstants.FmtMaxSize)
        {
            throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                $"the 'fmt ' chunk at offset {chunkOffset} declares {size} bytes; a valid one has {WavConstants.FmtPcmSize} to {WavConstants.FmtMaxSize}."));
        }

        byte[] fmt = new byte[size];
        reader.ReadExactly(fmt, "the 'fmt ' chunk");
        if ((size & 1) != 0)
        {
            reader.SkipAtMost(1);
        }

        int tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(2));
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(fmt.AsSpan(4));
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(12));
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(14));

        WavEncoding encoding;
        int validBits;
        uint channelMask = 0;
        if (tag == WavConstants.FormatExtensible)
        {
            if (size < WavConstants.FmtExtensibleSize)
            {
                throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                    $"the WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk has {size} bytes; it needs {WavConstants.FmtExtensibleSize} (cbSize 22)."));
            }

            validBits = BinaryPrimitives.ReadUInt16LittleEndian(fmt.AsSpan(18));
            channelMask = BinaryPrimitives.ReadUInt32LittleEndian(fmt.AsSpan(20));
            ReadOnlySpan<byte> guid = fmt.AsSpan(24, 16);
            int subTag = BinaryPrimitives.ReadUInt16LittleEndian(guid);
            bool standardGuid = guid[2] == 0 && guid[3] == 0 && guid[4..].SequenceEqual(WavConstants.SubtypeGuidTail[2..]);
            if (!standardGuid || (subTag != WavConstants.FormatPcm && subTag != WavConstants.FormatIeeeFloat))
            {
                string name = standardGuid ? $" ({WavConstants.TagName(subTag)})" : string.Empty;
                throw IoErrors.NotSupported(source,
                    $"WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid):B}{name} is not supported; supported: KSDATAFORMAT_SUBTYPE_PCM and KSDATAFORMAT_SUBTYPE_IEEE_FLOAT.");
            }

            encoding = subTag == WavConstants.FormatPcm ? WavEncoding.Pcm : WavEncoding.IeeeFloat;
            if (bits % 8 != 0)
            {
                throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                    $"an extensible header's wBitsPerSample is the container size and must be a multiple of 8; got {bits}."));
            }

            // Some writers leave wValidBitsPerSample 0; it then means "all of the container".
            if (validBits == 0)
            {
                validBits = bits;
            }
        }
        else if (tag is WavConstants.FormatPcm or WavConstants.FormatIeeeFloat)
        {
            encoding = tag == WavConstants.FormatPcm ? WavEncoding.Pcm : WavEncoding.IeeeFloat;
            validBits = bits;
        }
        else
        {
            throw IoErrors.NotSupported(source, string.Create(CultureInfo.InvariantCulture,
                $"format tag 0x{tag:X4} ({WavConstants.TagName(tag)}) is not supported; supported: PCM (1), IEEE float (3) and WAVE_FORMAT_EXTENSIBLE (0xFFFE) with a PCM or float sub-format. Convert with e.g. `sox in.wav -e signed-integer -b 16 out.wav`."));
        }

        if (channels == 0)
        {
            throw IoErrors.Invalid(source, "the 'fmt ' chunk declares 0 channels; a WAV file needs at least 1.");
        }

        if (rate == 0 || rate > int.MaxValue)
        {
            throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                $"the 'fmt ' chunk declares a sample rate of {rate} Hz; allowed: 1 to {int.MaxValue}."));
        }

        if (bits == 0)
        {
            throw IoErrors.Invalid(source, "the 'fmt ' chunk declares 0 bits per sample.");
        }

        // The container is what each sample occupies in a frame: ceil(bits / 8) bytes for a classic header (12-bit PCM
        // sits in 2 bytes), wBitsPerSample / 8 for an extensible one. The block align must be exactly C containers.
        int containerBytes = (bits + 7) / 8;
        long expectedAlign = (long)channels * containerBytes;
        if (blockAlign != expectedAlign)
        {
            throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                $"the block align is {blockAlign} bytes but {channels} channels × {containerBytes} bytes ({bits}-bit samples) make {expectedAlign}."));
        }

        if (validBits > containerBytes * 8)
        {
            throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                $"wValidBitsPerSample {validBits} exceeds the {containerBytes * 8}-bit container."));
        }

        WavSampleFormat sampleFormat;
        if (encoding == WavEncoding.Pcm)
        {
            sampleFormat = containerBytes switch
            {
                1 => WavSampleFormat.Pcm8,
                2 => WavSampleFormat.Pcm16,
                3 => WavSampleFormat.Pcm24,
                4 => WavSampleFormat.Pcm32,
                _ => throw IoErrors.NotSupported(source, string.Create(CultureInfo.InvariantCulture,
                    $"{bits}-bit PCM is not supported; supported: PCM in 8-, 16-, 24- and 32-bit containers.")),
            };
        }
        else
        {
            sampleFormat = bits switch
            {
                32 => WavSampleFormat.Float32,
                64 => WavSampleFormat.Float64,
                _ => throw IoErrors.NotSupported(source, string.Create(CultureInfo.InvariantCulture,
                    $"{bits}-bit IEEE float is not supported; supported: 32- and 64-bit float.")),
            };

            // Float has no padding bits to mask.
            validBits = bits;
        }

        return new WavFormat(tag, encoding, sampleFormat, containerBytes * 8, validBits, channels, (int)rate, blockAlign, channelMask);
    }

    private static AudioBuffer ReadSamples(SourceReader reader, WavFormat format, long declared, long chunkOffset, WavReadOptions options)
    {
        string source = reader.Source;
        int blockAlign = format.BlockAlign;
        int channels = format.ChannelCount;
        long size = declared;
        bool truncated = false;

        // Streaming writers (ffmpeg and recorders writing to a pipe) cannot go back to fill in the size and leave the
        // placeholder 0xFFFFFFFF (sox leaves 0x7FFFF000): the data then runs to the end of the file, and a partial last
        // frame (a writer stopped mid-frame) is dropped. sox's value is a placeholder only if the file is shorter.
        bool toEnd = declared == WavConstants.UnknownDataSize
            || (declared == WavConstants.SoxUnknownDataSize && (reader.Remaining ?? 0) < declared);
        if (toEnd)
        {
            size = reader.Remaining ?? (declared == WavConstants.UnknownDataSize ? options.MaxDataBytes + 1 : declared);
            truncated = true;
        }
        else if (reader.Remaining is long remaining && size > remaining)
        {
            if (!options.TolerateTruncation)
            {
                throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                    $"the 'data' chunk at offset {chunkOffset} declares {declared} bytes but only {remaining} remain: the file is truncated or the size is corrupt. WavReadOptions.TolerateTruncation reads the {remaining / blockAlign} whole frames present."));
            }

            size = remaining;
            truncated = true;
        }

        // A non-seekable stream of unknown length is read up to MaxDataBytes, and only an actual byte beyond that fails.
        bool boundedByLimit = declared == WavConstants.UnknownDataSize && reader.Remaining is null;
        if (boundedByLimit)
        {
            size = options.MaxDataBytes;
        }
        else if (size > options.MaxDataBytes)
        {
            throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                $"the 'data' chunk holds {size} bytes, more than WavReadOptions.MaxDataBytes ({options.MaxDataBytes})."));
        }

        if (size % blockAlign != 0)
        {
            if (!options.TolerateTruncation && !truncated)
            {
                throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                    $"the 'data' chunk holds {size} bytes, not a whole number of {blockAlign}-byte frames ({size % blockAlign} bytes left over). WavReadOptions.TolerateTruncation drops the partial frame."));
            }

            size -= size % blockAlign;
        }

        // For a seekable stream the frame count is real by now; for a non-seekable one it is still a claim, so it is
        // only acted on if that many frames actually arrive.
        long frames64 = size / blockAlign;
        if (frames64 > Array.MaxLength && reader.CanSeek)
        {
            throw TooManyFrames(source, frames64);
        }

        int frames = (int)Math.Min(frames64, Array.MaxLength);

        // A seekable stream has been checked to hold every byte, so allocate exactly. A non-seekable one may lie: start
        // with nothing and grow (doubling, at least a block at a time) only as data arrives, so memory stays
        // proportional to what was really read.
        int framesPerBlock = Math.Max(1, BlockBytes / blockAlign);
        int capacity = reader.CanSeek ? frames : 0;
        var planes = new float[channels][];
        for (int c = 0; c < channels; c++)
        {
            planes[c] = capacity == 0 ? [] : new float[capacity];
        }

        byte[] block = ArrayPool<byte>.Shared.Rent(framesPerBlock * blockAlign);
        int done = 0;
        try
        {
            while (done < frames)
            {
                int want = Math.Min(framesPerBlock, frames - done);
                int bytes = reader.ReadAtMost(block.AsSpan(0, want * blockAlign));
                int got = bytes / blockAlign;
                if (got > 0)
                {
                    if (done + got > capacity)
                    {
                        capacity = (int)Math.Min(frames, Math.Max(Math.Max((long)capacity * 2, done + got), framesPerBlock));
                        for (int c = 0; c < channels; c++)
                        {
                            Array.Resize(ref planes[c], capacity);
                        }
                    }

                    SampleCodec.Decode(block, format.SampleFormat, format.ValidBitsPerSample, planes, done, got);
                    done += got;
                }

                if (got < want)
                {
                    if (!options.TolerateTruncation && !toEnd)
                    {
                        long have = (long)done * blockAlign + bytes % blockAlign;
                        throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                            $"the stream ended after {have} of the {declared} bytes the 'data' chunk at offset {chunkOffset} declares. WavReadOptions.TolerateTruncation reads the whole frames present."));
                    }

                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }

        if (done == Array.MaxLength && frames64 > Array.MaxLength)
        {
            throw TooManyFrames(source, frames64);
        }

        if (boundedByLimit && done == frames)
        {
            Span<byte> probe = stackalloc byte[1];
            if (reader.ReadAtMost(probe) > 0)
            {
                throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                    $"the 'data' chunk of unknown size (0xFFFFFFFF) runs past WavReadOptions.MaxDataBytes ({options.MaxDataBytes})."));
            }
        }

        if (done < capacity)
        {
            for (int c = 0; c < channels; c++)
            {
                Array.Resize(ref planes[c], done);
            }
        }

        return new AudioBuffer(format.SampleRate, planes);
    }

    private static NotSupportedException TooManyFrames(string source, long frames) =>
        IoErrors.NotSupported(source, string.Create(CultureInfo.InvariantCulture,
            $"{frames} frames per channel exceed the largest .NET array ({Array.MaxLength} elements)."));
}

using System.Buffers.Binary;
using Phase.IO;
using static Phase.Tests.RiffBuilder;

namespace Phase.Tests;

/// <summary>Every malformed or unsupported input gives a clear InvalidDataException or NotSupportedException — never
/// a crash, an index error or a large allocation.</summary>
public class WavMalformedTests
{
    private static readonly byte[] Data4 = Pcm16(1, 2, 3, 4);

    public static TheoryData<string, byte[], string> InvalidFiles => new()
    {
        { "empty", [], "too short" },
        { "5 bytes", "RIFF\0"u8.ToArray(), "too short" },
        { "not RIFF", "OggS\0\0\0\0WAVEfmt "u8.ToArray(), "not a WAV file" },
        { "not WAVE", RiffWithSize(null, "RIFF")[..8].Concat("AVI "u8.ToArray()).ToArray(), "'AVI '" },
        { "no chunks", Riff(), "no 'fmt ' chunk" },
        { "no fmt", Riff(Chunk("data", Data4)), "no 'fmt ' chunk" },
        { "no data", Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16))), "no 'data' chunk" },
        { "fmt too small", Riff(Chunk("fmt ", new byte[14]), Chunk("data", Data4)), "declares 14 bytes" },
        { "fmt truncated", Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16)))[..30], "truncated" },
        { "fmt size huge", Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16), declaredSize: 0x7FFFFFFF)), "'fmt '" },
        { "zero channels", Riff(Chunk("fmt ", Fmt(1, 0, 8000, 16, blockAlign: 2)), Chunk("data", Data4)), "0 channels" },
        { "zero rate", Riff(Chunk("fmt ", Fmt(1, 1, 0, 16)), Chunk("data", Data4)), "sample rate of 0 Hz" },
        { "rate over int", Riff(Chunk("fmt ", Fmt(1, 1, unchecked((int)0x80000000u), 16)), Chunk("data", Data4)), "sample rate" },
        { "zero bits", Riff(Chunk("fmt ", Fmt(1, 1, 8000, 0, blockAlign: 2)), Chunk("data", Data4)), "0 bits" },
        { "block align too small", Riff(Chunk("fmt ", Fmt(1, 2, 8000, 16, blockAlign: 2)), Chunk("data", Data4)), "block align is 2" },
        { "block align too large", Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16, blockAlign: 3)), Chunk("data", Data4)), "block align is 3" },
        { "block align zero", Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16, blockAlign: 0)), Chunk("data", Data4)), "block align is 0" },
        { "extensible fmt short", Riff(Chunk("fmt ", Fmt(0xFFFE, 1, 8000, 16, cbSize: 0)), Chunk("data", Data4)), "needs 40" },
        { "extensible bits not byte multiple", Riff(Chunk("fmt ", FmtExtensible(1, 1, 8000, 12, 12, blockAlign: 2)), Chunk("data", Data4)), "multiple of 8" },
        { "valid bits over container", Riff(Chunk("fmt ", FmtExtensible(1, 1, 8000, 16, 20)), Chunk("data", Data4)), "exceeds the 16-bit container" },
        { "two fmt chunks", Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Data4)), "second 'fmt '" },
        { "two data chunks before fmt", Riff(Chunk("data", Data4), Chunk("data", Data4), Chunk("fmt ", Fmt(1, 1, 8000, 16))), "second 'data'" },
        { "data larger than file", Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Data4, declaredSize: 100)), "declares 100 bytes but only 8 remain" },
        { "data 4 GB in tiny file", Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Data4, declaredSize: 0xFFFFFFFE)), "truncated" },
        { "partial frame", Riff(Chunk("fmt ", Fmt(1, 2, 8000, 16)), Chunk("data", Pcm16(1, 2, 3))), "not a whole number" },
        { "chunk size past end", Riff(Chunk("LIST", new byte[10], declaredSize: 1_000_000), Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Data4)), "chunk 'LIST' at offset 12 declares 1000000" },
        { "garbage chunk id with huge size", Riff(Chunk("\u0001\u0002xy", new byte[2], declaredSize: 0xFFFFFFF0)), "'\\x01\\x02xy'" },
    };

    public static TheoryData<string, byte[], string> UnsupportedFiles => new()
    {
        { "A-law", Riff(Chunk("fmt ", Fmt(6, 1, 8000, 8, cbSize: 0)), Chunk("data", Data4)), "0x0006 (A-law)" },
        { "μ-law", Riff(Chunk("fmt ", Fmt(7, 1, 8000, 8, cbSize: 0)), Chunk("data", Data4)), "0x0007 (μ-law)" },
        { "MS ADPCM", Riff(Chunk("fmt ", Fmt(2, 1, 8000, 4, blockAlign: 256, cbSize: 0)), Chunk("data", Data4)), "Microsoft ADPCM" },
        { "IMA ADPCM", Riff(Chunk("fmt ", Fmt(0x11, 1, 8000, 4, blockAlign: 256, cbSize: 0)), Chunk("data", Data4)), "IMA ADPCM" },
        { "MP3", Riff(Chunk("fmt ", Fmt(0x55, 1, 8000, 0, blockAlign: 1, cbSize: 0)), Chunk("data", Data4)), "MPEG Layer 3" },
        { "unknown tag", Riff(Chunk("fmt ", Fmt(0x1234, 1, 8000, 16)), Chunk("data", Data4)), "0x1234 (unknown)" },
        { "float16", Riff(Chunk("fmt ", Fmt(3, 1, 8000, 16, cbSize: 0)), Chunk("data", Data4)), "16-bit IEEE float" },
        { "float24", Riff(Chunk("fmt ", FmtExtensible(3, 1, 8000, 24, 24)), Chunk("data", new byte[6])), "24-bit IEEE float" },
        { "PCM 64-bit", Riff(Chunk("fmt ", Fmt(1, 1, 8000, 64)), Chunk("data", new byte[8])), "64-bit PCM" },
        { "extensible A-law", Riff(Chunk("fmt ", FmtExtensible(6, 1, 8000, 8, 8)), Chunk("data", Data4)), "A-law" },
        { "extensible foreign GUID", Riff(Chunk("fmt ", FmtExtensible(1, 1, 8000, 16, 16, guid: [.. Enumerable.Range(1, 16).Select(i => (byte)i)])), Chunk("data", Data4)), "sub-format {04030201-0605-0807-090a-0b0c0d0e0f10}" },
        { "RIFX", RiffWithSize(null, "RIFX", Chunk("fmt ", Fmt(1, 1, 8000, 16))), "RIFX" },
        { "RF64", RiffWithSize(null, "RF64", Chunk("ds64", new byte[28])), "RF64" },
        { "BW64", RiffWithSize(null, "BW64", Chunk("ds64", new byte[28])), "BW64" },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Malformed_files_throw_InvalidData_naming_the_problem(string what, byte[] file, string message)
    {
        var ex = Assert.Throws<InvalidDataException>(() => WavFile.Read(new MemoryStream(file)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("WAV stream: ", ex.Message, StringComparison.Ordinal);
        _ = what;
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Malformed_files_throw_InvalidData_from_non_seekable_streams_too(string what, byte[] file, string message)
    {
        // Without a length to check against, a lying size is found at the end of the stream instead; the exception type
        // is the same, the message may differ.
        // A data chunk before the fmt chunk cannot be handled without seeking (NotSupported, saying so).
        Exception ex = Assert.ThrowsAny<Exception>(() => WavFile.Read(new NonSeekableStream(file)));
        if (ex is NotSupportedException)
        {
            Assert.Contains("needs a seekable stream", ex.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.IsType<InvalidDataException>(ex);
        }

        _ = (what, message);
    }

    [Theory]
    [MemberData(nameof(UnsupportedFiles))]
    public void Unsupported_encodings_throw_NotSupported_naming_them(string what, byte[] file, string message)
    {
        var ex = Assert.Throws<NotSupportedException>(() => WavFile.Read(new MemoryStream(file)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        _ = what;
    }

    [Fact]
    public void Path_overload_names_the_file()
    {
        using var dir = new TestFiles.TempDirectory();
        string path = dir.File("broken.wav");
        File.WriteAllBytes(path, Riff(Chunk("fmt ", Fmt(1, 0, 8000, 16, blockAlign: 2)), Chunk("data", Data4)));
        var ex = Assert.Throws<InvalidDataException>(() => WavFile.Read(path));
        Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absurd_declared_sizes_do_not_allocate_from_the_claim()
    {
        // 4 GB of data declared in a ~50-byte file, for seekable and non-seekable streams, and 65535 declared 8-bit
        // channels: memory must stay bounded by what the stream really holds (the wide case pays only for 65535 channel
        // references, about 0.5 MB per read).
        byte[] lie = Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Data4, declaredSize: 0xFFFFFFFE));
        byte[] wide = Riff(Chunk("fmt ", Fmt(1, 65535, 8000, 8)), Chunk("data", new byte[10], declaredSize: 0xFFFFFFFE));
        foreach (byte[] file in new[] { lie, wide })
        {
            WavFile.Read(new MemoryStream(file), new WavReadOptions { TolerateTruncation = true }); // warm up
            long before = GC.GetAllocatedBytesForCurrentThread();
            Assert.Throws<InvalidDataException>(() => WavFile.Read(new MemoryStream(file)));
            Assert.Throws<InvalidDataException>(() => WavFile.Read(new NonSeekableStream(file)));
            WavFile.Read(new MemoryStream(file), new WavReadOptions { TolerateTruncation = true });
            WavFile.Read(new NonSeekableStream(file), new WavReadOptions { TolerateTruncation = true });
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < 4_000_000, $"allocated {allocated} bytes");
        }
    }

    [Fact]
    public void Tolerating_truncation_reads_the_whole_frames_present()
    {
        byte[] file = Riff(Chunk("fmt ", Fmt(1, 2, 8000, 16)), Chunk("data", Pcm16(100, 200, 300, 400, 500), declaredSize: 1000));
        var options = new WavReadOptions { TolerateTruncation = true };
        foreach (Stream s in new Stream[] { new MemoryStream(file), new NonSeekableStream(file) })
        {
            WavData wav = WavFile.Read(s, options);
            Assert.Equal(2, wav.FrameCount); // the fifth sample is half a frame
            Assert.Equal(300 / 32768f, wav.Channel(0)[1]);
            Assert.Equal(400 / 32768f, wav.Channel(1)[1]);
        }
    }

    [Fact]
    public void Tolerating_truncation_handles_the_streaming_placeholder_size()
    {
        byte[] file = Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Pcm16(1, 2, 3), declaredSize: 0xFFFFFFFF));
        WavData wav = WavFile.Read(new MemoryStream(file), new WavReadOptions { TolerateTruncation = true });
        Assert.Equal(3, wav.FrameCount);
    }

    [Theory]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0x7FFFF000u)]
    public void A_streaming_placeholder_data_size_reads_to_the_end_of_the_file(uint placeholder)
    {
        // ffmpeg/recorders writing to a pipe leave 0xFFFFFFFF, sox 0x7FFFF000: strict reading still gets every frame,
        // by path, from a seekable and from a non-seekable stream; half a frame at the end is dropped.
        short[] codes = [.. Enumerable.Range(0, 3001).Select(i => (short)((i * 7919 % 65536) - 32768))];
        byte[] file = Riff(Chunk("fmt ", Fmt(1, 2, 8000, 16)), Chunk("data", Pcm16(codes), pad: false, declaredSize: placeholder));
        using var dir = new TestFiles.TempDirectory();
        File.WriteAllBytes(dir.File("piped.wav"), file);
        foreach (Func<WavData> read in new Func<WavData>[]
        {
            () => WavFile.Read(dir.File("piped.wav")),
            () => WavFile.Read(new MemoryStream(file)),
            () => WavFile.Read(new NonSeekableStream(file)),
        })
        {
            WavData wav = read();
            Assert.Equal(1500, wav.FrameCount);
            for (int n = 0; n < 1500; n++)
            {
                Assert.Equal(codes[2 * n] / 32768f, wav.Channel(0)[n]);
                Assert.Equal(codes[2 * n + 1] / 32768f, wav.Channel(1)[n]);
            }
        }
    }

    [Fact]
    public void A_placeholder_size_from_a_non_seekable_stream_is_still_bounded_by_max_data_bytes()
    {
        byte[] file = Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Pcm16(1, 2, 3, 4, 5), declaredSize: 0xFFFFFFFF));
        Assert.Equal(5, WavFile.Read(new NonSeekableStream(file), new WavReadOptions { MaxDataBytes = 10 }).FrameCount);
        var ex = Assert.Throws<InvalidDataException>(() => WavFile.Read(new NonSeekableStream(file), new WavReadOptions { MaxDataBytes = 8 }));
        Assert.Contains("MaxDataBytes", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => WavFile.Read(new MemoryStream(file), new WavReadOptions { MaxDataBytes = 8 }));
    }

    [Theory]
    [InlineData(0x7FFFEFFEu)]
    [InlineData(0x7FFFF002u)]
    [InlineData(0xFFFFFFFEu)]
    public void Other_oversized_data_sizes_are_still_truncation_errors(uint declared)
    {
        // Only the two placeholders mean "to the end"; any other size larger than the file is corruption.
        byte[] file = Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Pcm16(1, 2, 3), declaredSize: declared));
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => WavFile.Read(new MemoryStream(file))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tolerating_truncation_drops_a_partial_frame_in_a_complete_chunk()
    {
        byte[] file = Riff(Chunk("fmt ", Fmt(1, 2, 8000, 16)), Chunk("data", Pcm16(1, 2, 3)));
        Assert.Equal(1, WavFile.Read(new MemoryStream(file), new WavReadOptions { TolerateTruncation = true }).FrameCount);
    }

    [Fact]
    public void Max_data_bytes_limits_what_is_accepted()
    {
        byte[] file = SimplePcm16(8000, 1, 2, 3, 4, 5);
        var ex = Assert.Throws<InvalidDataException>(() => WavFile.Read(new MemoryStream(file), new WavReadOptions { MaxDataBytes = 8 }));
        Assert.Contains("MaxDataBytes", ex.Message, StringComparison.Ordinal);
        Assert.Equal(5, WavFile.Read(new MemoryStream(file), new WavReadOptions { MaxDataBytes = 10 }).FrameCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => new WavReadOptions { MaxDataBytes = -1 });
    }

    [Fact]
    public void Truncated_non_seekable_stream_reports_how_much_arrived()
    {
        byte[] file = SimplePcm16(8000, 1, 2, 3, 4, 5)[..^3];
        var ex = Assert.Throws<InvalidDataException>(() => WavFile.Read(new NonSeekableStream(file)));
        Assert.Contains("ended after 7 of the 10 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_read_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => WavFile.Read((Stream)null!));
        Assert.Throws<ArgumentException>(() => WavFile.Read(""));
        Assert.Throws<FileNotFoundException>(() => WavFile.Read(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".wav")));
        using var unreadable = new FailingStream(0);
        Assert.Throws<ArgumentException>(() => WavFile.Read(unreadable));
    }

    [Fact]
    public void A_data_chunk_not_checked_against_the_block_align_field_alone()
    {
        // Channel count × container must match the block align even when the byte rate is wrong (byte rate is ignored).
        byte[] fmt = Fmt(1, 1, 8000, 16);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), 12345);
        WavData wav = WavFile.Read(new MemoryStream(Riff(Chunk("fmt ", fmt), Chunk("data", Data4))));
        Assert.Equal(4, wav.FrameCount);
    }
}

using System.Buffers.Binary;
using Phase.IO;
using static Phase.Tests.RiffBuilder;

namespace Phase.Tests;

/// <summary>RIFF structure: chunk order, unknown chunks, pad bytes, untrusted RIFF sizes, valid-bit masking.</summary>
public class WavChunkTests
{
    private static readonly short[] Samples = [0, 16384, -16384, 32767, -32768];
    private static readonly float[] Expected = [0f, 0.5f, -0.5f, 32767f / 32768, -1f];

    [Fact]
    public void Unknown_chunks_before_and_between_are_skipped_including_odd_sizes_with_pad()
    {
        byte[] file = Riff(
            Chunk("JUNK", new byte[27]),          // odd: one pad byte follows
            Chunk("LIST", "INFOINAM\x05\0\0\0abcde\0"u8.ToArray()),
            Chunk("fmt ", Fmt(1, 1, 8000, 16)),
            Chunk("bext", new byte[3]),
            Chunk("data", Pcm16(Samples)),
            Chunk("id3 ", new byte[11]));
        AssertSamples(WavFile.Read(new MemoryStream(file)));
        AssertSamples(WavFile.Read(new NonSeekableStream(file)));
    }

    [Fact]
    public void Data_before_fmt_is_read_from_seekable_streams()
    {
        byte[] file = Riff(Chunk("data", Pcm16(Samples)), Chunk("LIST", new byte[4]), Chunk("fmt ", Fmt(1, 1, 8000, 16)));
        AssertSamples(WavFile.Read(new MemoryStream(file)));
    }

    [Fact]
    public void Data_before_fmt_on_a_non_seekable_stream_is_NotSupported_with_a_way_out()
    {
        byte[] file = Riff(Chunk("data", Pcm16(Samples)), Chunk("fmt ", Fmt(1, 1, 8000, 16)));
        var ex = Assert.Throws<NotSupportedException>(() => WavFile.Read(new NonSeekableStream(file)));
        Assert.Contains("seekable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Odd_data_before_fmt_is_skipped_with_its_pad_byte()
    {
        byte[] data = [0x80, 0xFF, 0x00]; // 8-bit: 0, +127, −128
        byte[] file = Riff(Chunk("data", data), Chunk("fmt ", Fmt(1, 1, 8000, 8)));
        WavData wav = WavFile.Read(new MemoryStream(file));
        Assert.Equal(new[] { 0f, 127f / 128, -1f }, wav.Channel(0).ToArray());
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(4u)]
    public void The_riff_size_field_is_not_trusted(uint riffSize)
    {
        // Streaming writers leave 0 or 0xFFFFFFFF; chunk sizes are checked against the stream instead.
        byte[] file = RiffWithSize(riffSize, "RIFF", Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Pcm16(Samples)));
        AssertSamples(WavFile.Read(new MemoryStream(file)));
    }

    [Fact]
    public void Trailing_bytes_after_the_data_chunk_are_ignored()
    {
        byte[] file = [.. SimplePcm16(8000, Samples), 1, 2, 3];
        AssertSamples(WavFile.Read(new MemoryStream(file)));
    }

    [Fact]
    public void Stream_is_left_just_after_the_data_chunk()
    {
        byte[] file = [.. SimplePcm16(8000, Samples), .. "tail"u8];
        var ms = new MemoryStream(file);
        WavFile.Read(ms);
        Assert.Equal(file.Length - 4, ms.Position);
    }

    [Fact]
    public void Fmt_chunk_with_cbSize_and_extra_bytes_is_accepted()
    {
        byte[] fmt = [.. Fmt(1, 1, 8000, 16, cbSize: 2), 0xAB, 0xCD];
        byte[] file = Riff(Chunk("fmt ", fmt), Chunk("data", Pcm16(Samples)));
        AssertSamples(WavFile.Read(new MemoryStream(file)));
    }

    [Fact]
    public void Odd_sized_fmt_chunk_is_followed_by_its_pad_byte()
    {
        byte[] fmt = [.. Fmt(1, 1, 8000, 16, cbSize: 1), 0x77]; // 19 bytes
        byte[] file = Riff(Chunk("fmt ", fmt), Chunk("data", Pcm16(Samples)));
        AssertSamples(WavFile.Read(new MemoryStream(file)));
        AssertSamples(WavFile.Read(new NonSeekableStream(file)));
    }

    [Fact]
    public void Missing_pad_byte_at_the_end_of_an_unknown_chunk_before_eof_is_tolerated_after_data()
    {
        byte[] file = Riff(Chunk("fmt ", Fmt(1, 1, 8000, 16)), Chunk("data", Pcm16(Samples)), Chunk("LIST", new byte[3], pad: false));
        AssertSamples(WavFile.Read(new MemoryStream(file)));
    }

    [Fact]
    public void Extensible_valid_bits_below_the_container_mask_the_padding_bits()
    {
        // 24 valid bits in 32-bit containers; the low byte should be zero and is junk here.
        var data = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(data, (0x123456 << 8) | 0xAB);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), (-0x400000 << 8) | 0x7F);
        byte[] file = Riff(Chunk("fmt ", FmtExtensible(1, 1, 48000, 32, 24)), Chunk("data", data));
        WavData wav = WavFile.Read(new MemoryStream(file));
        Assert.Equal(32, wav.Format.BitsPerSample);
        Assert.Equal(24, wav.Format.ValidBitsPerSample);
        Assert.Equal(WavSampleFormat.Pcm32, wav.Format.SampleFormat);
        Assert.Equal((float)(0x123456 / 8388608.0), wav.Channel(0)[0]);
        Assert.Equal(-0.5f, wav.Channel(0)[1]);
    }

    [Fact]
    public void Extensible_20_valid_bits_in_24_bit_containers_are_masked()
    {
        byte[] data = [0x0F, 0x00, 0x40]; // 0x40000F: the low nibble is padding
        byte[] file = Riff(Chunk("fmt ", FmtExtensible(1, 1, 48000, 24, 20)), Chunk("data", data, pad: true));
        WavData wav = WavFile.Read(new MemoryStream(file));
        Assert.Equal(20, wav.Format.ValidBitsPerSample);
        Assert.Equal(0.5f, wav.Channel(0)[0]);
    }

    [Fact]
    public void Extensible_valid_bits_zero_means_the_whole_container()
    {
        byte[] file = Riff(Chunk("fmt ", FmtExtensible(1, 1, 8000, 16, 0)), Chunk("data", Pcm16(Samples)));
        WavData wav = WavFile.Read(new MemoryStream(file));
        Assert.Equal(16, wav.Format.ValidBitsPerSample);
        AssertSamples(wav);
    }

    [Fact]
    public void Classic_12_bit_pcm_sits_in_16_bit_containers_with_padding_masked()
    {
        byte[] file = Riff(Chunk("fmt ", Fmt(1, 1, 8000, 12, blockAlign: 2)), Chunk("data", Pcm16(0x4000 | 0x000F, -0x8000)));
        WavData wav = WavFile.Read(new MemoryStream(file));
        Assert.Equal(12, wav.Format.ValidBitsPerSample);
        Assert.Equal(16, wav.Format.BitsPerSample);
        Assert.Equal(new[] { 0.5f, -1f }, wav.Channel(0).ToArray());
    }

    [Fact]
    public void Extensible_float_is_read()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(data, 0.25f);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4), -2.5f);
        byte[] file = Riff(Chunk("fmt ", FmtExtensible(3, 2, 96000, 32, 32, mask: 3)), Chunk("fact", new byte[4]), Chunk("data", data));
        WavData wav = WavFile.Read(new MemoryStream(file));
        Assert.Equal(WavEncoding.IeeeFloat, wav.Format.Encoding);
        Assert.Equal(0.25f, wav.Channel(0)[0]);
        Assert.Equal(-2.5f, wav.Channel(1)[0]);
        Assert.Equal(96000, wav.SampleRate);
    }

    [Fact]
    public void Format_description_is_readable()
    {
        byte[] file = Riff(Chunk("fmt ", FmtExtensible(1, 2, 48000, 24, 20, mask: 3)), Chunk("data", new byte[6]));
        Assert.Equal("PCM 24-bit (20 valid), 2 ch, 48000 Hz, extensible", WavFile.Read(new MemoryStream(file)).Format.ToString());
    }

    private static void AssertSamples(WavData wav)
    {
        Assert.Equal(8000, wav.SampleRate);
        Assert.Equal(1, wav.ChannelCount);
        Assert.Equal(Expected, wav.Channel(0).ToArray());
    }
}

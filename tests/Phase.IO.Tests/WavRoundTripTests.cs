using System.Buffers.Binary;
using Phase.IO;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>Write → read round trips for every container, channel count and header style, checked against the
/// quantisation rule computed independently in double precision and against the raw bytes on disk.</summary>
public class WavRoundTripTests
{
    public static TheoryData<WavSampleFormat, int, WavHeaderStyle> Cases()
    {
        var data = new TheoryData<WavSampleFormat, int, WavHeaderStyle>();
        foreach (WavSampleFormat f in Enum.GetValues<WavSampleFormat>())
        {
            foreach (int channels in new[] { 1, 2, 3, 8 })
            {
                foreach (WavHeaderStyle style in Enum.GetValues<WavHeaderStyle>())
                {
                    data.Add(f, channels, style);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Round_trip_returns_the_quantised_samples_and_the_bytes_hold_the_expected_codes(
        WavSampleFormat format, int channels, WavHeaderStyle style)
    {
        const int frames = 1001; // odd, so 8- and 24-bit mono need a pad byte
        AudioBuffer audio = TestSignal(channels, frames, seed: 17 * channels + (int)format, rate: 22050);
        var ms = new MemoryStream();
        WavWriteResult result = WavFile.Write(ms, audio, format, new WavWriteOptions { HeaderStyle = style });
        byte[] file = ms.ToArray();

        Assert.Equal((long)frames * channels, result.SamplesWritten);
        Assert.Equal(0, result.ClippedSampleCount); // the test signal stays inside [−1, 1)
        Assert.Equal(file.Length, result.BytesWritten);
        Assert.Equal(0, file.Length % 2); // RIFF chunks are word-aligned

        WavData wav = WavFile.Read(new MemoryStream(file));
        Assert.Equal(22050, wav.SampleRate);
        Assert.Equal(channels, wav.ChannelCount);
        Assert.Equal(frames, wav.FrameCount);
        Assert.Equal(format, wav.Format.SampleFormat);
        bool expectExtensible = style == WavHeaderStyle.Extensible ||
            (style == WavHeaderStyle.Auto && (channels > 2 || format is not (WavSampleFormat.Pcm8 or WavSampleFormat.Pcm16)));
        Assert.Equal(expectExtensible, wav.Format.IsExtensible);

        int bytesPerSample = BytesPerSample(format);
        int dataStart = DataOffset(file);
        for (int c = 0; c < channels; c++)
        {
            for (int n = 0; n < frames; n++)
            {
                float x = audio.Channel(c)[n];
                int at = dataStart + (n * channels + c) * bytesPerSample;
                if (format is WavSampleFormat.Float32 or WavSampleFormat.Float64)
                {
                    double stored = format == WavSampleFormat.Float32
                        ? BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(at))
                        : BinaryPrimitives.ReadDoubleLittleEndian(file.AsSpan(at));
                    Assert.Equal((double)x, stored);
                    Assert.Equal(x, wav.Channel(c)[n]);
                }
                else
                {
                    int bits = bytesPerSample * 8;
                    long q = ExpectedCode(x, bits);
                    Assert.Equal(q, StoredCode(file.AsSpan(at), format));
                    Assert.Equal((float)(q / Math.Pow(2, bits - 1)), wav.Channel(c)[n]);
                }
            }
        }
    }

    [Theory]
    [InlineData(WavSampleFormat.Pcm8)]
    [InlineData(WavSampleFormat.Pcm16)]
    [InlineData(WavSampleFormat.Pcm24)]
    public void Reading_then_writing_pcm_is_bit_exact(WavSampleFormat format)
    {
        // Every code of the container (or a dense sample of them for 24-bit) survives read → write unchanged.
        int bits = BytesPerSample(format) * 8;
        long min = -(1L << (bits - 1)), max = (1L << (bits - 1)) - 1;
        int count = bits <= 16 ? (int)(max - min + 1) : 1 << 16;
        var x = new float[count];
        var rng = new Random(5);
        for (int i = 0; i < count; i++)
        {
            long q = bits <= 16 ? min + i : i < 2 ? (i == 0 ? min : max) : rng.NextInt64(min, max + 1);
            x[i] = (float)(q / Math.Pow(2, bits - 1));
        }

        var first = new MemoryStream();
        WavFile.Write(first, AudioBuffer.FromMono(x, 8000), format);
        WavData read = WavFile.Read(new MemoryStream(first.ToArray()));
        var second = new MemoryStream();
        WavWriteResult result = WavFile.Write(second, read.Audio, format);

        Assert.Equal(0, result.ClippedSampleCount);
        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(x, read.Channel(0).ToArray());
    }

    [Fact]
    public void Pcm32_round_trip_error_is_within_float32_precision()
    {
        // Float32 cannot hold 32-bit codes: writing x then reading gives the float nearest to q / 2^31, so the error
        // against x is at most half a code (2^−32) plus half a float ulp (2^−25 · |x|).
        AudioBuffer audio = TestSignal(2, 4000, seed: 3, rate: 48000);
        var ms = new MemoryStream();
        WavFile.Write(ms, audio, WavSampleFormat.Pcm32);
        WavData wav = WavFile.Read(new MemoryStream(ms.ToArray()));
        for (int c = 0; c < 2; c++)
        {
            for (int n = 0; n < 4000; n++)
            {
                double x = audio.Channel(c)[n];
                Assert.True(Math.Abs(wav.Channel(c)[n] - x) <= Math.Pow(2, -32) + Math.Abs(x) * Math.Pow(2, -25),
                    $"{c},{n}: {x:R} → {wav.Channel(c)[n]:R}");
            }
        }
    }

    [Theory]
    [InlineData(WavSampleFormat.Pcm8, 8)]
    [InlineData(WavSampleFormat.Pcm16, 16)]
    [InlineData(WavSampleFormat.Pcm24, 24)]
    [InlineData(WavSampleFormat.Pcm32, 32)]
    public void Out_of_range_values_are_clipped_to_the_ends_and_counted(WavSampleFormat format, int bits)
    {
        float[] x = [1.0f, -1.0f, 1.5f, -1.5f, 0.5f, 1e30f, -1e30f, 0f];
        var ms = new MemoryStream();
        WavWriteResult result = WavFile.Write(ms, AudioBuffer.FromMono(x, 8000), format);
        Assert.Equal(5, result.ClippedSampleCount); // 1.0 (one code above full scale), ±1.5, ±1e30; −1.0 fits
        Assert.True(result.Clipped);

        byte[] file = ms.ToArray();
        int at = DataOffset(file);
        int size = bits / 8;
        long max = (1L << (bits - 1)) - 1, min = -(1L << (bits - 1));
        long[] expected = [max, min, max, min, 1L << (bits - 2), max, min, 0];
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(expected[i], StoredCode(file.AsSpan(at + i * size), format));
        }
    }

    [Fact]
    public void Float_formats_store_out_of_range_values_unchanged()
    {
        float[] x = [1.0f, -1.0f, 1.5f, -3e10f, float.Epsilon, -0.0f];
        foreach (WavSampleFormat format in new[] { WavSampleFormat.Float32, WavSampleFormat.Float64 })
        {
            var ms = new MemoryStream();
            WavWriteResult result = WavFile.Write(ms, AudioBuffer.FromMono(x, 8000), format);
            Assert.Equal(0, result.ClippedSampleCount);
            float[] back = WavFile.Read(new MemoryStream(ms.ToArray())).Channel(0).ToArray();
            Assert.Equal(x.Select(BitConverter.SingleToInt32Bits), back.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void Pcm_quantisation_rounds_half_to_even()
    {
        // Exactly half-way values: x·2^15 = ±0.5, ±1.5, ±2.5 → codes 0, ±2, ±2.
        float[] x = [0.5f / 32768, 1.5f / 32768, 2.5f / 32768, -0.5f / 32768, -1.5f / 32768, -2.5f / 32768, 0.49f / 32768, 0.51f / 32768];
        var ms = new MemoryStream();
        WavFile.Write(ms, AudioBuffer.FromMono(x, 8000), WavSampleFormat.Pcm16);
        byte[] file = ms.ToArray();
        int at = DataOffset(file);
        short[] codes = Enumerable.Range(0, x.Length).Select(i => BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(at + 2 * i))).ToArray();
        Assert.Equal(new short[] { 0, 2, 2, 0, -2, -2, 0, 1 }, codes);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_samples_are_rejected_before_anything_is_written(float bad)
    {
        var audio = new AudioBuffer(8000, 2, 100);
        audio.Channel(1)[42] = bad;
        foreach (WavSampleFormat format in Enum.GetValues<WavSampleFormat>())
        {
            var ms = new MemoryStream();
            var ex = Assert.Throws<ArgumentException>(() => WavFile.Write(ms, audio, format));
            Assert.Equal("audio", ex.ParamName);
            Assert.Contains("Sample 42 of channel 1", ex.Message, StringComparison.Ordinal);
            Assert.Equal(0, ms.Length);
        }
    }

    [Fact]
    public void Empty_audio_round_trips()
    {
        var ms = new MemoryStream();
        WavFile.Write(ms, new AudioBuffer(16000, 2, 0), WavSampleFormat.Pcm24);
        WavData wav = WavFile.Read(new MemoryStream(ms.ToArray()));
        Assert.Equal(0, wav.FrameCount);
        Assert.Equal(2, wav.ChannelCount);
        Assert.Equal(16000, wav.SampleRate);
    }

    [Theory]
    [InlineData(1024, WavSampleFormat.Pcm16)]
    [InlineData(8191, WavSampleFormat.Float64)] // 65528-byte frames: just under the 65535-byte block-align limit
    public void Many_channels_round_trip(int channels, WavSampleFormat format)
    {
        AudioBuffer audio = TestSignal(channels, 3, seed: channels, rate: 8000);
        var ms = new MemoryStream();
        WavFile.Write(ms, audio, format);
        WavData wav = WavFile.Read(new MemoryStream(ms.ToArray()));
        Assert.Equal(channels, wav.ChannelCount);
        Assert.True(wav.Format.IsExtensible);
        Assert.Equal(0u, wav.Format.ChannelMask); // no speaker assignment for unknown layouts
        Assert.Equal(audio.Channel(channels - 1)[2], wav.Channel(channels - 1)[2], 1e-4f);
    }

    [Fact]
    public void Frames_wider_than_the_block_align_field_are_rejected()
    {
        var audio = new AudioBuffer(8000, 8192, 1); // 8192 × 8 bytes = 65536 > 65535
        var ex = Assert.Throws<ArgumentException>(() => WavFile.Write(new MemoryStream(), audio, WavSampleFormat.Float64));
        Assert.Contains("65535", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0x4u)]
    [InlineData(2, 0x3u)]
    public void Default_channel_masks_follow_the_speaker_convention(int channels, uint mask)
    {
        var ms = new MemoryStream();
        WavFile.Write(ms, new AudioBuffer(8000, channels, 4), WavSampleFormat.Pcm24);
        Assert.Equal(mask, WavFile.Read(new MemoryStream(ms.ToArray())).Format.ChannelMask);

        var custom = new MemoryStream();
        WavFile.Write(custom, new AudioBuffer(8000, channels, 4), WavSampleFormat.Pcm24, new WavWriteOptions { ChannelMask = 0x30 });
        Assert.Equal(0x30u, WavFile.Read(new MemoryStream(custom.ToArray())).Format.ChannelMask);
    }

    [Fact]
    public void Classic_float_header_has_cbSize_zero_and_a_fact_chunk()
    {
        var ms = new MemoryStream();
        WavFile.Write(ms, new AudioBuffer(44100, 1, 5), WavSampleFormat.Float32, new WavWriteOptions { HeaderStyle = WavHeaderStyle.Classic });
        byte[] b = ms.ToArray();
        Assert.Equal("fmt ", System.Text.Encoding.ASCII.GetString(b, 12, 4));
        Assert.Equal(18u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(16)));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(20)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(36)));
        Assert.Equal("fact", System.Text.Encoding.ASCII.GetString(b, 38, 4));
        Assert.Equal(5u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(46)));
        Assert.Equal((uint)(b.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4)));
    }

    [Fact]
    public void Odd_sized_data_is_followed_by_a_zero_pad_byte_not_counted_in_the_chunk_size()
    {
        var ms = new MemoryStream();
        WavFile.Write(ms, AudioBuffer.FromMono([0.5f, -0.5f, 0.25f], 8000), WavSampleFormat.Pcm8);
        byte[] b = ms.ToArray();
        Assert.Equal(12 + 24 + 8 + 3 + 1, b.Length);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(40)));
        Assert.Equal((uint)(b.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4)));
        Assert.Equal(0, b[^1]);
        Assert.Equal(new byte[] { 192, 64, 160 }, b.AsSpan(44, 3).ToArray());
    }

    [Fact]
    public void Path_overloads_round_trip_and_mono_span_overload_writes_one_channel()
    {
        using var dir = new TestFiles.TempDirectory();
        float[] x = Signals.Sine(800, 440, 16000, amplitude: 0.5);
        string path = dir.File("tone.wav");
        WavWriteResult result = WavFile.Write(path, x, 16000);
        Assert.Equal(800, result.SamplesWritten);
        WavData wav = WavFile.Read(path);
        Assert.Equal(1, wav.ChannelCount);
        Assert.Equal(WavSampleFormat.Pcm16, wav.Format.SampleFormat);
        for (int n = 0; n < x.Length; n++)
        {
            Assert.Equal(ExpectedCode(x[n], 16) / 32768.0, wav.Channel(0)[n]);
        }

        Assert.Equal(["tone.wav"], dir.Entries());
    }

    [Fact]
    public void Non_seekable_stream_reads_the_same_as_seekable()
    {
        AudioBuffer audio = TestSignal(3, 70000, seed: 9, rate: 16000); // > 64 Ki frames: exercises buffer growth
        var ms = new MemoryStream();
        WavFile.Write(ms, audio, WavSampleFormat.Pcm24);
        WavData a = WavFile.Read(new MemoryStream(ms.ToArray()));
        WavData b = WavFile.Read(new NonSeekableStream(ms.ToArray()));
        for (int c = 0; c < 3; c++)
        {
            Assert.Equal(a.Channel(c).ToArray(), b.Channel(c).ToArray());
        }
    }

    [Fact]
    public void Invalid_write_arguments_are_rejected()
    {
        var audio = new AudioBuffer(8000, 1, 4);
        Assert.Throws<ArgumentNullException>(() => WavFile.Write(new MemoryStream(), null!, WavSampleFormat.Pcm16));
        Assert.Throws<ArgumentNullException>(() => WavFile.Write((Stream)null!, audio));
        Assert.Throws<ArgumentOutOfRangeException>(() => WavFile.Write(new MemoryStream(), audio, (WavSampleFormat)99));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            WavFile.Write(new MemoryStream(), audio, WavSampleFormat.Pcm16, new WavWriteOptions { HeaderStyle = (WavHeaderStyle)7 }));
        Assert.Throws<ArgumentException>(() => WavFile.Write(new MemoryStream([], writable: false), audio));
        Assert.Throws<ArgumentException>(() => WavFile.Write("", audio));
    }

    internal static AudioBuffer TestSignal(int channels, int frames, int seed, int rate)
    {
        var audio = new AudioBuffer(rate, channels, frames);
        for (int c = 0; c < channels; c++)
        {
            float[] noise = Signals.Noise(frames, seed + c);
            Span<float> dst = audio.Channel(c);
            for (int n = 0; n < frames; n++)
            {
                dst[n] = 0.99f * noise[n];
            }

            if (frames > 4)
            {
                dst[0] = -1f;             // the most negative code
                dst[1] = 0f;
                dst[2] = 1e-9f;           // below every PCM step
                dst[3] = -0.999999f;
            }
        }

        return audio;
    }

    /// <summary>The PCM code of x, from the spec's rule evaluated in double precision.</summary>
    internal static long ExpectedCode(float x, int bits)
    {
        double scaled = Math.Round(x * Math.Pow(2, bits - 1), MidpointRounding.ToEven);
        return (long)Math.Clamp(scaled, -Math.Pow(2, bits - 1), Math.Pow(2, bits - 1) - 1);
    }

    internal static long StoredCode(ReadOnlySpan<byte> at, WavSampleFormat format) => format switch
    {
        WavSampleFormat.Pcm8 => at[0] - 128,
        WavSampleFormat.Pcm16 => BinaryPrimitives.ReadInt16LittleEndian(at),
        WavSampleFormat.Pcm24 => (at[0] | (at[1] << 8) | (at[2] << 16)) << 8 >> 8,
        WavSampleFormat.Pcm32 => BinaryPrimitives.ReadInt32LittleEndian(at),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    internal static int BytesPerSample(WavSampleFormat format) => format switch
    {
        WavSampleFormat.Pcm8 => 1,
        WavSampleFormat.Pcm16 => 2,
        WavSampleFormat.Pcm24 => 3,
        WavSampleFormat.Pcm32 or WavSampleFormat.Float32 => 4,
        _ => 8,
    };

    /// <summary>The payload offset of the first 'data' chunk, found by walking the chunks independently of Phase.</summary>
    internal static int DataOffset(byte[] file)
    {
        int pos = 12;
        while (true)
        {
            string id = System.Text.Encoding.ASCII.GetString(file, pos, 4);
            int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 4));
            if (id == "data")
            {
                return pos + 8;
            }

            pos += 8 + size + (size & 1);
        }
    }
}

using System.Buffers.Binary;
using Phase.IO;

namespace Phase.Tests;

/// <summary>Files written by sox, libsndfile and scipy decode to exactly the values those tools report.</summary>
public class WavFixtureTests
{
    public static TheoryData<string, WavSampleFormat, bool> Readable => new()
    {
        { "sox_u8_mono.wav", WavSampleFormat.Pcm8, false },
        { "sox_s16_stereo.wav", WavSampleFormat.Pcm16, false },
        { "sox_s24_stereo_ext.wav", WavSampleFormat.Pcm24, true },
        { "sox_s32_mono_ext.wav", WavSampleFormat.Pcm32, true },
        { "sox_f32_mono.wav", WavSampleFormat.Float32, false },
        { "sox_f64_mono.wav", WavSampleFormat.Float64, false },
        { "sox_s16_6ch_ext.wav", WavSampleFormat.Pcm16, true },
        { "sf_s16_mono_list.wav", WavSampleFormat.Pcm16, false },
        { "sf_f32_stereo_peak.wav", WavSampleFormat.Float32, false },
        { "sf_s24_mono_wavex_odd.wav", WavSampleFormat.Pcm24, true },
        { "sf_u8_mono_odd.wav", WavSampleFormat.Pcm8, false },
        { "scipy_f32_mono.wav", WavSampleFormat.Float32, false },
        { "scipy_s16_stereo.wav", WavSampleFormat.Pcm16, false },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public void Reads_files_written_by_other_tools_exactly(string name, WavSampleFormat format, bool extensible)
    {
        TestFiles.WavExpected expected = TestFiles.ReadWavExpected(name);
        WavData wav = WavFile.Read(TestFiles.Fixture(name));

        Assert.Equal(expected.SampleRate, wav.SampleRate);
        Assert.Equal(expected.Channels, wav.ChannelCount);
        Assert.Equal(expected.Frames, wav.FrameCount);
        Assert.Equal(format, wav.Format.SampleFormat);
        Assert.Equal(extensible, wav.Format.IsExtensible);
        Assert.Equal(expected.Channels, wav.Format.ChannelCount);
        for (int c = 0; c < expected.Channels; c++)
        {
            Span<float> actual = wav.Channel(c);
            for (int n = 0; n < expected.Frames; n++)
            {
                // q / 2^(b−1) computed in double is exact; its float rounding is the one correct float32 answer
                // (exact for ≤ 24 bits, nearest-even for 32-bit PCM and float64 sources).
                float want = (float)expected.Values[c][n];
                if (actual[n] != want)
                {
                    Assert.Fail($"{name}: channel {c}, frame {n}: expected {want:R}, read {actual[n]:R}");
                }
            }
        }
    }

    [Theory]
    [InlineData("sox_s16_stereo.wav")]
    [InlineData("sox_s24_stereo_ext.wav")]
    [InlineData("sox_u8_mono.wav")]
    public void Pcm_fixture_contains_both_ends_or_is_in_range(string name)
    {
        // PCM reads are in [−1, 1): the most negative code is exactly −1 and nothing reaches +1.
        WavData wav = WavFile.Read(TestFiles.Fixture(name));
        TestFiles.WavExpected expected = TestFiles.ReadWavExpected(name);
        long min = -(1L << (expected.PcmBits - 1));
        for (int c = 0; c < wav.ChannelCount; c++)
        {
            for (int n = 0; n < wav.FrameCount; n++)
            {
                Assert.InRange(wav.Channel(c)[n], -1f, 1f - MathF.Pow(2, -(expected.PcmBits - 1)));
                if (expected.Codes[c][n] == min)
                {
                    Assert.Equal(-1f, wav.Channel(c)[n]);
                }
            }
        }
    }

    [Fact]
    public void Clipped_sox_file_has_full_scale_codes_at_both_ends()
    {
        // Guard that the fixture really exercises the code-range ends (sox clipped it with vol 3).
        TestFiles.WavExpected expected = TestFiles.ReadWavExpected("sox_s16_stereo.wav");
        Assert.Contains(expected.Codes[0], q => q == -32768);
        Assert.Contains(expected.Codes[0], q => q == 32767);
        WavData wav = WavFile.Read(TestFiles.Fixture("sox_s16_stereo.wav"));
        Assert.Contains(-1f, wav.Channel(0).ToArray());
        Assert.Contains(32767f / 32768f, wav.Channel(0).ToArray());
    }

    [Theory]
    [InlineData("sox_s16_stereo.wav", WavSampleFormat.Pcm16, WavHeaderStyle.Auto)]
    [InlineData("sox_s24_stereo_ext.wav", WavSampleFormat.Pcm24, WavHeaderStyle.Auto)]
    [InlineData("sox_s16_6ch_ext.wav", WavSampleFormat.Pcm16, WavHeaderStyle.Auto)]
    [InlineData("sox_u8_mono.wav", WavSampleFormat.Pcm8, WavHeaderStyle.Auto)]
    [InlineData("sox_f32_mono.wav", WavSampleFormat.Float32, WavHeaderStyle.Classic)] // sox writes mono float with tag 3
    [InlineData("scipy_f32_mono.wav", WavSampleFormat.Float32, WavHeaderStyle.Classic)]
    [InlineData("scipy_s16_stereo.wav", WavSampleFormat.Pcm16, WavHeaderStyle.Auto)]
    public void Rewriting_a_file_reproduces_the_other_tools_bytes(string name, WavSampleFormat format, WavHeaderStyle style)
    {
        // sox and scipy lay out headers the way the spec recommends (and Phase writes): byte equality of the whole file
        // is a strong oracle for the header and for bit-exact PCM re-quantisation.
        byte[] original = TestFiles.FixtureBytes(name);
        WavData wav = WavFile.Read(new MemoryStream(original));
        var ms = new MemoryStream();
        WavWriteResult result = WavFile.Write(ms, wav.Audio, format, new WavWriteOptions { ChannelMask = wav.Format.ChannelMask, HeaderStyle = style });

        Assert.Equal(0, result.ClippedSampleCount);
        Assert.Equal(original.Length, result.BytesWritten);
        Assert.Equal(original, ms.ToArray());
    }

    [Theory]
    [InlineData("sox_s32_mono_ext.wav", WavSampleFormat.Pcm32, WavHeaderStyle.Auto)]
    [InlineData("sox_f64_mono.wav", WavSampleFormat.Float64, WavHeaderStyle.Classic)]
    public void Rewriting_a_wider_than_float32_file_reproduces_the_header_and_stays_within_float32_precision(
        string name, WavSampleFormat format, WavHeaderStyle style)
    {
        // 32-bit PCM and float64 carry more than float32's 24 significant bits, so only the header is byte-identical;
        // each sample may move by at most half a float32 ulp (relative 2^−24).
        byte[] original = TestFiles.FixtureBytes(name);
        WavData wav = WavFile.Read(new MemoryStream(original));
        var ms = new MemoryStream();
        WavFile.Write(ms, wav.Audio, format, new WavWriteOptions { ChannelMask = wav.Format.ChannelMask, HeaderStyle = style });
        byte[] rewritten = ms.ToArray();
        int dataStart = original.Length - wav.FrameCount * wav.Format.BlockAlign;
        Assert.Equal(original.Length, rewritten.Length);
        Assert.Equal(original.AsSpan(0, dataStart).ToArray(), rewritten.AsSpan(0, dataStart).ToArray());

        TestFiles.WavExpected expected = TestFiles.ReadWavExpected(name);
        WavData again = WavFile.Read(new MemoryStream(rewritten));
        for (int n = 0; n < wav.FrameCount; n++)
        {
            double want = expected.Values[0][n];
            Assert.True(Math.Abs(again.Channel(0)[n] - want) <= Math.Abs(want) * Math.Pow(2, -24),
                $"frame {n}: {again.Channel(0)[n]:R} vs {want:R}");
        }
    }

    [Fact]
    public void Extensible_channel_mask_is_reported()
    {
        byte[] bytes = TestFiles.FixtureBytes("sox_s24_stereo_ext.wav");
        uint maskInFile = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12 + 8 + 20)); // RIFF hdr + chunk hdr + offset 20
        WavData wav = WavFile.Read(new MemoryStream(bytes));
        Assert.Equal(maskInFile, wav.Format.ChannelMask);
        Assert.Equal(3u, wav.Format.ChannelMask);
        Assert.Equal(24, wav.Format.ValidBitsPerSample);
        Assert.Equal(WavEncoding.Pcm, wav.Format.Encoding);
    }

    [Theory]
    [InlineData("unsupported_ulaw.wav", "μ-law")]
    [InlineData("unsupported_alaw.wav", "A-law")]
    [InlineData("unsupported_ima_adpcm.wav", "IMA ADPCM")]
    [InlineData("unsupported_ms_adpcm.wav", "Microsoft ADPCM")]
    [InlineData("unsupported_wavex_ulaw.wav", "μ-law")]
    [InlineData("unsupported_rf64.wav", "RF64")]
    public void Valid_files_in_unsupported_encodings_throw_NotSupported_naming_them(string name, string what)
    {
        string path = TestFiles.Fixture(name);
        var ex = Assert.Throws<NotSupportedException>(() => WavFile.Read(path));
        Assert.Contains(what, ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }
}

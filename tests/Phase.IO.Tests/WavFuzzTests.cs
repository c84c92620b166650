using System.Buffers.Binary;
using Phase.IO;
using static Phase.Tests.RiffBuilder;

namespace Phase.Tests;

/// <summary>Seeded corruption of valid files: every outcome is either a well-formed result or one of the documented
/// exceptions (InvalidDataException, NotSupportedException) — never IndexOutOfRange, OutOfMemory, overflow or a hang.</summary>
public class WavFuzzTests
{
    public static TheoryData<string> Seeds => new()
    {
        "sox_s16_stereo.wav",
        "sox_s24_stereo_ext.wav",
        "sox_u8_mono.wav",
        "sf_s16_mono_list.wav",
        "sf_f32_stereo_peak.wav",
        "sf_s24_mono_wavex_odd.wav",
        "sox_f64_mono.wav",
        "unsupported_ms_adpcm.wav",
        "data-before-fmt",
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Truncation_at_every_length_gives_only_documented_outcomes(string seed)
    {
        byte[] file = Load(seed);
        for (int length = 0; length <= file.Length; length += length < 256 ? 1 : 13)
        {
            ReadAllWays(file[..length], $"{seed} truncated to {length}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_byte_corruption_gives_only_documented_outcomes(string seed)
    {
        byte[] original = Load(seed);
        var rng = new Random(seed.GetHashCode(StringComparison.Ordinal) & 0x7FFF);
        for (int trial = 0; trial < 600; trial++)
        {
            byte[] file = (byte[])original.Clone();
            int edits = 1 + rng.Next(4);
            for (int e = 0; e < edits; e++)
            {
                // Half the edits hit the first 96 bytes, where the headers and sizes live.
                int at = rng.Next(2) == 0 ? rng.Next(Math.Min(96, file.Length)) : rng.Next(file.Length);
                file[at] = (byte)rng.Next(256);
            }

            if (rng.Next(4) == 0)
            {
                file = file[..rng.Next(file.Length + 1)];
            }

            ReadAllWays(file, $"{seed} trial {trial}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Absurd_values_in_every_header_field_give_only_documented_outcomes(string seed)
    {
        byte[] original = Load(seed);
        uint[] values = [0, 1, 3, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF];
        int headerEnd = Math.Min(original.Length - 4, 96);
        for (int at = 0; at <= headerEnd; at += 2)
        {
            foreach (uint v in values)
            {
                byte[] file = (byte[])original.Clone();
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), v);
                ReadAllWays(file, $"{seed} with {v:X} at {at}");
                BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(at), (ushort)v);
                ReadAllWays(file, $"{seed} with {v & 0xFFFF:X} (16-bit) at {at}");
            }
        }
    }

    private static byte[] Load(string seed) => seed == "data-before-fmt"
        ? Riff(Chunk("data", Pcm16(1, -2, 3, -4, 5)), Chunk("LIST", new byte[5]), Chunk("fmt ", Fmt(1, 1, 8000, 16)))
        : TestFiles.FixtureBytes(seed);

    private static void ReadAllWays(byte[] file, string what)
    {
        var tolerant = new WavReadOptions { TolerateTruncation = true };
        Check(() => WavFile.Read(new MemoryStream(file)), what + " (seekable)");
        Check(() => WavFile.Read(new NonSeekableStream(file)), what + " (non-seekable)");
        Check(() => WavFile.Read(new MemoryStream(file), tolerant), what + " (seekable, tolerant)");
        Check(() => WavFile.Read(new NonSeekableStream(file), tolerant), what + " (non-seekable, tolerant)");
    }

    private static void Check(Func<WavData> read, string what)
    {
        WavData wav;
        try
        {
            wav = read();
        }
        catch (InvalidDataException)
        {
            return;
        }
        catch (NotSupportedException)
        {
            return;
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what}: undocumented {ex.GetType().Name}: {ex.Message}");
            return;
        }

        // A successful read is internally consistent.
        Assert.True(wav.ChannelCount >= 1, what);
        Assert.True(wav.SampleRate >= 1, what);
        Assert.Equal(wav.Format.ChannelCount, wav.ChannelCount);
        Assert.Equal(wav.Format.ChannelCount * wav.Format.BitsPerSample / 8, wav.Format.BlockAlign);
        for (int c = 0; c < wav.ChannelCount; c++)
        {
            Assert.Equal(wav.FrameCount, wav.Channel(c).Length);
            if (wav.Format.Encoding == WavEncoding.Pcm)
            {
                foreach (float x in wav.Channel(c))
                {
                    Assert.True(x >= -1f && x < 1f, $"{what}: PCM sample {x} outside [−1, 1)");
                }
            }
        }
    }
}

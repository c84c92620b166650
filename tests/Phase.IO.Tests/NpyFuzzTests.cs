using Phase.IO;

namespace Phase.Tests;

/// <summary>Seeded corruption of valid .npy files: only documented outcomes (InvalidDataException,
/// NotSupportedException, or a consistent array).</summary>
public class NpyFuzzTests
{
    public static TheoryData<string> Seeds => new()
    {
        "np_f4_c_2d.npy",
        "np_f8_be.npy",
        "np_f4_fortran_3d.npy",
        "np_f2.npy",
        "np_f4_v2.npy",
        "np_f4_v3.npy",
        "np_f4_scalar.npy",
        "unsupported_object.npy",
    };

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Truncation_at_every_length_gives_only_documented_outcomes(string seed)
    {
        byte[] file = TestFiles.FixtureBytes(seed);
        for (int length = 0; length <= file.Length; length++)
        {
            ReadAllWays(file[..length], $"{seed} truncated to {length}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_corruption_gives_only_documented_outcomes(string seed)
    {
        byte[] original = TestFiles.FixtureBytes(seed);
        var rng = new Random(seed.Length * 7919);

        // Characters that steer the header parser into its interesting states.
        byte[] alphabet = "{}()[],:'\" \n-0123456789LTrueFalsNo<>=|fiuOc248\\x"u8.ToArray();
        for (int trial = 0; trial < 1500; trial++)
        {
            byte[] file = (byte[])original.Clone();
            int edits = 1 + rng.Next(4);
            for (int e = 0; e < edits; e++)
            {
                int at = rng.Next(3) != 0 ? rng.Next(Math.Min(128, file.Length)) : rng.Next(file.Length);
                file[at] = rng.Next(2) == 0 ? alphabet[rng.Next(alphabet.Length)] : (byte)rng.Next(256);
            }

            if (rng.Next(5) == 0)
            {
                file = file[..rng.Next(file.Length + 1)];
            }

            ReadAllWays(file, $"{seed} trial {trial}");
        }
    }

    private static void ReadAllWays(byte[] file, string what)
    {
        Check(() => NpyFile.Read(new MemoryStream(file)).Shape.ToArray(), what + " (float, seekable)");
        Check(() => NpyFile.ReadDouble(new NonSeekableStream(file)).Shape.ToArray(), what + " (double, non-seekable)");
    }

    private static void Check(Func<int[]> read, string what)
    {
        try
        {
            int[] shape = read();
            Assert.All(shape, d => Assert.True(d >= 0, what));
        }
        catch (InvalidDataException)
        {
        }
        catch (NotSupportedException)
        {
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what}: undocumented {ex.GetType().Name}: {ex.Message}");
        }
    }
}

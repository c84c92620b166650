using System.Globalization;

namespace Phase.Tests;

/// <summary>Paths of committed fixtures and parsers for their expected-value files (written by Fixtures/generate.py
/// from sox/libsndfile/NumPy output, never by Phase).</summary>
internal static class TestFiles
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] FixtureBytes(string name) => File.ReadAllBytes(Fixture(name));

    /// <summary>Expected WAV content: per channel, the float32 value the reader must return.</summary>
    public sealed record WavExpected(int SampleRate, int Channels, int Frames, int PcmBits, double[][] Values, long[][] Codes);

    public static WavExpected ReadWavExpected(string wavName)
    {
        string[] lines = File.ReadAllLines(Fixture(Path.ChangeExtension(wavName, ".expected.txt")));
        string[] head = lines[0].Split(' ');
        int rate = int.Parse(head[0], CultureInfo.InvariantCulture);
        int channels = int.Parse(head[1], CultureInfo.InvariantCulture);
        int frames = int.Parse(head[2], CultureInfo.InvariantCulture);
        int bits = head[3].StartsWith("pcm", StringComparison.Ordinal) ? int.Parse(head[3][3..], CultureInfo.InvariantCulture) : 0;
        var values = new double[channels][];
        var codes = new long[channels][];
        for (int c = 0; c < channels; c++)
        {
            values[c] = new double[frames];
            codes[c] = new long[frames];
        }

        for (int n = 0; n < frames; n++)
        {
            string[] parts = lines[n + 1].Split(' ');
            for (int c = 0; c < channels; c++)
            {
                if (bits > 0)
                {
                    long q = long.Parse(parts[c], CultureInfo.InvariantCulture);
                    codes[c][n] = q;
                    values[c][n] = q / Math.Pow(2, bits - 1);
                }
                else
                {
                    values[c][n] = double.Parse(parts[c], CultureInfo.InvariantCulture);
                }
            }
        }

        return new WavExpected(rate, channels, frames, bits, values, codes);
    }

    /// <summary>Expected .npy content: shape, descr, values in C order.</summary>
    public sealed record NpyExpected(int[] Shape, string Descr, double[] Values);

    public static NpyExpected ReadNpyExpected(string npyName)
    {
        string[] lines = File.ReadAllLines(Fixture(Path.ChangeExtension(npyName, ".expected.txt")));
        int[] shape = lines[0] == "scalar" ? [] : lines[0].Split(' ').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        double[] values = lines.Skip(2).Where(l => l.Length > 0).Select(ParsePythonFloat).ToArray();
        return new NpyExpected(shape, lines[1], values);
    }

    private static double ParsePythonFloat(string s) => s switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(s, CultureInfo.InvariantCulture),
    };

    /// <summary>A fresh empty directory under the system temp directory, deleted on dispose.</summary>
    public sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "phase-io-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public string[] Entries() => Directory.GetFileSystemEntries(Path).Select(System.IO.Path.GetFileName).ToArray()!;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

using System.Buffers.Binary;
using System.Globalization;

namespace Phase.Tests.Metrics;

/// <summary>
/// Deterministic test signals, mirrored line by line in <c>scripts/reference/metrics_reference.py</c> (which produced the
/// reference values in <c>tests/fixtures/metrics</c>): a SplitMix64 generator, a speech-like harmonic signal and the
/// degradations. Everything is computed in double from the float clean signal and rounded to float once, as in Python.
/// </summary>
internal static class MetricSignals
{
    public const double SynthSeconds = 3.0;

    private static readonly double[] AllpassCoefficients = [0.6, -0.4, 0.85, 0.3, -0.7];

    /// <summary>Uniform doubles in [−1, 1) from SplitMix64 outputs 1 … count started at <paramref name="seed"/>.</summary>
    public static double[] Uniform(ulong seed, int count)
    {
        var u = new double[count];
        for (int i = 0; i < count; i++)
        {
            ulong z = unchecked(seed + (ulong)(i + 1) * 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            z ^= z >> 31;
            u[i] = 2.0 * (z >> 11) * (1.0 / (1UL << 53)) - 1.0;
        }

        return u;
    }

    /// <summary>Harmonic "voice" (wandering f0, three moving formants) gated by a 3.1 Hz syllable envelope that is zero
    /// half of the time.</summary>
    public static float[] SpeechLike(int fs, double seconds = SynthSeconds)
    {
        int n = (int)Math.Round(seconds * fs);
        const double twoPi = 2.0 * Math.PI;
        int harmonics = (int)Math.Floor(Math.Min(4800.0, 0.45 * fs) / 155.0);
        var result = new float[n];
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / fs;
            double f0 = 120.0 + 25.0 * Math.Sin(twoPi * 0.7 * t) + 10.0 * Math.Sin(twoPi * 1.9 * t);
            double phase = twoPi * (120.0 * t + 25.0 * (1.0 - Math.Cos(twoPi * 0.7 * t)) / (twoPi * 0.7)
                                    + 10.0 * (1.0 - Math.Cos(twoPi * 1.9 * t)) / (twoPi * 1.9));
            double f1 = 500.0 + 200.0 * Math.Sin(twoPi * 2.3 * t);
            double f2 = 1500.0 + 500.0 * Math.Sin(twoPi * 1.7 * t + 1.0);
            double f3 = 2500.0 + 300.0 * Math.Sin(twoPi * 1.1 * t + 2.0);
            double x = 0;
            for (int h = 1; h <= harmonics; h++)
            {
                double fh = h * f0;
                double d1 = (fh - f1) / 200.0, d2 = (fh - f2) / 250.0, d3 = (fh - f3) / 300.0;
                double a = Math.Exp(-(d1 * d1)) + 0.7 * Math.Exp(-(d2 * d2)) + 0.4 * Math.Exp(-(d3 * d3)) + 0.02;
                x += a * Math.Sin(h * phase) / Math.Sqrt(h);
            }

            double env = Math.Max(0.0, Math.Sin(twoPi * 3.1 * t)) * (0.6 + 0.4 * Math.Sin(twoPi * 0.45 * t + 0.3));
            result[i] = (float)(0.2 * env * x);
        }

        return result;
    }

    /// <summary>The espeak-ng clip "Phase reconstruction keeps every word clear." (22050 Hz, 16-bit).</summary>
    public static float[] EspeakClip()
    {
        byte[] raw = File.ReadAllBytes(Fixture("speech_22050.s16"));
        var x = new float[raw.Length / 2];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(BinaryPrimitives.ReadInt16LittleEndian(raw.AsSpan(2 * i)) / 32768.0);
        }

        return x;
    }

    public static float[] Clean(string source, int rate) => source switch
    {
        "synth" => SpeechLike(rate),
        "speech" => EspeakClip(),
        _ => throw new ArgumentException(source, nameof(source)),
    };

    public static float[] Degrade(float[] clean, string kind, double param, ulong seed)
    {
        int n = clean.Length;
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = clean[i];
        }

        double[] y;
        switch (kind)
        {
            case "identity":
                y = x;
                break;
            case "noise":
                y = AddNoise(x, param, seed);
                break;
            case "lowpass":
                y = new double[n];
                double prev = 0;
                for (int i = 0; i < n; i++)
                {
                    prev = (1.0 - param) * x[i] + param * prev;
                    y[i] = prev;
                }

                break;
            case "allpass":
                y = Allpass(x);
                break;
            case "allpass+noise":
                y = AddNoise(Allpass(x), param, seed);
                break;
            case "delay":
                int d = (int)param;
                y = new double[n];
                Array.Copy(x, 0, y, d, n - d);
                break;
            case "clip":
                double peak = 0;
                foreach (double v in x)
                {
                    peak = Math.Max(peak, Math.Abs(v));
                }

                double limit = param * peak;
                y = x.Select(v => Math.Clamp(v, -limit, limit)).ToArray();
                break;
            case "chop":
                int period = (int)param;
                y = new double[n];
                for (int i = 0; i < n; i++)
                {
                    y[i] = (i / period) % 2 == 0 ? x[i] : 0.0;
                }

                break;
            default:
                throw new ArgumentException(kind, nameof(kind));
        }

        return y.Select(v => (float)v).ToArray();
    }

    /// <summary>Adds seeded white noise at <paramref name="snrDb"/> dB below the signal's energy.</summary>
    public static float[] WithNoise(float[] clean, double snrDb, ulong seed) => Degrade(clean, "noise", snrDb, seed);

    /// <summary>Path of a file in <c>tests/fixtures/metrics</c>, found by walking up from the test binaries.</summary>
    public static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "fixtures", "metrics", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"tests/fixtures/metrics/{name} not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>Rows of a CSV fixture as header → value maps.</summary>
    public static List<Dictionary<string, string>> ReadCsv(string name)
    {
        string[] lines = File.ReadAllLines(Fixture(name));
        string[] header = lines[0].Split(',');
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))
            .ToList();
    }

    /// <summary>Parses a Python <c>repr</c> of a float (including <c>inf</c>).</summary>
    public static double ParsePython(string s) => s switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.Parse(s, CultureInfo.InvariantCulture),
    };

    public static float[] ReadF32(string name)
    {
        byte[] raw = File.ReadAllBytes(Fixture(name));
        var x = new float[raw.Length / 4];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(4 * i));
        }

        return x;
    }

    private static double[] Allpass(double[] x)
    {
        foreach (double c in AllpassCoefficients)
        {
            var y = new double[x.Length];
            double xp = 0, yp = 0;
            for (int i = 0; i < x.Length; i++)
            {
                yp = c * x[i] + xp - c * yp;
                xp = x[i];
                y[i] = yp;
            }

            x = y;
        }

        return x;
    }

    private static double[] AddNoise(double[] x, double snrDb, ulong seed)
    {
        double[] u = Uniform(seed, x.Length);
        double xx = 0, uu = 0;
        for (int i = 0; i < x.Length; i++)
        {
            xx += x[i] * x[i];
            uu += u[i] * u[i];
        }

        double scale = Math.Sqrt(xx / (uu * Math.Pow(10.0, snrDb / 10.0)));
        var y = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] + scale * u[i];
        }

        return y;
    }
}

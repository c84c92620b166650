using System.Globalization;
using Phase.Mel;
using Phase.Testing;

namespace Phase.Tests.Mel;

/// <summary>Reads the filter-bank fixtures written by scripts/reference/mel_reference.py (numpy, from the formulas).</summary>
internal static class MelReference
{
    public sealed record Config(string Name, int SampleRate, int FftSize, int MelCount, double MinHz, double MaxHz, MelScale Scale, MelNormalization Norm);

    public static readonly Config[] Configs =
    [
        new("tts_22050_1024_80", 22050, 1024, 80, 0, 11025, MelScale.Slaney, MelNormalization.Slaney),
        new("hifigan_22050_1024_80_8k", 22050, 1024, 80, 0, 8000, MelScale.Slaney, MelNormalization.Slaney),
        new("whisper_16000_400_80", 16000, 400, 80, 0, 8000, MelScale.Slaney, MelNormalization.Slaney),
        new("htk_16000_512_40_peak", 16000, 512, 40, 20, 7600, MelScale.Htk, MelNormalization.Peak),
        new("htk_44100_2048_128_none", 44100, 2048, 128, 30, 16000, MelScale.Htk, MelNormalization.None),
    ];

    public static Config Get(string name) => Configs.Single(c => c.Name == name);

    /// <summary>The dense M × K matrix of a fixture (double).</summary>
    public static double[,] Weights(Config c)
    {
        var w = new double[c.MelCount, c.FftSize / 2 + 1];
        foreach (string line in File.ReadLines(Fixtures.Path("mel", $"filters_{c.Name}.csv")))
        {
            if (line.StartsWith('#') || line.StartsWith("mel", StringComparison.Ordinal))
            {
                continue;
            }

            string[] f = line.Split(',');
            w[int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture)] = double.Parse(f[2], CultureInfo.InvariantCulture);
        }

        return w;
    }

    public static double[] Points(Config c) =>
        File.ReadLines(Fixtures.Path("mel", $"points_{c.Name}.csv")).Skip(1).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    public static MelFilterBank Bank(Config c) => new(c.SampleRate, c.FftSize, c.MelCount, c.MinHz, c.MaxHz, c.Scale, c.Norm);
}

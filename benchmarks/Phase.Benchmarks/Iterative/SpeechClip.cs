using Phase.IO;

namespace Phase.Benchmarks.Iterative;

/// <summary>Ten seconds of speech at 22050 Hz for the iterative benchmarks: the demo clip and the speech fixtures,
/// concatenated and tiled.</summary>
internal static class SpeechClip
{
    public const int SampleRate = 22050;

    public const double Seconds = 10;

    public static float[] TenSeconds() => Continuous(Seconds);

    /// <summary>Continuous speech of any length: the same recordings, concatenated and tiled.</summary>
    public static float[] Continuous(double seconds)
    {
        string root = QualityTable.RepositoryRoot();
        var sources = new List<string> { Path.Combine(root, "src", "Phase.Cli", "Resources", "demo.wav") };
        sources.AddRange(Directory.GetFiles(Path.Combine(root, "tests", "fixtures", "speech"), "*.wav").Order(StringComparer.Ordinal));
        var all = new List<float>();
        foreach (string path in sources)
        {
            all.AddRange(WavFile.Read(path).MixToMono());
        }

        int length = (int)(seconds * SampleRate);
        var result = new float[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = all[i % all.Count];
        }

        return result;
    }
}

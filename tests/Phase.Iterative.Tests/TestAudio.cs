using Phase.IO;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Iterative;

/// <summary>Speech clips and settings shared by the iterative tests.</summary>
internal static class TestAudio
{
    private static readonly Lazy<IReadOnlyList<(string Name, float[] Samples)>> s_clips = new(Load);

    /// <summary>The quality settings of the brief: 22050 Hz, Hann 1024, hop 256, reflect padding.</summary>
    public static StftSettings Speech { get; } = new(1024, 256, sampleRate: 22050);

    /// <summary>Small settings for fast property tests: Hann 256, hop 64.</summary>
    public static StftSettings Small { get; } = new(256, 64, sampleRate: 22050);

    /// <summary>The demo clip and the speech fixtures (22050 Hz mono).</summary>
    public static IReadOnlyList<(string Name, float[] Samples)> Clips => s_clips.Value;

    public static IEnumerable<object[]> ClipNames() => Clips.Select(c => new object[] { c.Name });

    public static float[] Clip(string name) => Clips.Single(c => c.Name == name).Samples;

    /// <summary>The demo clip.</summary>
    public static float[] Demo => Clip("demo");

    /// <summary>A short piece of the demo clip (voiced speech), for tests that run many reconstructions.</summary>
    public static float[] DemoExcerpt(int length) => Demo.AsSpan(Math.Min(11025, Demo.Length - length), length).ToArray();

    public static MagnitudeSpectrogram Magnitudes(StftSettings settings, float[] signal) => settings.StftMagnitude(signal);

    private static IReadOnlyList<(string, float[])> Load()
    {
        var list = new List<(string, float[])> { ("demo", WavFile.Read(Fixtures.DemoClip).MixToMono()) };
        foreach (string path in Fixtures.SpeechClips())
        {
            list.Add((Path.GetFileNameWithoutExtension(path), WavFile.Read(path).MixToMono()));
        }

        return list;
    }
}

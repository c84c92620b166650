using Phase.IO;

namespace Phase.Testing;

/// <summary>The committed speech clips, loaded once: the CLI's demo clip ("demo") and every tests/fixtures/speech clip
/// (named by file name without extension), 22050 Hz mono.</summary>
public static class SpeechAudio
{
    private static readonly Lazy<IReadOnlyList<(string Name, float[] Samples)>> s_clips = new(Load);

    /// <summary>The demo clip first, then the fixtures in file-name order.</summary>
    public static IReadOnlyList<(string Name, float[] Samples)> Clips => s_clips.Value;

    /// <summary>Clip names as xunit <c>MemberData</c> rows.</summary>
    public static IEnumerable<object[]> ClipNames() => Clips.Select(c => new object[] { c.Name });

    /// <summary>The samples of the clip called <paramref name="name"/> (shared: do not modify).</summary>
    public static float[] Clip(string name) => Clips.Single(c => c.Name == name).Samples;

    /// <summary>The demo clip (shared: do not modify).</summary>
    public static float[] Demo => Clip("demo");

    /// <summary>A copy of <paramref name="length"/> samples of voiced speech from the demo clip (from 0.5 s on), for tests
    /// that run many reconstructions.</summary>
    public static float[] DemoExcerpt(int length) => Demo.AsSpan(Math.Min(11025, Demo.Length - length), length).ToArray();

    private static IReadOnlyList<(string, float[])> Load()
    {
        var list = new List<(string, float[])> { ("demo", WavFile.Read(Fixtures.DemoClip).MixToMono()) };
        foreach (string path in Fixtures.SpeechClips())
        {
            list.Add((System.IO.Path.GetFileNameWithoutExtension(path), WavFile.Read(path).MixToMono()));
        }

        return list;
    }
}

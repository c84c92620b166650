using Phase.IO;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.GradientTheorem;

/// <summary>Speech clips, settings and stream helpers shared by the gradient-theorem tests.</summary>
internal static class GradientTestAudio
{
    private static readonly Lazy<IReadOnlyList<(string Name, float[] Samples)>> s_clips = new(Load);

    /// <summary>The quality settings of the brief: 22050 Hz, Hann 1024, hop 256.</summary>
    public static StftSettings Speech { get; } = new(1024, 256, sampleRate: 22050);

    /// <summary>Small settings for fast property tests: Hann 256, hop 64.</summary>
    public static StftSettings Small { get; } = new(256, 64, sampleRate: 22050);

    /// <summary>The demo clip and the speech fixtures (22050 Hz mono).</summary>
    public static IReadOnlyList<(string Name, float[] Samples)> Clips => s_clips.Value;

    public static IEnumerable<object[]> ClipNames() => Clips.Select(c => new object[] { c.Name });

    public static float[] Clip(string name) => Clips.Single(c => c.Name == name).Samples;

    public static float[] Demo => Clip("demo");

    /// <summary>A piece of the demo clip (voiced speech).</summary>
    public static float[] DemoExcerpt(int length) => Demo.AsSpan(Math.Min(11025, Demo.Length - length), length).ToArray();

    /// <summary>Feeds every frame, flushes, and places output-stream sample i at signal sample i − OutputDelay.</summary>
    public static float[] RunStream(IStreamingPhaseReconstructor r, MagnitudeSpectrogram target, int length)
    {
        int hop = r.Settings.Hop;
        var stream = new List<float>();
        var buffer = new float[hop];
        for (int f = 0; f < target.FrameCount; f++)
        {
            r.ProcessFrame(target.Frame(f), buffer);
            stream.AddRange(buffer);
        }

        var tail = new float[r.FlushLength];
        Assert.Equal(r.FlushLength, r.Flush(tail));
        stream.AddRange(tail);
        var y = new float[length];
        for (int t = 0; t < length; t++)
        {
            int i = t + r.OutputDelay;
            y[t] = i < stream.Count ? stream[i] : 0f;
        }

        return y;
    }

    /// <summary>Spectral convergence (dB) of a method's reconstruction of <paramref name="x"/>.</summary>
    public static double Sc(IPhaseReconstructor method, float[] x)
    {
        StftSettings settings = method.Settings;
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        float[] y = method.Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length }).Signal;
        return Metrics.QualityMetrics.SpectralConvergenceDb(settings.StftMagnitude(y), target);
    }

    /// <summary>The principal value of an angle, [−π, π), in double precision (test-side, independent of the library's).</summary>
    public static double Wrap(double x) => x - (2 * Math.PI * Math.Floor((x + Math.PI) / (2 * Math.PI)));

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

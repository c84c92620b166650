using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Iterative;

/// <summary>Speech clips and settings shared by the iterative tests.</summary>
internal static class TestAudio
{
    /// <summary>The quality settings of the brief: 22050 Hz, Hann 1024, hop 256, reflect padding.</summary>
    public static StftSettings Speech { get; } = new(1024, 256, sampleRate: 22050);

    /// <summary>Small settings for fast property tests: Hann 256, hop 64.</summary>
    public static StftSettings Small { get; } = new(256, 64, sampleRate: 22050);

    /// <summary>The demo clip and the speech fixtures (22050 Hz mono).</summary>
    public static IReadOnlyList<(string Name, float[] Samples)> Clips => SpeechAudio.Clips;

    public static IEnumerable<object[]> ClipNames() => SpeechAudio.ClipNames();

    public static float[] Clip(string name) => SpeechAudio.Clip(name);

    /// <summary>The demo clip.</summary>
    public static float[] Demo => SpeechAudio.Demo;

    /// <summary>A short piece of the demo clip (voiced speech), for tests that run many reconstructions.</summary>
    public static float[] DemoExcerpt(int length) => SpeechAudio.DemoExcerpt(length);

    public static MagnitudeSpectrogram Magnitudes(StftSettings settings, float[] signal) => settings.StftMagnitude(signal);
}

using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.GradientTheorem;

/// <summary>Speech clips, settings and stream helpers shared by the gradient-theorem tests.</summary>
internal static class GradientTestAudio
{
    /// <summary>The quality settings of the brief: 22050 Hz, Hann 1024, hop 256.</summary>
    public static StftSettings Speech { get; } = new(1024, 256, sampleRate: 22050);

    /// <summary>Small settings for fast property tests: Hann 256, hop 64.</summary>
    public static StftSettings Small { get; } = new(256, 64, sampleRate: 22050);

    /// <summary>The demo clip and the speech fixtures (22050 Hz mono).</summary>
    public static IReadOnlyList<(string Name, float[] Samples)> Clips => SpeechAudio.Clips;

    public static IEnumerable<object[]> ClipNames() => SpeechAudio.ClipNames();

    public static float[] Clip(string name) => SpeechAudio.Clip(name);

    public static float[] Demo => SpeechAudio.Demo;

    /// <summary>A piece of the demo clip (voiced speech).</summary>
    public static float[] DemoExcerpt(int length) => SpeechAudio.DemoExcerpt(length);

    /// <summary>Feeds every frame, flushes, and places output-stream sample i at signal sample i − OutputDelay.</summary>
    public static float[] RunStream(IStreamingPhaseReconstructor r, MagnitudeSpectrogram target, int length) =>
        StreamingRunner.Run(r, target, length);

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
}

using Phase.Iterative;
using Phase.Metrics;
using Phase.Stft;

namespace Phase.Tests.Iterative;

/// <summary>
/// Quality floors of the brief (22050 Hz, Hann 1024, hop 256; SC of |STFT(y)| against the target) on the demo clip and
/// the held-out speech fixtures, with each method's defaults.
/// </summary>
public class IterativeQualityFloorTests
{
    private static double Sc(IPhaseReconstructor method, float[] x)
    {
        StftSettings settings = TestAudio.Speech;
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        float[] y = method.Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length }).Signal;
        return QualityMetrics.SpectralConvergenceDb(settings.StftMagnitude(y), target);
    }

    [Theory]
    [MemberData(nameof(TestAudio.ClipNames), MemberType = typeof(TestAudio))]
    public void Fgla_100_reaches_minus_30_dB(string clip)
    {
        double sc = Sc(new FastGriffinLim(TestAudio.Speech), TestAudio.Clip(clip));
        Assert.True(sc <= -30, $"{clip}: FGLA 100 {sc:F2} dB");
    }

    [Theory]
    [MemberData(nameof(TestAudio.ClipNames), MemberType = typeof(TestAudio))]
    public void Gla_100_reaches_minus_22_dB(string clip)
    {
        double sc = Sc(new GriffinLim(TestAudio.Speech), TestAudio.Clip(clip));
        Assert.True(sc <= -22, $"{clip}: GLA 100 {sc:F2} dB");

        // Also from a random start (the classic setting).
        double random = Sc(new GriffinLim(TestAudio.Speech) { Initialization = PhaseInitialization.Random }, TestAudio.Clip(clip));
        Assert.True(random <= -22, $"{clip}: GLA 100 from random phase {random:F2} dB");
    }

    [Theory]
    [MemberData(nameof(TestAudio.ClipNames), MemberType = typeof(TestAudio))]
    public void Spsi_reaches_minus_13_dB(string clip)
    {
        double sc = Sc(new Spsi(TestAudio.Speech), TestAudio.Clip(clip));
        Assert.True(sc <= -13, $"{clip}: SPSI {sc:F2} dB");
    }

    [Theory]
    [MemberData(nameof(TestAudio.ClipNames), MemberType = typeof(TestAudio))]
    public void RtisiLa_3_8_reaches_minus_26_dB(string clip)
    {
        // Defaults: L = 3, J = 8, momentum α = 0.7.
        float[] x = TestAudio.Clip(clip);
        double sc = Sc(new RtisiLa(TestAudio.Speech), x);
        Assert.True(sc <= -26, $"{clip}: RTISI-LA (3, 8) {sc:F2} dB");

        // The paper's algorithm (α = 0) misses −26 dB on the two low-pitched male voices (−25.4 and −25.5 dB; an
        // independent double-precision implementation agrees, docs/iterative-quality.md); the momentum must improve on
        // it on every clip.
        double paper = Sc(new RtisiLa(TestAudio.Speech) { Alpha = 0 }, x);
        Assert.True(sc < paper, $"{clip}: α = 0.7 {sc:F2} dB, α = 0 {paper:F2} dB");
    }
}

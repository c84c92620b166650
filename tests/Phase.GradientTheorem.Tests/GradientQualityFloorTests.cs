using Phase.GradientTheorem;
using Phase.Iterative;

namespace Phase.Tests.GradientTheorem;

/// <summary>
/// Quality floors of the brief (22050 Hz, Hann 1024, hop 256; SC of |STFT(y)| against the target magnitudes) on the demo
/// clip and the speech fixtures, with each method's defaults.
/// </summary>
public class GradientQualityFloorTests
{
    private static double Sc(IPhaseReconstructor method, string clip) => GradientTestAudio.Sc(method, GradientTestAudio.Clip(clip));

    [Theory]
    [MemberData(nameof(GradientTestAudio.ClipNames), MemberType = typeof(GradientTestAudio))]
    public void Pghi_reaches_minus_21_dB(string clip)
    {
        double sc = Sc(new Pghi(GradientTestAudio.Speech), clip);
        Assert.True(sc <= -21, $"{clip}: PGHI {sc:F2} dB");
    }

    [Theory]
    [MemberData(nameof(GradientTestAudio.ClipNames), MemberType = typeof(GradientTestAudio))]
    public void Rtpghi_with_lookahead_reaches_minus_21_dB(string clip)
    {
        double sc = Sc(new Rtpghi(GradientTestAudio.Speech), clip);
        Assert.True(sc <= -21, $"{clip}: RTPGHI look-ahead 1 {sc:F2} dB");
    }

    [Theory]
    [MemberData(nameof(GradientTestAudio.ClipNames), MemberType = typeof(GradientTestAudio))]
    public void Causal_rtpghi_reaches_minus_17_dB(string clip)
    {
        double sc = Sc(new Rtpghi(GradientTestAudio.Speech) { Gradients = AnalyticPhaseGradients.Causal }, clip);
        Assert.True(sc <= -17, $"{clip}: RTPGHI causal {sc:F2} dB");
    }

    [Theory]
    [MemberData(nameof(GradientTestAudio.ClipNames), MemberType = typeof(GradientTestAudio))]
    public void Pghi_then_fgla_100_reaches_minus_34_dB(string clip)
    {
        var method = new FastGriffinLim(GradientTestAudio.Speech) { Initialization = PhaseInitialization.From(new Pghi(GradientTestAudio.Speech)) };
        double sc = Sc(method, clip);
        Assert.True(sc <= -34, $"{clip}: PGHI → FGLA 100 {sc:F2} dB");
    }

    [Theory]
    [MemberData(nameof(GradientTestAudio.ClipNames), MemberType = typeof(GradientTestAudio))]
    public void Least_squares_matches_rtpghi_at_equal_latency(string clip)
    {
        foreach (AnalyticPhaseGradients g in new[] { AnalyticPhaseGradients.Centered, AnalyticPhaseGradients.Causal })
        {
            double ls = Sc(new LeastSquaresIntegration(GradientTestAudio.Speech) { Gradients = g }, clip);
            double rt = Sc(new Rtpghi(GradientTestAudio.Speech) { Gradients = g }, clip);
            Assert.True(ls <= rt + 0.25, $"{clip} {g.Name}: gtls {ls:F2} dB, rtpghi {rt:F2} dB");
        }
    }
}

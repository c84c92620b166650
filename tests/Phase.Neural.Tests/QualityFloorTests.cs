using Phase.GradientTheorem;
using Phase.IO;
using Phase.Metrics;
using Phase.Neural.GtNet;
using Phase.Neural.Mcnn;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>
/// Quality floors on the demo clip (held out from training). Measured (docs/neural.md, --neural-quality): gtnet SC
/// −27.3 dB (look-ahead 1) and −25.4 dB (causal), RTPGHI −24.3 / −21.7 dB, MCNN −8.1 dB with STOI 0.875 (the model
/// retrained with the SC loss; the first one measured −3.6 dB). The floors leave about 2 dB of margin for platform
/// differences; gtnet must also beat RTPGHI at equal latency. MCNN: floors on every held-out clip, and against a random
/// phase on the same clip.
/// </summary>
public sealed class QualityFloorTests
{
    private static readonly Lazy<(float[] X, MagnitudeSpectrogram Target)> s_demo = new(() =>
    {
        float[] x = WavFile.Read(Fixtures.DemoClip).MixToMono();
        return (x, StftSettings.Default.StftMagnitude(x));
    });

    [Theory]
    [InlineData(1, -25.0)]
    [InlineData(0, -23.0)]
    public void Gtnet_reaches_its_floor_and_beats_rtpghi_at_equal_latency(int lookahead, double floorDb)
    {
        var settings = StftSettings.Default;
        (float[] x, MagnitudeSpectrogram target) = s_demo.Value;
        double gtnet = Sc(new GtNetReconstructor(settings) { LookaheadFrames = lookahead }, x, target);
        double rtpghi = Sc(new Rtpghi(settings) { Gradients = new AnalyticPhaseGradients(lookahead) }, x, target);
        Assert.True(gtnet <= floorDb, $"gtnet (look-ahead {lookahead}) SC {gtnet:F2} dB, floor {floorDb} dB");
        Assert.True(gtnet <= rtpghi - 1.0, $"gtnet {gtnet:F2} dB vs RTPGHI {rtpghi:F2} dB at look-ahead {lookahead}");
    }

    [Theory]
    [InlineData("demo", -8.0, 0.855, 0.02)]
    [InlineData("festival-kal", -6.9, 0.855, 0.02)]
    [InlineData("espeak-en-us-f3", -6.3, 0.82, double.NaN)]
    [InlineData("espeak-en-gb-m3", -5.8, 0.87, 0.015)]
    public void Mcnn_reaches_its_floor_on_every_held_out_clip(string clip, double scFloorDb, double stoiFloor, double stoiOverRandom)
    {
        // Measured (2026-12-05, shipped model mcnn-ctx with level matching; SC dB / STOI / ESTOI), and a random phase on
        // the same magnitudes (seed 3, computed here):
        //   demo            −8.56 / 0.875 / 0.778   random −3.45 / 0.842 / 0.759
        //   festival-kal    −7.39 / 0.877 / 0.725   random −3.82 / 0.828 / 0.699
        //   espeak-en-us-f3 −6.85 / 0.841 / 0.644   random −3.87 / 0.852 / 0.743
        //   espeak-en-gb-m3 −6.32 / 0.891 / 0.746   random −3.74 / 0.854 / 0.740
        // Floors: 0.5 dB and about 0.02 STOI below the measurements, and at least 2 dB of SC better than the random
        // phase on every clip. STOI barely separates MCNN from a random phase here (which keeps the envelopes); on the
        // high-pitched espeak-en-us-f3 voice the shipped model is below it (STOI and ESTOI), so that clip has no
        // "beats random phase" STOI check: a known weakness (docs/algorithms/mcnn.md), not a tolerance.
        var settings = StftSettings.Default;
        float[] x = SpeechAudio.Clip(clip);
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        PhaseReconstruction r = new McnnReconstructor(settings).Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length });
        double sc = QualityMetrics.SpectralConvergenceDb(settings.StftMagnitude(r.Signal), target);
        double stoi = QualityMetrics.Intelligibility(r.Signal, x, settings.SampleRate).Stoi;
        float[] random = RandomPhase(settings, target, x.Length, seed: 3);
        double scRandom = QualityMetrics.SpectralConvergenceDb(settings.StftMagnitude(random), target);
        double stoiRandom = QualityMetrics.Intelligibility(random, x, settings.SampleRate).Stoi;
        Assert.True(sc <= scFloorDb, $"{clip}: MCNN SC {sc:F2} dB, floor {scFloorDb} dB (random phase {scRandom:F2} dB)");
        Assert.True(stoi >= stoiFloor, $"{clip}: MCNN STOI {stoi:F3}, floor {stoiFloor} (random phase {stoiRandom:F3})");
        Assert.True(sc <= scRandom - 2.0, $"{clip}: MCNN SC {sc:F2} dB, random phase {scRandom:F2} dB");
        if (!double.IsNaN(stoiOverRandom))
        {
            Assert.True(stoi >= stoiRandom + stoiOverRandom, $"{clip}: MCNN STOI {stoi:F3}, random phase {stoiRandom:F3}");
        }
    }

    private static float[] RandomPhase(StftSettings settings, MagnitudeSpectrogram target, int length, int seed)
    {
        var rng = new Random(seed);
        var spectrogram = new ComplexSpectrogram(target.FrameCount, target.BinCount);
        for (int i = 0; i < target.Values.Length; i++)
        {
            double phi = ((2 * rng.NextDouble()) - 1) * Math.PI;
            spectrogram.Real[i] = (float)(target.Values[i] * Math.Cos(phi));
            spectrogram.Imaginary[i] = (float)(target.Values[i] * Math.Sin(phi));
        }

        using var plan = new StftPlan(settings);
        return plan.Inverse(spectrogram, length);
    }

    [Fact]
    public void The_network_is_a_gradient_source_for_the_heap_integrators_too()
    {
        // The seam: any integrator of Phase.GradientTheorem takes the network's derivatives. Measured on the demo clip:
        // PGHI with the look-ahead network −26.7 dB (analytic PGHI −25.4), RTPGHI with the causal network −25.2 dB
        // (analytic causal RTPGHI −21.7); floors about 2 dB below.
        var settings = StftSettings.Default;
        (float[] x, MagnitudeSpectrogram target) = s_demo.Value;
        double pghi = Sc(new Pghi(settings) { Gradients = GtNetModel.Lookahead }, x, target);
        double rtpghi = Sc(new Rtpghi(settings) { Gradients = GtNetModel.Causal }, x, target);
        Assert.True(pghi <= -24.5, $"PGHI with gtnet derivatives: {pghi:F2} dB");
        Assert.True(rtpghi <= -23, $"RTPGHI with causal gtnet derivatives: {rtpghi:F2} dB");
    }

    private static double Sc(IPhaseReconstructor method, float[] x, MagnitudeSpectrogram target)
    {
        PhaseReconstruction r = method.Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length });
        return QualityMetrics.SpectralConvergenceDb(StftSettings.Default.StftMagnitude(r.Signal), target);
    }
}

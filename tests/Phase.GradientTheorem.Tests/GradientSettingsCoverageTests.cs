using Phase.GradientTheorem;
using Phase.Metrics;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.GradientTheorem;

/// <summary>The methods across STFT settings other than the speech default: tiny and odd FFT sizes (no real Nyquist bin),
/// zero-padded FFTs, other windows, uncentred frames. Output must be finite, streaming must equal offline, and with
/// oracle derivatives the reconstruction must be near exact.</summary>
public class GradientSettingsCoverageTests
{
    public static IEnumerable<object[]> Settings() =>
    [
        [new StftSettings(16, 4)],
        [new StftSettings(255, 64)],
        [new StftSettings(200, 50, fftSize: 512)],
        [new StftSettings(256, 64, window: WindowKind.Hamming)],
        [new StftSettings(256, 32, window: WindowKind.Gaussian)],
        [new StftSettings(256, 64, window: WindowKind.SqrtHann)],
        [new StftSettings(256, 64, padding: StftPadding.Uncentered)],
        [new StftSettings(256, 64, padding: StftPadding.Zero)],
    ];

    [Theory]
    [MemberData(nameof(Settings))]
    public void Methods_run_and_stream_as_offline_for_any_settings(StftSettings s)
    {
        float[] x = Signals.Chirp(6000, 200, 4000, s.SampleRate);
        MagnitudeSpectrogram target = s.StftMagnitude(x);
        var options = new ReconstructionOptions { SignalLength = x.Length };
        foreach (IPhaseReconstructor method in new IPhaseReconstructor[]
        {
            new Pghi(s), new Rtpghi(s), new Rtpghi(s) { Gradients = AnalyticPhaseGradients.Causal },
            new LeastSquaresIntegration(s), new LeastSquaresIntegration(s) { Gradients = AnalyticPhaseGradients.Causal },
        })
        {
            float[] y = method.Reconstruct(target, options).Signal;
            Assert.All(y, v => Assert.True(float.IsFinite(v)));
            double sc = QualityMetrics.SpectralConvergenceDb(s.StftMagnitude(y), target);
            Assert.True(sc < -6, $"{method.Name} {s}: {sc:F1} dB");
            IStreamingPhaseReconstructor? streaming = method switch
            {
                Rtpghi r => r.CreateStreaming(),
                LeastSquaresIntegration l => l.CreateStreaming(),
                _ => null,
            };
            if (streaming is not null)
            {
                using (streaming)
                {
                    float[] stream = GradientTestAudio.RunStream(streaming, target, x.Length);
                    if (s.IsCentered)
                    {
                        Assert.Equal(y, stream);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Oracle_derivatives_give_near_exact_reconstructions_for_any_settings(StftSettings s)
    {
        float[] x = Signals.Chirp(6000, 200, 4000, s.SampleRate);
        using var plan = new StftPlan(s);
        ComplexSpectrogram spectrum = plan.Forward(x);
        MagnitudeSpectrogram target = spectrum.ToMagnitude();
        var oracle = new OraclePhaseGradients(spectrum, s);
        foreach (IPhaseReconstructor method in new IPhaseReconstructor[]
        {
            new Pghi(s) { Gradients = oracle }, new Rtpghi(s) { Gradients = oracle }, new LeastSquaresIntegration(s) { Gradients = oracle },
        })
        {
            float[] y = method.Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length }).Signal;
            double sc = QualityMetrics.SpectralConvergenceDb(s.StftMagnitude(y), target);
            Assert.True(sc < -40, $"{method.Name} {s}: {sc:F1} dB");
        }
    }
}

// docs/getting-started.md, "In unit tests": guard the quality of your own pipeline with Phase's metrics. The same
// pattern works with any method name from PhaseReconstructors.Available.
//   dotnet test docs/samples/UnitTestExample
using Phase;
using Phase.Metrics;
using Phase.Stft;
using Xunit;

namespace UnitTestExample;

public class VocoderQualityTests
{
    private static readonly StftSettings Settings = new(windowLength: 512, hop: 128, sampleRate: 16000);

    private static float[] TestSignal()
    {
        var x = new float[16000];
        for (int i = 0; i < x.Length; i++)
        {
            double t = i / 16000.0;
            x[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 300 * t) + 0.2 * Math.Sin(2 * Math.PI * (500 * t + 800 * t * t)));
        }

        return x;
    }

    [Fact]
    public void Fast_griffin_lim_reconstructs_a_test_signal_to_below_minus_15_db()
    {
        float[] x = TestSignal();
        using var stft = new StftPlan(Settings);
        MagnitudeSpectrogram target = stft.ForwardMagnitude(x);

        PhaseReconstruction y = PhaseReconstructors.Create("fgla", Settings).Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length, Seed = 3 });

        double sc = QualityMetrics.SpectralConvergenceDb(stft.ForwardMagnitude(y.Signal), target);
        Assert.True(sc < -15, $"spectral convergence {sc:0.0} dB");
    }

    [Fact]
    public void Every_registered_method_returns_a_finite_signal_of_the_requested_length()
    {
        float[] x = TestSignal();
        using var stft = new StftPlan(Settings);
        MagnitudeSpectrogram target = stft.ForwardMagnitude(x);
        foreach (ReconstructorDescriptor method in PhaseReconstructors.Available)
        {
            PhaseReconstruction y;
            try
            {
                y = PhaseReconstructors.Create(method.Name, Settings).Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length });
            }
            catch (ArgumentException)
            {
                continue; // a method that cannot take these settings says so (e.g. a neural model trained for others)
            }

            Assert.Equal(x.Length, y.Signal.Length);
            Assert.All(y.Signal, v => Assert.True(float.IsFinite(v)));
        }
    }
}

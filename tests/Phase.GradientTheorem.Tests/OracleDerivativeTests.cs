using Phase.GradientTheorem;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.GradientTheorem;

/// <summary>Oracle derivatives against phases computed independently with a naive DFT of each (time-invariant) frame.</summary>
public class OracleDerivativeTests
{
    [Fact]
    public void Oracle_derivatives_equal_principal_phase_differences_of_a_naive_dft()
    {
        StftSettings s = GradientTestAudio.Small;
        int nfft = s.FftSize, hop = s.Hop, bins = s.BinCount;
        float[] x = Signals.Noise(4096, seed: 7);
        using var plan = new StftPlan(s);
        PhaseDerivatives oracle = PhaseDerivatives.FromSpectrogram(plan.Forward(x), s);

        // Frame n, centred on nH: X[n,k] = Σ_m x[nH + m] w[m + N/2] e^{−2πikm/N}, m = −N/2 … N/2 − 1.
        double[] Phase(int n)
        {
            var frame = new float[nfft];
            ReadOnlySpan<float> w = s.FrameWindow;
            for (int j = 0; j < nfft; j++)
            {
                frame[j] = x[(n * hop) - (nfft / 2) + j] * w[j];
            }

            (double[] re, double[] im) = NaiveDft.Forward(frame);
            var phase = new double[bins];
            for (int k = 0; k < bins; k++)
            {
                // The frame starts at m = −N/2: multiply by e^{+iπk} = (−1)^k to refer the phase to the centre.
                double sign = k % 2 == 0 ? 1 : -1;
                phase[k] = Math.Atan2(sign * im[k], sign * re[k]);
            }

            return phase;
        }

        for (int n = 4; n < 60; n += 11)
        {
            double[] previous = Phase(n - 1), current = Phase(n);
            for (int k = 0; k < bins; k++)
            {
                double d = GradientTestAudio.Wrap(current[k] - previous[k] - (2 * Math.PI * hop * k / nfft));
                Assert.True(Math.Abs(GradientTestAudio.Wrap(oracle.AdvanceDeviationFrame(n)[k] - d)) < 1e-3, $"d n={n} k={k}");
                if (k < bins - 1)
                {
                    double v = GradientTestAudio.Wrap(current[k + 1] - current[k]);
                    Assert.True(Math.Abs(GradientTestAudio.Wrap(oracle.FrequencyStepFrame(n)[k] - v)) < 1e-3, $"v n={n} k={k}");
                }
            }
        }

        Assert.All(oracle.AdvanceDeviationFrame(0).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Oracle_source_serves_its_frames_and_rejects_frames_past_the_end()
    {
        StftSettings s = GradientTestAudio.Small;
        using var plan = new StftPlan(s);
        ComplexSpectrogram spectrum = plan.Forward(Signals.Noise(2048, seed: 3));
        var oracle = new OraclePhaseGradients(spectrum, s, lookaheadFrames: 1);
        using IPhaseGradientSource source = oracle.CreateSource(s);
        Assert.Equal(1, source.LookaheadFrames);
        var d = new float[s.BinCount];
        var v = new float[s.BinCount];
        var frames = new float[s.BinCount * 2];
        source.Estimate(new PhaseGradientContext(frames, s.BinCount, 0, 1, 5, 0, 1), d, v);
        Assert.Equal(oracle.Derivatives.AdvanceDeviationFrame(5).ToArray(), d);
        Assert.Equal(oracle.Derivatives.FrequencyStepFrame(5).ToArray(), v);
        Assert.Throws<ArgumentException>(() => source.Estimate(new PhaseGradientContext(frames, s.BinCount, 0, 1, spectrum.FrameCount, 0, 0), d, v));
        Assert.Throws<ArgumentException>(() => oracle.CreateSource(GradientTestAudio.Speech));
    }
}

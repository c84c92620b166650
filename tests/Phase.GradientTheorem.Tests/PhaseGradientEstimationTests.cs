using Phase.GradientTheorem;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.GradientTheorem;

/// <summary>
/// The analytic estimator against the Gaussian-window identities (exact for a Gaussian window: the log magnitude of a
/// stationary sinusoid is quadratic in frequency and that of an impulse quadratic in time, so the centred and the
/// one-sided second-order differences are exact) and, for Hann, against the oracle derivatives of a chirp.
/// </summary>
public class PhaseGradientEstimationTests
{
    // Gaussian window exp(−π m²/γ), γ = 0.1·Nw²: ≈ 4·10⁻⁴ at the window ends, so truncation is negligible.
    private static readonly StftSettings Gaussian = new(256, 32, window: WindowKind.Gaussian, windowParameter: 0.1);

    [Theory]
    [InlineData(1, 40.3)]
    [InlineData(0, 40.3)]
    [InlineData(1, 71.75)]
    [InlineData(0, 12.5)]
    public void Time_derivative_of_a_stationary_sinusoid_is_2piH_times_mu_minus_k_over_N(int lookahead, double mu)
    {
        StftSettings s = Gaussian;
        float[] x = Signals.Sine(4096, mu * s.SampleRate / s.FftSize, s.SampleRate, phase: 0.3);
        PhaseDerivatives d = PhaseDerivatives.Estimate(s.StftMagnitude(x), new AnalyticPhaseGradients(lookahead), s);
        int center = (int)Math.Round(mu);
        foreach (int n in new[] { 40, 64, 90 })
        {
            // The main lobe (|k − μ| ≤ 2.5, magnitudes above 14 % of the peak): further out the window's truncation
            // (4·10⁻⁴ of its peak) is no longer small against the Gaussian's own values.
            for (int k = (int)Math.Ceiling(mu - 2.5); k <= mu + 2.5; k++)
            {
                double expected = 2 * Math.PI * s.Hop * (mu - k) / s.FftSize;
                double actual = d.AdvanceDeviationFrame(n)[k];
                Assert.True(Math.Abs(actual - expected) < 2e-3, $"n={n} k={k}: {actual:F5} vs {expected:F5}");
            }
        }
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(1, -23)]
    [InlineData(0, 10)]
    [InlineData(0, -7)]
    public void Frequency_derivative_of_an_impulse_is_minus_2pi_t_over_N(int lookahead, int t)
    {
        StftSettings s = Gaussian;
        const int frame = 64;
        var x = new float[4096];
        x[(frame * s.Hop) + t] = 1;
        PhaseDerivatives d = PhaseDerivatives.Estimate(s.StftMagnitude(x), new AnalyticPhaseGradients(lookahead), s);
        double expected = -2 * Math.PI * t / s.FftSize;
        Span<float> v = d.FrequencyStepFrame(frame);
        for (int k = 0; k < s.BinCount - 1; k++)
        {
            Assert.True(Math.Abs(v[k] - expected) < 2e-3, $"k={k}: {v[k]:F5} vs {expected:F5}");
        }

        Assert.Equal(0f, v[s.BinCount - 1]);
    }

    [Fact]
    public void Oracle_derivatives_of_the_same_signals_satisfy_the_identities()
    {
        // The oracle (true STFT phase) obeys the identities for any window: here Hann, the default.
        StftSettings s = GradientTestAudio.Small;
        double mu = 30.4;
        float[] x = Signals.Sine(4096, mu * s.SampleRate / s.FftSize, s.SampleRate);
        using var plan = new StftPlan(s);
        PhaseDerivatives sine = PhaseDerivatives.FromSpectrogram(plan.Forward(x), s);
        for (int k = 29; k <= 32; k++)
        {
            double expected = GradientTestAudio.Wrap(2 * Math.PI * s.Hop * (mu - k) / s.FftSize);
            Assert.True(Math.Abs(GradientTestAudio.Wrap(sine.AdvanceDeviationFrame(30)[k] - expected)) < 1e-3, $"k={k}");
        }

        var impulse = new float[4096];
        impulse[(30 * s.Hop) + 17] = 1;
        PhaseDerivatives step = PhaseDerivatives.FromSpectrogram(plan.Forward(impulse), s);
        for (int k = 0; k < s.BinCount - 1; k++)
        {
            Assert.True(Math.Abs(GradientTestAudio.Wrap(step.FrequencyStepFrame(30)[k] + (2 * Math.PI * 17 / s.FftSize))) < 1e-3, $"k={k}");
        }
    }

    [Theory]
    [InlineData(WindowKind.Gaussian, 1, 0.01, 0.01)]
    [InlineData(WindowKind.Gaussian, 0, 0.01, 0.02)]
    [InlineData(WindowKind.Hann, 1, 0.15, 0.2)]
    [InlineData(WindowKind.Hann, 0, 0.15, 0.2)]
    public void Estimates_follow_the_oracle_on_a_chirp(WindowKind window, int lookahead, double timeLimit, double frequencyLimit)
    {
        // A linear chirp 300 → 3000 Hz: magnitude-weighted RMS of the wrapped difference between estimated and true
        // derivatives on the bins within 20 dB of each frame's peak (where an integrator uses them). For a Gaussian
        // window the relations are exact for a linear chirp (its log STFT is a quadratic form); for Hann they are an
        // approximation (measured: 0.117 rad in time, 0.143 rad (centred) and 0.145 rad (causal) in frequency).
        StftSettings s = window == WindowKind.Gaussian
            ? new StftSettings(1024, 128, window: WindowKind.Gaussian, windowParameter: 0.1)
            : GradientTestAudio.Speech;
        float[] x = Signals.Chirp(44100, 300, 3000, s.SampleRate);
        using var plan = new StftPlan(s);
        ComplexSpectrogram spectrum = plan.Forward(x);
        MagnitudeSpectrogram m = spectrum.ToMagnitude();
        PhaseDerivatives oracle = PhaseDerivatives.FromSpectrogram(spectrum, s);
        PhaseDerivatives estimate = PhaseDerivatives.Estimate(m, new AnalyticPhaseGradients(lookahead), s);
        double time = 0, frequency = 0, weight = 0;
        for (int n = 4; n < m.FrameCount - 4; n++)
        {
            Span<float> frame = m.Frame(n);
            float peak = System.Numerics.Tensors.TensorPrimitives.Max(frame);
            for (int k = 1; k < s.BinCount - 2; k++)
            {
                if (frame[k] > 0.1f * peak && frame[k + 1] > 0.1f * peak)
                {
                    double w = (double)frame[k] * frame[k];
                    double et = GradientTestAudio.Wrap(estimate.AdvanceDeviationFrame(n)[k] - oracle.AdvanceDeviationFrame(n)[k]);
                    double ef = GradientTestAudio.Wrap(estimate.FrequencyStepFrame(n)[k] - oracle.FrequencyStepFrame(n)[k]);
                    time += w * et * et;
                    frequency += w * ef * ef;
                    weight += w;
                }
            }
        }

        double rmsTime = Math.Sqrt(time / weight), rmsFrequency = Math.Sqrt(frequency / weight);
        Assert.True(rmsTime < timeLimit && rmsFrequency < frequencyLimit, $"time {rmsTime:F4} rad, frequency {rmsFrequency:F4} rad");
    }

    [Fact]
    public void Centred_and_causal_estimators_declare_their_context()
    {
        Assert.Equal((1, 1), (AnalyticPhaseGradients.Centered.LookaheadFrames, AnalyticPhaseGradients.Centered.HistoryFrames));
        Assert.Equal((0, 2), (AnalyticPhaseGradients.Causal.LookaheadFrames, AnalyticPhaseGradients.Causal.HistoryFrames));
        using IPhaseGradientSource source = AnalyticPhaseGradients.Causal.CreateSource(GradientTestAudio.Small);
        Assert.Equal(0, source.LookaheadFrames);
        Assert.Equal(2, source.HistoryFrames);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnalyticPhaseGradients(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnalyticPhaseGradients(1, logFloor: 0));
    }

    [Fact]
    public void A_silent_context_gives_zero_derivatives()
    {
        StftSettings s = GradientTestAudio.Small;
        using IPhaseGradientSource source = AnalyticPhaseGradients.Centered.CreateSource(s);
        var frames = new float[3 * s.BinCount];
        var d = new float[s.BinCount];
        var v = new float[s.BinCount];
        d.AsSpan().Fill(1);
        v.AsSpan().Fill(1);
        source.Estimate(new PhaseGradientContext(frames, s.BinCount, 1, 1, 5, 1, 1), d, v);
        Assert.All(d, x => Assert.Equal(0f, x));
        Assert.All(v, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Source_gives_the_same_derivatives_after_reset_and_in_any_cache_state()
    {
        // Asking for frames out of order (a fresh source each time vs one source walking forwards) must not change results.
        StftSettings s = GradientTestAudio.Small;
        MagnitudeSpectrogram m = s.StftMagnitude(GradientTestAudio.DemoExcerpt(8192));
        PhaseDerivatives walked = PhaseDerivatives.Estimate(m, AnalyticPhaseGradients.Causal, s);
        PhaseDerivatives again = PhaseDerivatives.Estimate(m, AnalyticPhaseGradients.Causal, s);
        Assert.Equal(walked.AdvanceDeviation.ToArray(), again.AdvanceDeviation.ToArray());
        Assert.Equal(walked.FrequencyStep.ToArray(), again.FrequencyStep.ToArray());

        using IPhaseGradientSource source = AnalyticPhaseGradients.Causal.CreateSource(s);
        var d = new float[s.BinCount];
        var v = new float[s.BinCount];
        int n = 20;
        float[] context = m.Values.Slice((n - 2) * s.BinCount, 3 * s.BinCount).ToArray();
        source.Estimate(new PhaseGradientContext(context, s.BinCount, 2, 0, n, 2, 0), d, v);
        Assert.Equal(walked.AdvanceDeviationFrame(n).ToArray(), d);
        Assert.Equal(walked.FrequencyStepFrame(n).ToArray(), v);
    }
}

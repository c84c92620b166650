using Phase.Iterative;
using Phase.Metrics;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Iterative;

/// <summary>
/// Griffin and Lim's theorem: for <c>y_n = ISTFT(P_S(t_{n−1}))</c> the magnitude error <c>‖|STFT(y_n)| − S‖</c> (in the
/// norm for which the ISTFT is the least-squares inverse: two-sided, i.e. one-sided bins other than DC and Nyquist
/// counted twice) never increases. Checked independently of the plan: each iterate's signal is transformed again with
/// <see cref="StftPlan"/> and the error computed in double.
/// </summary>
public class GriffinLimTheoremTests
{
    /// <summary>STFT rounding bound used as the allowance for float round-off: the plan's transforms are accurate to about
    /// 10⁻⁷ of the spectrogram norm (docs/stft.md); 10⁻⁶ leaves a margin.</summary>
    private const double TransformRoundoff = 1e-6;

    public static IEnumerable<object[]> Cases() =>
    [
        ["speech", StftPadding.Reflect],
        ["noise", StftPadding.Reflect],
        ["speech", StftPadding.Zero],
        ["noise", StftPadding.Uncentered],
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gla_magnitude_error_never_increases(string signal, StftPadding padding)
    {
        var settings = new StftSettings(256, 64, sampleRate: 22050, padding: padding);
        float[] x = signal == "speech" ? TestAudio.DemoExcerpt(8192) : Phase.Testing.Signals.Noise(6000, seed: 11);
        MagnitudeSpectrogram target = settings.StftMagnitude(x);
        int length = settings.DefaultSignalLength(target.FrameCount);
        double targetNorm = Math.Sqrt(WeightedEnergy(target.Values, new float[target.Values.Length], settings.BinCount));

        using GriffinLimPlan plan = new GriffinLim(settings).CreatePlan();
        plan.Start(target, PhaseInitialization.Random, new ReconstructionOptions { Seed = 3 });
        using var stft = new StftPlan(settings);
        double previous = double.PositiveInfinity;
        for (int n = 1; n <= 40; n++)
        {
            plan.Iterate(1);
            float[] y = plan.GetSignal();
            Assert.Equal(length, y.Length);
            MagnitudeSpectrogram estimate = stft.ForwardMagnitude(y);
            double error = Math.Sqrt(WeightedEnergy(target.Values, estimate.Values, settings.BinCount));
            Assert.True(error <= previous + (TransformRoundoff * targetNorm), $"iteration {n}: error {error:G9} > previous {previous:G9}");
            previous = error;

            // The spectral convergence the plan reports is that of its own output, measured independently.
            double independent = QualityMetrics.SpectralConvergenceDb(estimate, target);
            Assert.True(Math.Abs(independent - plan.SpectralConvergenceDb) < 0.01, $"iteration {n}: reported {plan.SpectralConvergenceDb:F4} dB, measured {independent:F4} dB");
        }

        Assert.True(plan.SpectralConvergenceDb < -10, $"GLA barely converged: {plan.SpectralConvergenceDb:F1} dB");
    }

    [Fact]
    public void Reported_spectral_convergence_never_increases_for_gla()
    {
        float[] x = TestAudio.DemoExcerpt(16384);
        MagnitudeSpectrogram target = TestAudio.Magnitudes(TestAudio.Small, x);
        var reported = new List<double>();
        new GriffinLim(TestAudio.Small) { Iterations = 60, Initialization = PhaseInitialization.Zero }.Reconstruct(target, new ReconstructionOptions
        {
            Observer = s => reported.Add(s.SpectralConvergenceDb),
        });

        Assert.Equal(60, reported.Count);
        for (int i = 1; i < reported.Count; i++)
        {
            // 20·log10(1 + 10⁻⁵) ≈ 9·10⁻⁵ dB: the float accumulation of the error energy.
            Assert.True(reported[i] <= reported[i - 1] + 1e-4, $"iteration {i + 1}: {reported[i]:F6} > {reported[i - 1]:F6}");
        }
    }

    /// <summary>Σ w_k (|Y| − S)² with w = 1 at DC and Nyquist, 2 elsewhere (the two-sided spectrogram norm).</summary>
    private static double WeightedEnergy(ReadOnlySpan<float> target, ReadOnlySpan<float> estimate, int bins)
    {
        double sum = 0;
        for (int i = 0; i < target.Length; i++)
        {
            int k = i % bins;
            double d = (double)estimate[i] - target[i];
            sum += (k == 0 || k == bins - 1 ? 1 : 2) * d * d;
        }

        return sum;
    }
}

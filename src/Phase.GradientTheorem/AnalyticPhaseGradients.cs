using System.Globalization;

namespace Phase.GradientTheorem;

/// <summary>
/// Phase derivatives estimated from magnitudes with the Gaussian-window relations of phase-gradient heap integration
/// (Průša, Balazs and Søndergaard 2017; see <see cref="PhaseGradients"/>): centred in time with one frame of look-ahead
/// (<see cref="LookaheadFrames"/> = 1, the default), or causal (0) with a one-sided second-order difference.
/// </summary>
/// <remarks>
/// <para>Per frame <c>n</c>, with <c>L_i = ln max(s_i, ρ·M)</c> (<c>M</c> the largest magnitude of the frames used, ρ =
/// <see cref="LogFloor"/>), <c>a = H·N/γ</c>, <c>g = γ/(H·N)</c>:</para>
/// <code>
/// d[k] = (a/4)·((L_n + L_{n−1})[k+1] − (L_n + L_{n−1})[k−1])          trapezoid of tdev at n − 1 and n (0 at k = 0, K − 1)
/// v[k] = −(g/2)·(D[k] + D[k+1]),  D = ∂ₙL:  (L_{n+1} − L_{n−1})/2     look-ahead 1
///                                           (3L_n − 4L_{n−1} + L_{n−2})/2   causal
/// </code>
/// <para>At the ends of a stream, missing frames switch the formulas to one-sided ones: <c>D = L_{n+1} − L_n</c> at the
/// first frame, <c>L_n − L_{n−1}</c> at the last frame (look-ahead) or the second frame (causal); <c>D = 0</c> when no
/// neighbour exists; <c>d</c> uses <c>tdev[n]</c> alone at frame 0. This matches the training code's
/// <c>phasedsp.analytic_derivatives</c> except for the floor, which is relative to the frames in use (streaming) rather
/// than to the whole spectrogram. A silent context (<c>M = 0</c>) gives zeros.</para>
/// <para>Look-ahead 1 reads frames <c>n − 1 … n + 1</c> (<see cref="HistoryFrames"/> 1); causal reads <c>n − 2 … n</c>
/// (<see cref="HistoryFrames"/> 2). Immutable and thread-safe.</para>
/// </remarks>
public sealed class AnalyticPhaseGradients : IPhaseGradientEstimator
{
    /// <summary>The default relative log floor ρ = 10⁻⁵ (−100 dB below the largest magnitude in use).</summary>
    public const double DefaultLogFloor = 1e-5;

    /// <summary>Creates the estimator.</summary>
    /// <param name="lookaheadFrames">1 (centred time difference, the default) or 0 (causal).</param>
    /// <param name="logFloor">Relative floor ρ of the magnitudes before the logarithm, 10⁻³⁰ … 0.1 (default 10⁻⁵).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public AnalyticPhaseGradients(int lookaheadFrames = 1, double logFloor = DefaultLogFloor)
    {
        if (lookaheadFrames is not (0 or 1))
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(lookaheadFrames), lookaheadFrames,
                $"The analytic phase-gradient estimator takes look-ahead 0 (causal) or 1 (centred); got {lookaheadFrames}.");
        }

        if (!(logFloor >= 1e-30 && logFloor <= 0.1))
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(logFloor), logFloor, string.Create(CultureInfo.InvariantCulture,
                $"The relative log floor must be between 1e-30 and 0.1 (default {DefaultLogFloor:G}); got {logFloor}."));
        }

        LookaheadFrames = lookaheadFrames;
        LogFloor = logFloor;
    }

    /// <summary>The centred estimator (one frame of look-ahead, default floor).</summary>
    public static AnalyticPhaseGradients Centered { get; } = new(1);

    /// <summary>The causal estimator (no look-ahead, default floor).</summary>
    public static AnalyticPhaseGradients Causal { get; } = new(0);

    /// <inheritdoc/>
    public string Name => LookaheadFrames == 1 ? "analytic" : "analytic-causal";

    /// <summary>1 (centred) or 0 (causal).</summary>
    public int LookaheadFrames { get; }

    /// <summary>1 (centred) or 2 (causal).</summary>
    public int HistoryFrames => LookaheadFrames == 1 ? 1 : 2;

    /// <summary>The relative log floor ρ.</summary>
    public double LogFloor { get; }

    /// <inheritdoc/>
    public IPhaseGradientSource CreateSource(StftSettings settings) => new AnalyticPhaseGradientSource(settings, LookaheadFrames, LogFloor);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} (look-ahead {LookaheadFrames}, log floor {LogFloor:G})");
}

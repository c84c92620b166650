namespace Phase.GradientTheorem;

/// <summary>
/// A per-stream producer of phase derivatives: given the magnitude frames around frame <c>n</c>, writes the time and
/// frequency phase derivatives of frame <c>n</c>. The seam between where derivatives come from (the analytic estimator
/// <see cref="AnalyticPhaseGradients"/>, the true phase <see cref="OraclePhaseGradients"/>, a neural network) and the
/// integrators that turn them into phase (<see cref="Rtpghi"/>, <see cref="LeastSquaresIntegration"/>, <see cref="Pghi"/>).
/// </summary>
/// <remarks>
/// <para><b>Definitions</b> (time-invariant phase φ[n,k] of <c>X[n,k] = Σ_m x[nH + m]·w[m]·e^{−2πikm/N}</c>; docs/stft.md):</para>
/// <list type="bullet">
/// <item><b>advance deviation</b> <c>d[k]</c>, radians per hop: the phase advance of bin <c>k</c> from frame <c>n − 1</c>
/// to frame <c>n</c> minus its nominal advance <c>2πHk/N</c>. The advance itself is <c>u[k] = 2πHk/N + d[k]</c>; the
/// oracle value is <c>d[k] = princarg(φ[n,k] − φ[n−1,k] − 2πHk/N)</c>. For a stationary sinusoid at (fractional) bin μ,
/// <c>d[k] = 2πH(μ − k)/N</c>.</item>
/// <item><b>frequency step</b> <c>v[k]</c>, radians per bin, <c>k = 0 … K − 2</c>: the phase step from bin <c>k</c> to bin
/// <c>k + 1</c> within frame <c>n</c>; oracle <c>v[k] = princarg(φ[n,k+1] − φ[n,k])</c>. For an impulse <c>t</c> samples
/// after the frame centre, <c>v[k] = −2πt/N</c>. <c>v[K − 1]</c> is not used; write 0.</item>
/// </list>
/// <para>Both are used modulo 2π (the integrators wrap every residual), so any representative is as good as another;
/// principal values are conventional. These are exactly the outputs <c>(d, v)</c> of the training code's
/// <c>phasedsp.oracle_derivatives</c> and of the phase-derivative network (channel 0 = d, channel 1 = v). <c>d</c> of
/// frame 0 is never used (there is no earlier frame).</para>
/// <para><b>Calling pattern.</b> A host calls <see cref="Estimate"/> once per frame, for <c>n = 0, 1, 2, …</c> in order,
/// after frame <c>n + </c><see cref="LookaheadFrames"/> has arrived (or the stream has ended), and <see cref="Reset"/>
/// before a new stream. A source may keep state between calls (caches, recurrent state) as long as it gives the same
/// result for the same sequence of contexts after a reset.</para>
/// <para><b>Real time.</b> <see cref="Estimate"/> and <see cref="Reset"/> must not allocate. Not thread-safe: one
/// instance per stream, created by <see cref="IPhaseGradientEstimator.CreateSource"/>.</para>
/// </remarks>
public interface IPhaseGradientSource : IDisposable
{
    /// <summary>A short name for messages (for example <c>"analytic"</c>).</summary>
    string Name { get; }

    /// <summary>Frames after <c>n</c> the source reads, <c>L ≥ 0</c>: the derivatives of frame <c>n</c> are computed once
    /// frame <c>n + L</c> is known, so <c>L</c> frames (<c>L·H</c> samples) add to a streaming method's latency.</summary>
    int LookaheadFrames { get; }

    /// <summary>Frames before <c>n</c> the source reads, <c>P ≥ 0</c>; the context holds at least this many.</summary>
    int HistoryFrames { get; }

    /// <summary>Writes the phase derivatives of frame <c>n</c> = <see cref="PhaseGradientContext.FrameIndex"/>.</summary>
    /// <param name="context">Frames <c>n − P … n + L</c> (zeros where they do not exist).</param>
    /// <param name="advanceDeviation">Receives <c>d[k]</c>, <c>K</c> values, radians per hop (see the remarks).</param>
    /// <param name="frequencyStep">Receives <c>v[k]</c>, <c>K</c> values, radians per bin (<c>v[K − 1]</c> unused).</param>
    void Estimate(PhaseGradientContext context, Span<float> advanceDeviation, Span<float> frequencyStep);

    /// <summary>Forgets the stream (the next call is for frame 0). Allocates nothing.</summary>
    void Reset();
}

namespace Phase.GradientTheorem;

/// <summary>
/// Where phase derivatives come from, as an immutable description that creates one <see cref="IPhaseGradientSource"/>
/// per stream: <see cref="AnalyticPhaseGradients"/> (from magnitudes, Gaussian-window relations),
/// <see cref="OraclePhaseGradients"/> (from a known complex STFT, for tests and training targets), or a neural network.
/// </summary>
/// <remarks>
/// <para>Give one to <see cref="Pghi"/>, <see cref="Rtpghi"/> or <see cref="LeastSquaresIntegration"/> through their
/// <c>Gradients</c> property; the integrators never depend on how derivatives are made. A network implements this
/// interface (model weights, immutable) and <see cref="IPhaseGradientSource"/> (per-stream buffers).</para>
/// <para>Implementations are immutable and thread-safe; <see cref="CreateSource"/> may be called concurrently.</para>
/// </remarks>
public interface IPhaseGradientEstimator
{
    /// <summary>A short name for messages and listings (for example <c>"analytic"</c>).</summary>
    string Name { get; }

    /// <summary>Frames after <c>n</c> its sources read (<see cref="IPhaseGradientSource.LookaheadFrames"/>).</summary>
    int LookaheadFrames { get; }

    /// <summary>Frames before <c>n</c> its sources read (<see cref="IPhaseGradientSource.HistoryFrames"/>).</summary>
    int HistoryFrames { get; }

    /// <summary>Creates a source for one stream.</summary>
    /// <param name="settings">The STFT settings of the magnitudes the source will see.</param>
    /// <returns>A new source whose <see cref="IPhaseGradientSource.LookaheadFrames"/> and
    /// <see cref="IPhaseGradientSource.HistoryFrames"/> equal this estimator's.</returns>
    /// <exception cref="ArgumentException">The estimator cannot work with these settings (for example a network
    /// trained for another FFT size).</exception>
    IPhaseGradientSource CreateSource(StftSettings settings);
}

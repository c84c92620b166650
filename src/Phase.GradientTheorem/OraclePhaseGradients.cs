using System.Globalization;

namespace Phase.GradientTheorem;

/// <summary>
/// The true phase derivatives of a known complex STFT (<see cref="PhaseGradients.Oracle"/>), served frame by frame
/// through the gradient-source seam: for tests of the integrators (with oracle derivatives least-squares integration is
/// exact up to one constant phase) and as the reference a learned estimator is trained towards.
/// </summary>
/// <remarks>
/// <para>The source ignores the magnitudes it is given and returns the derivatives of frame
/// <see cref="PhaseGradientContext.FrameIndex"/> of the spectrogram; asking for a frame past its end throws.
/// The derivatives are computed once, at construction (<see cref="Derivatives"/>).</para>
/// <para>Immutable and thread-safe (the spectrogram is copied into the derivative tables at construction).</para>
/// </remarks>
public sealed class OraclePhaseGradients : IPhaseGradientEstimator
{
    /// <summary>Computes the oracle derivatives of <paramref name="spectrogram"/>.</summary>
    /// <param name="spectrogram">The complex STFT (time-invariant phase) computed with <paramref name="settings"/>.</param>
    /// <param name="settings">The STFT settings.</param>
    /// <param name="lookaheadFrames">The look-ahead the sources declare, 0 … 64 (default 0): lets tests run a host with
    /// look-ahead; the values do not depend on it.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a coefficient is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lookaheadFrames"/> is out of range.</exception>
    public OraclePhaseGradients(ComplexSpectrogram spectrogram, StftSettings settings, int lookaheadFrames = 0)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        ArgumentNullException.ThrowIfNull(settings);
        if (lookaheadFrames < 0 || lookaheadFrames > 64)
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(lookaheadFrames), lookaheadFrames, "The look-ahead must be between 0 and 64 frames.");
        }

        Derivatives = PhaseDerivatives.FromSpectrogram(spectrogram, settings);
        Settings = settings;
        LookaheadFrames = lookaheadFrames;
    }

    /// <inheritdoc/>
    public string Name => "oracle";

    /// <summary>The STFT settings of the spectrogram.</summary>
    public StftSettings Settings { get; }

    /// <summary>The oracle derivatives of every frame.</summary>
    public PhaseDerivatives Derivatives { get; }

    /// <inheritdoc/>
    public int LookaheadFrames { get; }

    /// <summary>0: the oracle reads no magnitudes.</summary>
    public int HistoryFrames => 0;

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><paramref name="settings"/> differ from the spectrogram's.</exception>
    public IPhaseGradientSource CreateSource(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Settings.Equals(settings))
        {
            GradientThrowHelper.Argument(nameof(settings), $"The oracle derivatives were computed with {Settings}, not {settings}.");
        }

        return new Source(this);
    }

    private sealed class Source(OraclePhaseGradients owner) : IPhaseGradientSource
    {
        public string Name => "oracle";

        public int LookaheadFrames => owner.LookaheadFrames;

        public int HistoryFrames => 0;

        public void Estimate(PhaseGradientContext context, Span<float> advanceDeviation, Span<float> frequencyStep)
        {
            PhaseDerivatives derivatives = owner.Derivatives;
            if (context.FrameIndex >= derivatives.FrameCount)
            {
                GradientThrowHelper.Argument(nameof(context), string.Create(CultureInfo.InvariantCulture,
                    $"The oracle holds {derivatives.FrameCount} frames; frame {context.FrameIndex} was asked for."));
            }

            int frame = (int)context.FrameIndex;
            derivatives.AdvanceDeviationFrame(frame).CopyTo(advanceDeviation);
            derivatives.FrequencyStepFrame(frame).CopyTo(frequencyStep);
        }

        public void Reset()
        {
        }

        public void Dispose()
        {
        }
    }
}

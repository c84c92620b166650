using System.Globalization;

namespace Phase.GradientTheorem;

/// <summary>
/// The phase derivatives of a whole spectrogram, frame-major: the advance deviation <c>d[n,k]</c> (radians per hop) and
/// the frequency step <c>v[n,k]</c> (radians per bin) of <see cref="IPhaseGradientSource"/>. Made from the true phase
/// (<see cref="FromSpectrogram"/>: training targets, tests) or by running an estimator over magnitudes
/// (<see cref="Estimate"/>).
/// </summary>
/// <remarks>Element <c>(n, k)</c> is at index <c>n·K + k</c> of each array; <c>d[0, k]</c> (no earlier frame) and
/// <c>v[n, K − 1]</c> are 0. Not thread-safe for concurrent writes.</remarks>
public sealed class PhaseDerivatives
{
    private readonly float[] _advance;
    private readonly float[] _step;

    /// <summary>Creates zero derivatives.</summary>
    /// <param name="frameCount">Frames <c>F</c>, ≥ 1.</param>
    /// <param name="binCount">Bins <c>K</c>, ≥ 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is less than 1 or <c>F·K</c> exceeds the largest array.</exception>
    public PhaseDerivatives(int frameCount, int binCount)
    {
        if (frameCount < 1 || binCount < 1 || (long)frameCount * binCount > Array.MaxLength)
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(frameCount), frameCount, string.Create(CultureInfo.InvariantCulture,
                $"Need at least one frame and one bin, and at most {Array.MaxLength} values; got {frameCount} × {binCount}."));
        }

        FrameCount = frameCount;
        BinCount = binCount;
        _advance = new float[frameCount * binCount];
        _step = new float[frameCount * binCount];
    }

    /// <summary>Frames <c>F</c>.</summary>
    public int FrameCount { get; }

    /// <summary>Bins <c>K</c>.</summary>
    public int BinCount { get; }

    /// <summary>Advance deviations <c>d[n,k]</c>, radians per hop, frame-major (<c>F·K</c>).</summary>
    public Span<float> AdvanceDeviation => _advance;

    /// <summary>Frequency steps <c>v[n,k]</c>, radians per bin, frame-major (<c>F·K</c>).</summary>
    public Span<float> FrequencyStep => _step;

    /// <summary>The advance deviations of frame <paramref name="frame"/>.</summary>
    /// <param name="frame">Frame <c>n</c>, 0 … F − 1.</param>
    /// <returns><c>K</c> values.</returns>
    public Span<float> AdvanceDeviationFrame(int frame) => _advance.AsSpan(Start(frame), BinCount);

    /// <summary>The frequency steps of frame <paramref name="frame"/>.</summary>
    /// <param name="frame">Frame <c>n</c>, 0 … F − 1.</param>
    /// <returns><c>K</c> values.</returns>
    public Span<float> FrequencyStepFrame(int frame) => _step.AsSpan(Start(frame), BinCount);

    /// <summary>The oracle derivatives of a complex STFT: <c>d[n,k] = princarg(φ[n,k] − φ[n−1,k] − 2πHk/N)</c>
    /// (<c>d[0,k] = 0</c>) and <c>v[n,k] = princarg(φ[n,k+1] − φ[n,k])</c> (<see cref="PhaseGradients.Oracle"/>) — the same
    /// definition as the training code's <c>phasedsp.oracle_derivatives</c>.</summary>
    /// <param name="spectrogram">The complex STFT with time-invariant phase.</param>
    /// <param name="settings">Its STFT settings.</param>
    /// <returns>New derivatives of the same shape.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a coefficient is not finite.</exception>
    public static PhaseDerivatives FromSpectrogram(ComplexSpectrogram spectrogram, StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        ArgumentNullException.ThrowIfNull(settings);
        settings.ThrowIfBinCountMismatch(spectrogram.BinCount, nameof(spectrogram));
        spectrogram.ThrowIfNotFinite(nameof(spectrogram));
        var result = new PhaseDerivatives(spectrogram.FrameCount, spectrogram.BinCount);
        PhaseGradients.OracleFrequencyStep(settings, spectrogram.RealFrame(0), spectrogram.ImaginaryFrame(0), result.FrequencyStepFrame(0));
        for (int n = 1; n < spectrogram.FrameCount; n++)
        {
            PhaseGradients.Oracle(settings, spectrogram.RealFrame(n - 1), spectrogram.ImaginaryFrame(n - 1), spectrogram.RealFrame(n),
                spectrogram.ImaginaryFrame(n), result.AdvanceDeviationFrame(n), result.FrequencyStepFrame(n));
        }

        return result;
    }

    /// <summary>Runs an estimator over a whole magnitude spectrogram, exactly as a streaming integrator would feed it
    /// (frames before the first and after the last do not exist).</summary>
    /// <param name="magnitudes">Magnitudes, finite and non-negative, <see cref="StftSettings.BinCount"/> bins.</param>
    /// <param name="estimator">The estimator (for example <see cref="AnalyticPhaseGradients.Centered"/>).</param>
    /// <param name="settings">The STFT settings of the magnitudes.</param>
    /// <returns>New derivatives of the same shape (<c>d[0,k]</c> is set to 0).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a magnitude is invalid.</exception>
    /// <exception cref="InvalidOperationException">The estimator's source wrote a non-finite value.</exception>
    public static PhaseDerivatives Estimate(MagnitudeSpectrogram magnitudes, IPhaseGradientEstimator estimator, StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        ArgumentNullException.ThrowIfNull(settings);
        GradientThrowHelper.ThrowIfInvalidMagnitudes(magnitudes, settings, nameof(magnitudes));
        var result = new PhaseDerivatives(magnitudes!.FrameCount, magnitudes.BinCount);
        using IPhaseGradientSource source = estimator.CreateSource(settings);
        var feeder = new GradientFeeder(settings, source);
        int frames = magnitudes.FrameCount, lookahead = feeder.LookaheadFrames;
        for (int m = 0; m < frames + lookahead; m++)
        {
            if (m < frames)
            {
                feeder.Push(magnitudes.Frame(m));
            }
            else
            {
                feeder.PushMissing();
            }

            long n = m - lookahead;
            if (n >= 0)
            {
                feeder.Estimate(n, (int)Math.Min(lookahead, frames - 1 - n));
                feeder.AdvanceDeviation.CopyTo(result.AdvanceDeviationFrame((int)n));
                feeder.FrequencyStep.CopyTo(result.FrequencyStepFrame((int)n));
            }
        }

        result.AdvanceDeviationFrame(0).Clear();
        return result;
    }

    private int Start(int frame)
    {
        if ((uint)frame >= (uint)FrameCount)
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(frame), frame, string.Create(CultureInfo.InvariantCulture, $"frame must be in [0, {FrameCount})."));
        }

        return frame * BinCount;
    }
}

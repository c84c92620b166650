namespace Phase.Stft;

/// <summary>
/// One-line STFT conveniences on <see cref="StftSettings"/>: <c>settings.Stft(x)</c>, <c>settings.Istft(X, x.Length)</c>.
/// Each call creates and disposes a <see cref="StftPlan"/>; keep a plan instead when transforming repeatedly.
/// </summary>
public static class StftSettingsExtensions
{
    /// <summary>Creates a plan (the caller disposes it).</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>A new <see cref="StftPlan"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public static StftPlan CreatePlan(this StftSettings settings) => new(settings);

    /// <summary>The STFT of <paramref name="signal"/> (see <see cref="StftPlan.Forward(ReadOnlySpan{float})"/>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="signal">At least one finite sample.</param>
    /// <returns>An <c>F × K</c> complex spectrogram with time-invariant phase.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException">The signal is empty or not finite.</exception>
    public static ComplexSpectrogram Stft(this StftSettings settings, ReadOnlySpan<float> signal)
    {
        using var plan = new StftPlan(settings);
        return plan.Forward(signal);
    }

    /// <summary>The STFT magnitudes of <paramref name="signal"/>.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="signal">At least one finite sample.</param>
    /// <returns>An <c>F × K</c> magnitude spectrogram.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException">The signal is empty or not finite.</exception>
    public static MagnitudeSpectrogram StftMagnitude(this StftSettings settings, ReadOnlySpan<float> signal)
    {
        using var plan = new StftPlan(settings);
        return plan.ForwardMagnitude(signal);
    }

    /// <summary>The inverse STFT of <paramref name="spectrogram"/> (see <see cref="StftPlan.Inverse(ComplexSpectrogram, int?)"/>).</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="spectrogram">The spectrogram, finite, <see cref="StftSettings.BinCount"/> bins.</param>
    /// <param name="signalLength">Output length; null for <see cref="StftSettings.DefaultSignalLength"/>(F).</param>
    /// <returns>Exactly the requested number of samples.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a coefficient is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signalLength"/> is out of range.</exception>
    public static float[] Istft(this StftSettings settings, ComplexSpectrogram spectrogram, int? signalLength = null)
    {
        using var plan = new StftPlan(settings);
        return plan.Inverse(spectrogram, signalLength);
    }
}

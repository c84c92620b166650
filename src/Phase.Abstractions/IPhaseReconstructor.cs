namespace Phase;

/// <summary>
/// An offline phase reconstructor: turns a whole magnitude spectrogram into a waveform.
/// </summary>
/// <remarks>
/// <para>Implementations are immutable, validated settings objects (thread-safe): each <see cref="Reconstruct"/> call
/// creates its own scratch, so one instance may serve many threads at once.</para>
/// <para>Input magnitudes are linear amplitudes <c>|X[n,k]|</c> computed with <see cref="Settings"/>; the output waveform
/// follows the same frame placement (frame <c>n</c> centred on sample <c>n·H</c> for centred padding).</para>
/// </remarks>
public interface IPhaseReconstructor
{
    /// <summary>The method's short name as used by the CLI and configuration files (for example <c>"fgla"</c>).</summary>
    string Name { get; }

    /// <summary>The STFT settings the magnitudes were computed with.</summary>
    StftSettings Settings { get; }

    /// <summary>Reconstructs a waveform whose STFT magnitude approximates <paramref name="magnitudes"/>.</summary>
    /// <param name="magnitudes">Target magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <param name="options">Seed, output length, progress, observer, cancellation; null for the defaults.</param>
    /// <returns>The waveform of the requested length and, if asked for, the final complex spectrogram.</returns>
    /// <exception cref="ArgumentException">The bin count does not match the settings, or a magnitude is NaN, infinite or negative.</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token was cancelled.</exception>
    PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null);
}

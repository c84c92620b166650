namespace Phase;

/// <summary>
/// Per-call options of <see cref="IPhaseReconstructor.Reconstruct"/>: output length, seed, progress, observer and
/// cancellation. Method-specific parameters (iterations, acceleration, look-ahead, tolerances) live on each method's
/// own settings type.
/// </summary>
public sealed class ReconstructionOptions
{
    /// <summary>Defaults: natural length, seed 0, no progress, no observer, no cancellation.</summary>
    public static ReconstructionOptions Default { get; } = new();

    /// <summary>Length of the returned waveform in samples; null for <see cref="StftSettings.DefaultSignalLength"/>.
    /// The inverse STFT returns exactly this many samples (zero past the last frame's reach).</summary>
    public int? SignalLength { get; init; }

    /// <summary>Seed of any random initialisation (random phase, random phase below a tolerance). The same seed and input
    /// give the same output. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Whether the result carries the final complex spectrogram (its phase can warm-start another method).</summary>
    public bool ReturnSpectrogram { get; init; }

    /// <summary>Receives progress reports (for example once per iteration). Called on the reconstructing thread.</summary>
    public IProgress<ReconstructionProgress>? Progress { get; init; }

    /// <summary>Called after every iteration of an iterative method; may stop the run or change its acceleration.
    /// Called on the reconstructing thread.</summary>
    public IterationObserver? Observer { get; init; }

    /// <summary>Cancels the run; checked at least once per iteration or block of frames.</summary>
    public CancellationToken CancellationToken { get; init; }
}

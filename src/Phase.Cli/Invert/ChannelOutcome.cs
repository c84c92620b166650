using Phase.Metrics;

namespace Phase.Cli.Invert;

/// <summary>One reconstructed channel: its quality and speed.</summary>
/// <param name="SpectralConvergenceDb">SC of the result against the target magnitudes, dB.</param>
/// <param name="Scores">STOI/ESTOI against the input WAV; null for .npy inputs or when the clip is too short or too
/// quiet for them (a note says why).</param>
/// <param name="ElapsedSeconds">Wall time of the Reconstruct call.</param>
/// <param name="AudioSeconds">Length of the channel's output in seconds.</param>
internal sealed record ChannelOutcome(double SpectralConvergenceDb, IntelligibilityScores? Scores, double ElapsedSeconds, double AudioSeconds)
{
    public double Speed => AudioSeconds / ElapsedSeconds;
}

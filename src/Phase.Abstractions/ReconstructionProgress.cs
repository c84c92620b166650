namespace Phase;

/// <summary>A progress report: <paramref name="Completed"/> of <paramref name="Total"/> units (iterations, frames or
/// utterances, named by <paramref name="Unit"/>) are done.</summary>
/// <param name="Completed">Units done.</param>
/// <param name="Total">Units in all.</param>
/// <param name="Unit">What a unit is, for display ("iteration", "frame", "utterance").</param>
public readonly record struct ReconstructionProgress(long Completed, long Total, string Unit)
{
    /// <summary>Completed / Total in [0, 1] (1 when Total is 0).</summary>
    public double Fraction => Total <= 0 ? 1 : Math.Clamp((double)Completed / Total, 0, 1);
}

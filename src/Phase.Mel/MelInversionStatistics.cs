namespace Phase.Mel;

/// <summary>What a <see cref="MelInverter"/> call did.</summary>
/// <param name="FrameCount">Frames inverted.</param>
/// <param name="MaxIterationsUsed">Most iterations any block of frames ran.</param>
/// <param name="WorstRelativeResidual">Largest per-frame <c>‖W·x − y‖₂ / ‖y‖₂</c> (0 for silent frames).</param>
/// <param name="MeanRelativeResidual">Mean of the per-frame relative residuals over the non-silent frames.</param>
public readonly record struct MelInversionStatistics(int FrameCount, int MaxIterationsUsed, double WorstRelativeResidual, double MeanRelativeResidual);

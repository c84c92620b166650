namespace Phase.Mel;

/// <summary>Stopping rules of <see cref="MelInverter"/>'s non-negative least-squares solve.</summary>
/// <remarks>Immutable; validated by <see cref="MelInverter"/>'s constructor.</remarks>
public sealed record MelInversionOptions
{
    /// <summary>The defaults: at most 200 iterations, relative residual tolerance 1e-4.</summary>
    public static MelInversionOptions Default { get; } = new();

    /// <summary>Most iterations per block of frames (0 returns the interpolated starting point). Default 200.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>
    /// A frame is done when its mel residual <c>‖W·x − y‖₂ ≤ Tolerance·‖y‖₂</c>, or when that residual shrank by less than
    /// <c>Tolerance/10</c> of itself over the last <see cref="MelInverter.CheckInterval"/> iterations (a mel
    /// spectrogram no non-negative spectrum explains exactly has a non-zero optimum). Default 1e-4; must be in (0, 1).
    /// </summary>
    public double Tolerance { get; init; } = 1e-4;
}

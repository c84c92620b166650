namespace Phase.Iterative;

/// <summary>Where the initial phase of an iterative reconstruction comes from (see <see cref="PhaseInitialization"/>).</summary>
public enum PhaseInitializationKind
{
    /// <summary>Independent uniform phases in <c>[−π, π)</c> from the run's seed (<see cref="ReconstructionOptions.Seed"/>).</summary>
    Random,

    /// <summary>Phase 0 everywhere: the initial spectrogram is the target magnitude itself.</summary>
    Zero,

    /// <summary>The phase of single-pass spectrogram inversion (<see cref="Spsi"/>).</summary>
    Spsi,

    /// <summary>The phase of the spectrogram another reconstructor returns (for example PGHI).</summary>
    Reconstructor,

    /// <summary>A caller-supplied phase, one value per bin (radians).</summary>
    Phase,

    /// <summary>A caller-supplied complex spectrogram (warm start or resume), optionally with the accelerator's previous state.</summary>
    Spectrogram,
}

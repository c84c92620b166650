namespace Phase.Neural.Vocoder;

/// <summary>Where the FGLA refinement of a <see cref="VocoderReconstructor"/> starts (used when
/// <see cref="VocoderReconstructor.FglaIterations"/> &gt; 0). FGLA always keeps the model's magnitude; only the initial
/// phase differs.</summary>
public enum VocoderFglaStart
{
    /// <summary>The model's own phase (its cos/sin or phase output).</summary>
    Model,

    /// <summary>Single-pass spectrogram inversion of the model's magnitude (FGLA's own default initialisation).</summary>
    Spsi,

    /// <summary>Phase-gradient heuristic integration (PGHI) of the model's magnitude: the default; on the held-out speech
    /// of docs/tts.md the best start of the three.</summary>
    Pghi,
}

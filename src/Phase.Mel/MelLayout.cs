namespace Phase.Mel;

/// <summary>The axis order of a mel spectrogram array as a model or pipeline emits it. Both accept an optional leading
/// batch axis (<c>[B, …]</c>).</summary>
public enum MelLayout
{
    /// <summary><c>[n_mels, T]</c> or <c>[B, n_mels, T]</c>: bands × frames, as librosa, torchaudio, HiFi-GAN, Vocos,
    /// Matcha and sherpa-onnx produce them.</summary>
    MelsByFrames = 0,

    /// <summary><c>[T, n_mels]</c> or <c>[B, T, n_mels]</c>: frames × bands (ESPnet, Coqui, many <c>.npy</c> dumps).</summary>
    FramesByMels = 1,
}

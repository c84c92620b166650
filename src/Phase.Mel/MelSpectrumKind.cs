namespace Phase.Mel;

/// <summary>What a mel spectrogram's filter bank was applied to.</summary>
public enum MelSpectrumKind
{
    /// <summary>The power spectrum <c>|X|²</c> (librosa <c>melspectrogram(power=2.0)</c>, the default; Tacotron-era
    /// pipelines built on librosa). Mel → linear recovers <c>|X|²</c>; magnitudes are its square root.</summary>
    Power = 0,

    /// <summary>The magnitude spectrum <c>|X|</c> (librosa <c>power=1.0</c>; HiFi-GAN's and NVIDIA Tacotron 2's
    /// <c>mel_spectrogram</c>). Mel → linear recovers <c>|X|</c> directly.</summary>
    Amplitude = 1,
}

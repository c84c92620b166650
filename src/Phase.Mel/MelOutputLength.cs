namespace Phase.Mel;

/// <summary>How many audio samples a model family's vocoder makes from <c>T</c> mel frames with hop <c>H</c>.</summary>
public enum MelOutputLength
{
    /// <summary><c>T·H</c>: HiFi-GAN-style generators upsample every frame by the hop (HiFi-GAN, WaveGlow, iSTFTNet,
    /// StyleTTS 2's decoder, Vocos with <c>padding="same"</c>).</summary>
    FramesTimesHop = 0,

    /// <summary><c>(T − 1)·H</c>: a centred inverse STFT without a length argument (librosa <c>istft</c> and
    /// <c>mel_to_audio</c>, torch.istft with <c>center=True</c>, Vocos with <c>padding="center"</c>).</summary>
    FramesMinusOneTimesHop = 1,
}

namespace Phase.Mel;

/// <summary>How a <see cref="MelConvention"/> keeps the logarithm finite: <c>log(max(x, floor))</c> or <c>log(x + floor)</c>.</summary>
public enum MelFloorMode
{
    /// <summary><c>log(max(x, floor))</c> (HiFi-GAN's <c>torch.clamp(x, min=1e−5)</c>, Vocos' <c>clip(x, 1e−7)</c>,
    /// librosa's <c>amin</c>). Values at the floor decode to the floor.</summary>
    Clamp = 0,

    /// <summary><c>log(x + floor)</c> (StyleTTS 2's <c>log(1e−5 + mel)</c>). Decoding subtracts the floor again and
    /// clamps at 0.</summary>
    Add = 1,
}

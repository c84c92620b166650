namespace Phase.Mel;

/// <summary>The frequency ↔ mel mapping a <see cref="MelFilterBank"/> spaces its bands on.</summary>
public enum MelScale
{
    /// <summary>
    /// Slaney's (Auditory Toolbox, 1998): linear below 1 kHz, <c>m = 3f/200</c>; logarithmic above,
    /// <c>m = 15 + 27·ln(f/1000)/ln(6.4)</c>. The default of librosa (<c>htk=False</c>), and therefore of most
    /// text-to-speech models (Tacotron 2, HiFi-GAN, VITS, Whisper's front end).
    /// </summary>
    Slaney = 0,

    /// <summary>The HTK formula <c>m = 2595·log10(1 + f/700)</c> (librosa <c>htk=True</c>, torchaudio's default).</summary>
    Htk = 1,
}

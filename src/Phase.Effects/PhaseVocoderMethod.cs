namespace Phase.Effects;

/// <summary>How a time-stretch builds the phase of its synthesis frames (docs/algorithms/pvdr.md, docs/algorithms/pv.md).</summary>
public enum PhaseVocoderMethod
{
    /// <summary><c>pvdr</c>, the phase vocoder done right (Průša and Holighaus, EUSIPCO 2017): the analysis STFT's phase
    /// derivatives, the time derivative scaled to the synthesis hop, integrated across time <i>and</i> frequency by
    /// phase-gradient heap integration (RTPGHI's two-column step). Keeps partials and transients coherent across bins:
    /// far less phasiness than <see cref="Pv"/>. The default.</summary>
    Pvdr = 0,

    /// <summary><c>pv</c>, the classic phase vocoder (Flanagan and Golden 1966; Portnoff 1976; the librosa and torchaudio
    /// baseline): each bin's phase advances independently by its instantaneous frequency times the synthesis hop.</summary>
    Pv = 1,
}

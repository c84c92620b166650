namespace Phase.Neural.Vocoder;

/// <summary>What a vocoder-head model's outputs are. All are <c>(B, N/2 + 1, T)</c> float tensors in torch.stft's
/// frame-start phase convention (frame <c>t</c>'s phase referenced to its first sample).</summary>
public enum VocoderOutputKind
{
    /// <summary>Three outputs: magnitude, cos φ, sin φ (sherpa-onnx's Vocos export: <c>mag</c>, <c>x</c>, <c>y</c>).
    /// The spectrum is <c>mag·(x + i·y)</c>; x and y are used as given (not renormalised), as sherpa-onnx does.</summary>
    MagnitudeCosSin = 0,

    /// <summary>Two outputs: magnitude and phase in radians (APNet, APNet2): <c>mag·e^{iφ}</c>.</summary>
    MagnitudePhase = 1,

    /// <summary>Two outputs: real and imaginary parts (iSTFTNet-style heads, Vocos before its cos/sin split).</summary>
    RealImaginary = 2,
}

namespace Phase;

/// <summary>Analysis window families. Formulas are given for a window of length <c>Nw</c>, sample <c>m = 0 … Nw−1</c>,
/// with <c>D = Nw</c> for <see cref="WindowSymmetry.Periodic"/> (DFT-even) and <c>D = Nw − 1</c> for
/// <see cref="WindowSymmetry.Symmetric"/>.</summary>
public enum WindowKind
{
    /// <summary>Hann: <c>w[m] = 0.5 − 0.5·cos(2πm/D)</c>. Gaussian-equivalent constant C<sub>g</sub> = 0.25645.</summary>
    Hann,

    /// <summary>Hamming: <c>w[m] = 0.54 − 0.46·cos(2πm/D)</c>. C<sub>g</sub> = 0.29794.</summary>
    Hamming,

    /// <summary>Blackman: <c>w[m] = 0.42 − 0.5·cos(2πm/D) + 0.08·cos(4πm/D)</c>. C<sub>g</sub> = 0.17954.</summary>
    Blackman,

    /// <summary>Square-root Hann, also called the sine window: <c>w[m] = sin(πm/D)</c>. C<sub>g</sub> = 0.41532.</summary>
    SqrtHann,

    /// <summary>Gaussian: <c>w[m] = exp(−π (m − D/2)² / (C·Nw²))</c>, where the window parameter is <c>C</c>
    /// (default 0.15), which is also its own Gaussian-equivalent constant.</summary>
    Gaussian,

    /// <summary>Kaiser: <c>w[m] = I0(β·√(1 − (2m/D − 1)²)) / I0(β)</c>, where the window parameter is <c>β</c> (default 8.6)
    /// and I0 is the modified Bessel function of the first kind (MathNet.Numerics). C<sub>g</sub> is computed by a least-squares
    /// Gaussian fit, see <see cref="Window.GaussianEquivalentConstant"/>.</summary>
    Kaiser,

    /// <summary>Rectangular: <c>w[m] = 1</c>. C<sub>g</sub> = 0.85732.</summary>
    Rectangular,
}

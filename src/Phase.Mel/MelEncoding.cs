namespace Phase.Mel;

/// <summary>How mel values are compressed, as they arrive from a model or a feature pipeline. See
/// <see cref="MelCompression"/> for the exact formulas and their inverses.</summary>
public enum MelEncoding
{
    /// <summary>Linear values (power or amplitude, see <see cref="MelSpectrumKind"/>), no compression.</summary>
    Linear = 0,

    /// <summary>Decibels: <c>10·log10(P/ref)</c> for power mels (librosa <c>power_to_db</c>), <c>20·log10(A/ref)</c> for
    /// amplitude mels (librosa <c>amplitude_to_db</c>).</summary>
    Decibels = 1,

    /// <summary>Natural logarithm of the clamped values, <c>ln(max(x, 1e−5))</c> (HiFi-GAN's and Tacotron 2's
    /// "dynamic range compression").</summary>
    NaturalLog = 2,

    /// <summary>Base-10 logarithm of the clamped values, <c>log10(max(x, floor))</c> (ESPnet, ParallelWaveGAN).</summary>
    Log10 = 3,
}

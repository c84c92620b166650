namespace Phase;

/// <summary>The result of an offline reconstruction.</summary>
public sealed class PhaseReconstruction
{
    /// <summary>Creates a result.</summary>
    /// <param name="signal">The waveform.</param>
    /// <param name="spectrogram">The final complex spectrogram, if requested.</param>
    /// <param name="iterations">Iterations run (0 for single-pass methods).</param>
    /// <param name="spectralConvergenceDb">The spectral convergence reached in dB, if the method measured it; otherwise NaN.</param>
    /// <exception cref="ArgumentNullException"><paramref name="signal"/> is null.</exception>
    public PhaseReconstruction(float[] signal, ComplexSpectrogram? spectrogram = null, int iterations = 0, double spectralConvergenceDb = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(signal);
        Signal = signal;
        Spectrogram = spectrogram;
        Iterations = iterations;
        SpectralConvergenceDb = spectralConvergenceDb;
    }

    /// <summary>The waveform, of the requested length.</summary>
    public float[] Signal { get; }

    /// <summary>The final complex spectrogram (a consistent or projected estimate, as the method defines), or null if not requested.</summary>
    public ComplexSpectrogram? Spectrogram { get; }

    /// <summary>Iterations run.</summary>
    public int Iterations { get; }

    /// <summary>Spectral convergence in dB measured by the method at the end, or NaN if not measured.</summary>
    public double SpectralConvergenceDb { get; }
}

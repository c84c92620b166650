namespace Phase;

/// <summary>
/// What an <see cref="IterationObserver"/> sees after each iteration, and the two things it may change: the
/// acceleration <see cref="Alpha"/> and whether to stop.
/// </summary>
/// <remarks>Created and updated by the algorithm; one instance is reused for all iterations of a run.</remarks>
public sealed class IterationState
{
    /// <summary>Iterations completed so far (1 after the first).</summary>
    public int Iteration { get; set; }

    /// <summary>The iteration budget of the run.</summary>
    public int MaxIterations { get; set; }

    /// <summary>Spectral convergence <c>20·log10(‖|c| − S‖_F / ‖S‖_F)</c> in dB of the current estimate, where <c>c</c> is
    /// the consistent spectrogram of the current signal; lower is better.</summary>
    public double SpectralConvergenceDb { get; set; }

    /// <summary>The acceleration used by the next iteration (FGLA's α; 0 is plain Griffin-Lim). The observer may change it.</summary>
    public double Alpha { get; set; }

    /// <summary>True once <see cref="RequestStop"/> was called.</summary>
    public bool StopRequested { get; private set; }

    /// <summary>Stops the run after this iteration.</summary>
    public void RequestStop() => StopRequested = true;

    /// <summary>Clears <see cref="StopRequested"/> for a new run.</summary>
    public void ResetStop() => StopRequested = false;
}

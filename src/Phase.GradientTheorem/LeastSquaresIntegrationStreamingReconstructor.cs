namespace Phase.GradientTheorem;

/// <summary>
/// Least-squares phase integration frame by frame ("gtls"): a two-column heap-integration prediction, corrected by the
/// weighted least-squares fit of all of the frame's time and frequency derivatives with wrapped residuals, solved as a
/// symmetric positive (semi)definite tridiagonal system in <c>O(K)</c> (<see cref="Solvers.PartitionedTridiagonalSolver{T}"/>).
/// </summary>
/// <remarks>
/// <para><b>Per frame</b> <c>n</c>, with the derivatives <c>(d, v)</c> of the <see cref="IPhaseGradientSource"/> and the
/// advance <c>u = 2πHk/N + d</c>:</para>
/// <list type="number">
/// <item>Prediction <c>p</c>: the phase RTPGHI would give (<see cref="RtpghiStreamingReconstructor"/>; bins below the
/// tolerance get the time prediction <c>φ_{n−1} + u</c>). It is exact when the derivatives are, and it starts each
/// region with no usable previous frame (first frame, onsets) by frequency integration rather than from a
/// meaningless time prediction.</item>
/// <item>Wrapped residuals of every equation: <c>r^t_k = princarg(φ_{n−1,k} + u_k − p_k)</c>,
/// <c>r^f_k = princarg(v_k − (p_{k+1} − p_k))</c>.</item>
/// <item>Correction <c>δ</c> minimising <c>Σ α_k (δ_k − r^t_k)² + Σ β_k (δ_{k+1} − δ_k − r^f_k)² + σ‖δ‖²</c> with
/// <c>α_k = (ŝ_{n−1,k} ŝ_{n,k})^{p/2}</c>, <c>β_k = c·(ŝ_{n,k} ŝ_{n,k+1})^{p/2}</c> (ŝ: magnitudes divided by the larger
/// frame maximum; defaults p = 6, c = 1) and <c>σ = ε·max A[k,k]</c>: normal equations <c>A δ = b</c>,
/// <c>A[k,k] = α_k + β_{k−1} + β_k + σ</c>, <c>A[k,k±1] = −β</c>, <c>b_k = α_k r^t_k + β_{k−1} r^f_{k−1} − β_k r^f_k</c>
/// (ALGORITHMS.md §4's correction form, generalised from the time prediction to any prediction).</item>
/// <item><c>φ_n = princarg(p + δ)</c>; if the solver reports failure the prediction is kept.</item>
/// </list>
/// <para>Wrapping the residuals rather than the targets makes the 2π ambiguity of each derivative harmless: with exact
/// derivatives both residuals are 0 and <c>δ = 0</c>. The choice of prediction, weights and regularisation was made by
/// measurement (docs/gradient-quality.md).</para>
/// <para><b>Timing</b>: as <see cref="RtpghiStreamingReconstructor"/> — <see cref="OutputDelay"/> = <c>⌊N/2⌋ + L·H</c>,
/// <see cref="FlushLength"/> = <c>N − H + L·H</c>, <see cref="Latency"/> = <see cref="StftSettings.StreamingLatency"/>
/// <c>+ L·H</c>, <c>L</c> the source's look-ahead.</para>
/// <para><b>Real time.</b> <see cref="ProcessFrame"/>, <see cref="Flush"/> and <see cref="Reset"/> allocate nothing (given a
/// source that does not). Cost per frame: the source, three scalar sweeps, about twenty vector passes over <c>K</c>
/// values, one tridiagonal solve, one sine/cosine per bin and one inverse FFT. Deterministic. Not thread-safe; one
/// instance per stream.</para>
/// </remarks>
public sealed class LeastSquaresIntegrationStreamingReconstructor : IStreamingPhaseReconstructor
{
    private readonly LeastSquaresCore _core;
    private readonly IPhaseGradientSource _source;
    private bool _disposed;

    /// <summary>Creates a streaming least-squares integrator.</summary>
    /// <param name="settings">The STFT settings the magnitudes are computed with.</param>
    /// <param name="gradients">Where the derivatives come from; null for <see cref="AnalyticPhaseGradients.Centered"/>.</param>
    /// <param name="tolerance">Relative tolerance of the prediction, 0 ≤ tol &lt; 1.</param>
    /// <param name="weightExponent">Weight exponent <c>p</c>, 0 … 16.</param>
    /// <param name="frequencyWeight">Scale <c>c</c> of β, 10⁻³ … 10³.</param>
    /// <param name="regularization">Relative regularisation ε, 10⁻⁷ … 10⁻¹.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException">The estimator cannot work with these settings.</exception>
    public LeastSquaresIntegrationStreamingReconstructor(
        StftSettings settings,
        IPhaseGradientEstimator? gradients = null,
        double tolerance = LeastSquaresIntegration.DefaultTolerance,
        double weightExponent = LeastSquaresIntegration.DefaultWeightExponent,
        double frequencyWeight = 1,
        double regularization = LeastSquaresIntegration.DefaultRegularization)
    {
        ArgumentNullException.ThrowIfNull(settings);
        GradientThrowHelper.ValidateTolerance(tolerance, nameof(tolerance));
        LeastSquaresIntegration.ValidateRange(weightExponent, 0, 16, nameof(weightExponent));
        LeastSquaresIntegration.ValidateRange(frequencyWeight, 1e-3, 1e3, nameof(frequencyWeight));
        LeastSquaresIntegration.ValidateRange(regularization, 1e-7, 0.1, nameof(regularization));
        Settings = settings;
        _source = (gradients ?? AnalyticPhaseGradients.Centered).CreateSource(settings);
        _core = new LeastSquaresCore(settings, _source, tolerance, weightExponent, frequencyWeight, regularization);
    }

    /// <inheritdoc/>
    public string Name => "gtls";

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <inheritdoc/>
    public int LookaheadFrames => _core.LookaheadFrames;

    /// <inheritdoc/>
    public int Latency => _core.Latency;

    /// <inheritdoc/>
    public int OutputDelay => _core.OutputDelay;

    /// <inheritdoc/>
    public int FlushLength => _core.FlushLength;

    /// <summary>The solver status of the last frame (for tests and diagnostics).</summary>
    internal Solvers.TridiagonalStatus LastSolverStatus => _core.LastStatus;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The gradient source wrote a non-finite derivative.</exception>
    public void ProcessFrame(ReadOnlySpan<float> magnitudes, Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        GradientThrowHelper.ThrowIfLengthNot(magnitudes.Length, Settings.BinCount, nameof(magnitudes), "one STFT frame");
        GradientThrowHelper.ThrowIfLengthNot(output.Length, Settings.Hop, nameof(output), "one hop");
        GradientThrowHelper.ThrowIfInvalidMagnitudeFrame(magnitudes, nameof(magnitudes));
        _core.ProcessFrame(magnitudes, output);
    }

    /// <inheritdoc/>
    public int Flush(Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (output.Length < FlushLength)
        {
            GradientThrowHelper.Argument(nameof(output), $"Flush writes {FlushLength} samples (N − H + L·H) but the destination holds {output.Length}.");
        }

        return _core.Flush(output);
    }

    /// <inheritdoc/>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _core.Reset();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _source.Dispose();
        }
    }
}

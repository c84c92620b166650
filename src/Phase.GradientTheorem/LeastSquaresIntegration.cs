using System.Globalization;
using Phase.Stft;

namespace Phase.GradientTheorem;

/// <summary>
/// Online least-squares phase integration ("gtls"; Masuyama et al. 2023, Fernandez et al. 2025) settings: per frame the
/// phase is predicted by two-column heap integration and corrected by a weighted least-squares fit to every time and
/// frequency derivative, whose normal equations are tridiagonal and solved in <c>O(K)</c>. Runs streaming
/// (<see cref="CreateStreaming"/>) or offline (<see cref="Reconstruct"/>, the streaming algorithm over the whole spectrogram).
/// </summary>
/// <remarks>
/// <para>The derivatives come from <see cref="Gradients"/>: the analytic estimator by default, a neural network's
/// <see cref="IPhaseGradientEstimator"/>, or <see cref="OraclePhaseGradients"/> (then the reconstruction is exact up to
/// one constant phase). Algorithm, weights and measurements: <see cref="LeastSquaresIntegrationStreamingReconstructor"/>
/// and docs/algorithms/gtls.md.</para>
/// <para>Immutable and thread-safe; each streaming instance and each offline call has its own state.</para>
/// </remarks>
public sealed class LeastSquaresIntegration : IPhaseReconstructor
{
    /// <summary>The default relative tolerance of the prediction step, 10⁻⁵.</summary>
    public const double DefaultTolerance = 1e-5;

    /// <summary>The default weight exponent <c>p</c> = 6: <c>α_k = (ŝ_{n−1,k}·ŝ_{n,k})^{p/2}</c>, <c>β_k = (ŝ_{n,k}·ŝ_{n,k+1})^{p/2}</c>.</summary>
    public const double DefaultWeightExponent = 6;

    /// <summary>The default relative regularisation ε = 10⁻⁵ (<c>σ = ε·max_k A[k,k]</c>).</summary>
    public const double DefaultRegularization = 1e-5;

    private readonly IPhaseGradientEstimator _gradients = AnalyticPhaseGradients.Centered;
    private readonly double _tolerance = DefaultTolerance;
    private readonly double _exponent = DefaultWeightExponent;
    private readonly double _frequencyWeight = 1;
    private readonly double _regularization = DefaultRegularization;

    /// <summary>Creates least-squares integration with the defaults (analytic derivatives with one frame of look-ahead).</summary>
    /// <param name="settings">The STFT settings the magnitudes were computed with.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public LeastSquaresIntegration(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    /// <inheritdoc/>
    public string Name => "gtls";

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <summary>Where the phase derivatives come from (default <see cref="AnalyticPhaseGradients.Centered"/>).</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public IPhaseGradientEstimator Gradients
    {
        get => _gradients;
        init => _gradients = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Relative tolerance of the prediction step, 0 ≤ tol &lt; 1 (default 10⁻⁵): bins at or below
    /// <c>tol·max(s_{n−1}, s_n)</c> are predicted from the previous frame alone.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range.</exception>
    public double Tolerance
    {
        get => _tolerance;
        init => _tolerance = GradientThrowHelper.ValidateTolerance(value, nameof(Tolerance));
    }

    /// <summary>The weight exponent <c>p</c>, 0 … 16 (default 6): the equations of bin pairs are weighted by the product of
    /// their normalised magnitudes to the power <c>p/2</c>, so larger <c>p</c> trusts loud bins more.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range.</exception>
    public double WeightExponent
    {
        get => _exponent;
        init => _exponent = ValidateRange(value, 0, 16, nameof(WeightExponent));
    }

    /// <summary>Scale <c>c</c> of the frequency weights β relative to the time weights α, 10⁻³ … 10³ (default 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range.</exception>
    public double FrequencyWeight
    {
        get => _frequencyWeight;
        init => _frequencyWeight = ValidateRange(value, 1e-3, 1e3, nameof(FrequencyWeight));
    }

    /// <summary>Relative Tikhonov regularisation ε, 10⁻⁷ … 10⁻¹ (default 10⁻⁵): the correction δ minimises
    /// <c>J(δ) + σ‖δ‖²</c> with <c>σ = ε·max_k A[k,k]</c>, so bins without information keep their prediction.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range.</exception>
    public double Regularization
    {
        get => _regularization;
        init => _regularization = ValidateRange(value, 1e-7, 0.1, nameof(Regularization));
    }

    /// <summary>Look-ahead frames <c>L</c>, the gradient estimator's (1 by default).</summary>
    public int LookaheadFrames => Gradients.LookaheadFrames;

    /// <summary>Algorithmic latency in samples: <see cref="StftSettings.StreamingLatency"/> <c>+ L·H</c>.</summary>
    public int Latency => Settings.StreamingLatency + (LookaheadFrames * Settings.Hop);

    /// <summary>Creates a streaming reconstructor with these settings (one per stream).</summary>
    /// <returns>A new streaming least-squares integrator; dispose it.</returns>
    public LeastSquaresIntegrationStreamingReconstructor CreateStreaming() =>
        new(Settings, Gradients, Tolerance, WeightExponent, FrequencyWeight, Regularization);

    /// <summary>Runs the streaming algorithm over the whole spectrogram (<see cref="StreamingReconstruction"/>).</summary>
    /// <param name="magnitudes">Target magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <param name="options">Output length, spectrogram request (the STFT of the result), progress (unit "frame") and
    /// cancellation (every 64 frames); the seed is not used (the method is deterministic).</param>
    /// <returns>The waveform of the requested length.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a magnitude is invalid.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    public PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null)
    {
        GradientThrowHelper.ThrowIfInvalidMagnitudes(magnitudes, Settings, nameof(magnitudes));
        using LeastSquaresIntegrationStreamingReconstructor streaming = CreateStreaming();
        return StreamingReconstruction.Reconstruct(streaming, magnitudes!, options);
    }

    internal static double ValidateRange(double value, double min, double max, string paramName)
    {
        if (!(value >= min && value <= max))
        {
            GradientThrowHelper.ArgumentOutOfRange(paramName, value, string.Create(CultureInfo.InvariantCulture,
                $"{paramName} must be between {min:G} and {max:G}; got {value}."));
        }

        return value;
    }
}

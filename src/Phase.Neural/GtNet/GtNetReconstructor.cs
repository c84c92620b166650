using Phase.GradientTheorem;

namespace Phase.Neural.GtNet;

/// <summary>
/// <c>gtnet</c>: phase from the phase-derivative network's time and frequency derivatives by online least-squares
/// integration (<see cref="LeastSquaresIntegration"/>: heap prediction plus a tridiagonal least-squares correction per
/// frame, <c>O(K)</c>). Streaming with 0 or 1 frame of look-ahead (default 1); offline runs the streaming algorithm over
/// the whole spectrogram.
/// </summary>
/// <remarks>
/// <para><b>Latency</b> <c>N − H + L·H</c> samples (the STFT's plus <c>L</c> hops). <b>Cost per frame</b>: the network
/// (<see cref="GtNetModel.MultiplyAccumulatesPerFrame"/>) plus the integration (about <c>20·K</c> flops and one
/// tridiagonal solve).</para>
/// <para>Immutable and thread-safe; every streaming instance and every offline call has its own state.</para>
/// </remarks>
public sealed class GtNetReconstructor : IPhaseReconstructor
{
    /// <summary>The default least-squares weight exponent for the network's derivatives, 4 (chosen on the validation
    /// split: docs/neural.md; the analytic derivatives' default is 6).</summary>
    public const double DefaultWeightExponent = 4;

    private readonly GtNetModel? _model;
    private readonly double _weightExponent = DefaultWeightExponent;
    private readonly double _frequencyWeight = 1;
    private readonly double _tolerance = LeastSquaresIntegration.DefaultTolerance;

    /// <summary>Creates gtnet with the shipped model for the look-ahead (default 1 frame) and the managed backend, or
    /// with the model set in <see cref="Model"/>.</summary>
    /// <param name="settings">STFT settings of the magnitudes; must match the model: 22050 Hz, Hann 1024, FFT 1024,
    /// hop 256 for the shipped models, the model's own metadata for a model set in <see cref="Model"/> (for example a
    /// 16 kHz model: <c>new GtNetReconstructor(settings16k) { Model = GtNetModel.Load(path) }</c>). The shipped model is
    /// checked when it is first used (<see cref="CreateEstimator"/>, <see cref="CreateStreaming"/>,
    /// <see cref="Reconstruct"/>), never before a model of the caller's is applied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public GtNetReconstructor(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    /// <inheritdoc/>
    public string Name => "gtnet";

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <summary>The network; by default the shipped model for <see cref="LookaheadFrames"/>. Setting a model also sets
    /// the look-ahead (the model's).</summary>
    /// <exception cref="ArgumentException">The model was trained for other STFT settings.</exception>
    public GtNetModel Model
    {
        get => _model ?? GtNetModel.Shipped(LookaheadFrames);
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            value.ThrowIfIncompatible(Settings, nameof(Model));
            _model = value;
        }
    }

    /// <summary>Look-ahead frames <c>L</c>: 0 (causal) or 1 (default). Ignored when <see cref="Model"/> is set (the model's own).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not 0 or 1.</exception>
    public int LookaheadFrames
    {
        get => _model?.LookaheadFrames ?? field;
        init => field = value is 0 or 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(LookaheadFrames), value, "gtnet takes look-ahead 0 (causal) or 1 frame.");
    } = 1;

    /// <summary>Which engine runs the network (default <see cref="NeuralBackend.Managed"/>).</summary>
    public NeuralBackend Backend { get; init; } = NeuralBackend.Managed;

    /// <summary>ONNX Runtime options (execution provider, device, fallback) when <see cref="Backend"/> is
    /// <see cref="NeuralBackend.OnnxRuntime"/>; null for the CPU provider with one thread.</summary>
    public OnnxRuntime.OnnxRuntimeOptions? OnnxRuntimeOptions { get; init; }

    /// <summary>The least-squares weight exponent <c>p</c> (see <see cref="LeastSquaresIntegration.WeightExponent"/>; default <see cref="DefaultWeightExponent"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0 … 16.</exception>
    public double WeightExponent
    {
        get => _weightExponent;
        init => _weightExponent = value is >= 0 and <= 16 ? value : throw new ArgumentOutOfRangeException(nameof(WeightExponent), value, "The weight exponent must be between 0 and 16.");
    }

    /// <summary>Scale of the frequency-direction weights (see <see cref="LeastSquaresIntegration.FrequencyWeight"/>; default 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 10⁻³ … 10³.</exception>
    public double FrequencyWeight
    {
        get => _frequencyWeight;
        init => _frequencyWeight = value is >= 1e-3 and <= 1e3 ? value : throw new ArgumentOutOfRangeException(nameof(FrequencyWeight), value, "The frequency weight must be between 1e-3 and 1e3.");
    }

    /// <summary>Relative tolerance of the prediction step (see <see cref="LeastSquaresIntegration.Tolerance"/>; default 10⁻⁵).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0 … 1.</exception>
    public double Tolerance
    {
        get => _tolerance;
        init => _tolerance = value is >= 0 and < 1 ? value : throw new ArgumentOutOfRangeException(nameof(Tolerance), value, "The tolerance must be in [0, 1).");
    }

    /// <summary>A copy of these settings with another model (its look-ahead replaces <see cref="LookaheadFrames"/>).</summary>
    /// <param name="model">The network.</param>
    /// <returns>The new settings.</returns>
    /// <exception cref="ArgumentException">The model was trained for other STFT settings.</exception>
    public GtNetReconstructor WithModel(GtNetModel model) => new(Settings)
    {
        Model = model,
        Backend = Backend,
        OnnxRuntimeOptions = OnnxRuntimeOptions,
        WeightExponent = WeightExponent,
        FrequencyWeight = FrequencyWeight,
        Tolerance = Tolerance,
    };

    /// <summary>Algorithmic latency in samples, <see cref="StftSettings.StreamingLatency"/> <c>+ L·H</c>.</summary>
    public int Latency => Settings.StreamingLatency + (LookaheadFrames * Settings.Hop);

    /// <summary>Throws unless <see cref="Model"/> (the shipped model when none was set) can run on <see cref="Settings"/>.</summary>
    /// <exception cref="ArgumentException">The settings differ from the model's (the message names each difference and,
    /// for the shipped model, how to use a model trained for these settings).</exception>
    public void ThrowIfIncompatible()
    {
        if (_model is not null)
        {
            return; // checked when it was set
        }

        try
        {
            GtNetModel.Shipped(LookaheadFrames).ThrowIfIncompatible(Settings, "settings");
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(NeuralMethods.WithoutParamSuffix(e).TrimEnd('.') + ". For other settings, use a gtnet model trained for them: " +
                "Model = GtNetModel.Load(path) (CLI: --param model=PATH).", "settings", e);
        }
    }

    /// <summary>The derivative estimator for the chosen backend (the model itself for the managed backend).</summary>
    /// <returns>An estimator whose sources run the network.</returns>
    /// <exception cref="ArgumentException">The settings differ from the model's (see <see cref="ThrowIfIncompatible"/>).</exception>
    public IPhaseGradientEstimator CreateEstimator()
    {
        ThrowIfIncompatible();
        GtNetModel model = Model;
        if (Backend == NeuralBackend.Managed)
        {
            return model;
        }

        return new Backends.OnnxRuntimeGtNetEstimator(model, OnnxRuntimeOptions);
    }

    /// <summary>The least-squares integration that runs this configuration.</summary>
    /// <returns>The integration settings with this network as gradient source.</returns>
    public LeastSquaresIntegration CreateIntegration() => new(Settings)
    {
        Gradients = CreateEstimator(),
        WeightExponent = WeightExponent,
        FrequencyWeight = FrequencyWeight,
        Tolerance = Tolerance,
    };

    /// <summary>Creates a streaming reconstructor (one per stream; dispose it). <c>ProcessFrame</c> allocates nothing.</summary>
    /// <returns>The streaming reconstructor.</returns>
    public IStreamingPhaseReconstructor CreateStreaming() => new GtNetStreamingReconstructor(CreateIntegration().CreateStreaming(), Name);

    /// <summary>Runs the streaming algorithm over the whole spectrogram.</summary>
    /// <param name="magnitudes">Target magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <param name="options">Output length, spectrogram request, progress and cancellation; the method is deterministic.</param>
    /// <returns>The waveform.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match, a magnitude is invalid, or the settings differ
    /// from the model's.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null) =>
        CreateIntegration().Reconstruct(magnitudes, options);
}

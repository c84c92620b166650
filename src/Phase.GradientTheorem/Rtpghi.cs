using Phase.Stft;

namespace Phase.GradientTheorem;

/// <summary>
/// Real-time phase-gradient heap integration (RTPGHI; Průša and Søndergaard, DAFx 2016) settings: where the phase
/// derivatives come from (<see cref="Gradients"/>, by default the analytic estimator with one frame of look-ahead) and
/// the relative tolerance. Runs streaming (<see cref="CreateStreaming"/>, one frame in, one hop out) or offline
/// (<see cref="Reconstruct"/>, the streaming algorithm over the whole spectrogram).
/// </summary>
/// <remarks>Immutable and thread-safe; each streaming instance and each offline call has its own state. Algorithm and
/// timing: <see cref="RtpghiStreamingReconstructor"/> and docs/algorithms/rtpghi.md.</remarks>
public sealed class Rtpghi : IPhaseReconstructor
{
    /// <summary>The default relative tolerance, 10⁻⁵: bins more than 100 dB below the louder of the two frames get random phase.</summary>
    public const double DefaultTolerance = 1e-5;

    private readonly IPhaseGradientEstimator _gradients = AnalyticPhaseGradients.Centered;
    private readonly double _tolerance = DefaultTolerance;

    /// <summary>Creates RTPGHI with the defaults (analytic derivatives with one frame of look-ahead, tolerance 10⁻⁵).</summary>
    /// <param name="settings">The STFT settings the magnitudes were computed with.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public Rtpghi(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    /// <inheritdoc/>
    public string Name => "rtpghi";

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <summary>Where the phase derivatives come from: <see cref="AnalyticPhaseGradients.Centered"/> (default, one frame of
    /// look-ahead), <see cref="AnalyticPhaseGradients.Causal"/> (none), or any <see cref="IPhaseGradientEstimator"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public IPhaseGradientEstimator Gradients
    {
        get => _gradients;
        init => _gradients = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Relative tolerance, 0 ≤ tol &lt; 1 (default 10⁻⁵): bins at or below <c>tol·max(s_{n−1}, s_n)</c> are not
    /// integrated and get a seeded random phase.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range.</exception>
    public double Tolerance
    {
        get => _tolerance;
        init => _tolerance = GradientThrowHelper.ValidateTolerance(value, nameof(Tolerance));
    }

    /// <summary>Look-ahead frames <c>L</c>, the gradient estimator's (1 by default).</summary>
    public int LookaheadFrames => Gradients.LookaheadFrames;

    /// <summary>Algorithmic latency in samples: <see cref="StftSettings.StreamingLatency"/> <c>+ L·H</c>.</summary>
    public int Latency => Settings.StreamingLatency + (LookaheadFrames * Settings.Hop);

    /// <summary>Creates a streaming reconstructor with these settings (one per stream).</summary>
    /// <param name="seed">Seed of the random phases of bins below the tolerance.</param>
    /// <returns>A new streaming RTPGHI; dispose it.</returns>
    public RtpghiStreamingReconstructor CreateStreaming(int seed = 0) => new(Settings, Gradients, Tolerance, seed);

    /// <summary>Runs the streaming algorithm over the whole spectrogram (<see cref="StreamingReconstruction"/>): the output
    /// equals feeding the frames to <see cref="CreateStreaming"/> and flushing, aligned to the timeline.</summary>
    /// <param name="magnitudes">Target magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <param name="options">Seed (random phases below the tolerance), output length, spectrogram request (the STFT of the
    /// result), progress (unit "frame") and cancellation (every 64 frames).</param>
    /// <returns>The waveform of the requested length.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a magnitude is invalid.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    public PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null)
    {
        GradientThrowHelper.ThrowIfInvalidMagnitudes(magnitudes, Settings, nameof(magnitudes));
        using RtpghiStreamingReconstructor streaming = CreateStreaming(options?.Seed ?? 0);
        return StreamingReconstruction.Reconstruct(streaming, magnitudes!, options);
    }
}

using System.Globalization;

namespace Phase.Iterative;

/// <summary>
/// The Griffin-Lim algorithm (GLA; Griffin and Lim, IEEE TASSP 1984): alternate projections
/// <c>t_{n+1} = P_C(P_S(t_n))</c> between spectrograms with the target magnitude and consistent spectrograms. The
/// spectral convergence it reports never increases (Griffin and Lim's theorem; the projection here is exact, see
/// <see cref="GriffinLimPlan"/>). Equal, bit for bit, to <see cref="FastGriffinLim"/> with <c>α = 0</c>; prefer FGLA,
/// which reaches the same quality in about a third of the iterations.
/// </summary>
/// <remarks>
/// <para>An immutable, validated settings object (thread-safe). Each reconstruction creates and disposes a
/// <see cref="GriffinLimPlan"/>; <see cref="CreatePlan"/> keeps one for reuse and resumes. A GLA plan stores one
/// spectrogram of state (FGLA two); if an observer sets α ≠ 0 the plan switches to FGLA with the accelerator at rest.
/// Maths, defaults, measured quality and speed: docs/algorithms/gla.md.</para>
/// </remarks>
public sealed class GriffinLim : IPhaseReconstructor
{
    /// <summary>The default number of iterations, 100.</summary>
    public const int DefaultIterations = 100;

    private readonly int _iterations = DefaultIterations;
    private readonly double _targetScDb = double.NegativeInfinity;
    private readonly PhaseInitialization _initialization = PhaseInitialization.Spsi;

    /// <summary>Creates GLA for the given STFT settings with the defaults (100 iterations, SPSI initial phase).</summary>
    /// <param name="settings">The STFT settings the magnitudes were computed with.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public GriffinLim(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    /// <inheritdoc/>
    public string Name => "gla";

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <summary>Maximum number of iterations, ≥ 0 (default 100). With 0 the result is the initial estimate's signal.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int Iterations
    {
        get => _iterations;
        init => _iterations = ValidateIterations(value, nameof(Iterations));
    }

    /// <summary>Stop once the spectral convergence is at or below this many dB (default −∞: never stop early).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN.</exception>
    public double TargetSpectralConvergenceDb
    {
        get => _targetScDb;
        init => _targetScDb = ValidateTarget(value, nameof(TargetSpectralConvergenceDb));
    }

    /// <summary>The initial phase (default <see cref="PhaseInitialization.Spsi"/>: single-pass inversion's phase, which
    /// costs about one iteration and gains 3–6 dB of spectral convergence at 32–100 iterations over a random start on
    /// speech; <see cref="PhaseInitialization.Random"/> is seeded by <see cref="ReconstructionOptions.Seed"/>).</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public PhaseInitialization Initialization
    {
        get => _initialization;
        init => _initialization = value ?? throw new ArgumentNullException(nameof(Initialization));
    }

    /// <summary>Creates the stateful worker (α = 0, one spectrogram of state).</summary>
    /// <returns>A new plan; dispose it.</returns>
    public GriffinLimPlan CreatePlan() => new(Settings, 0, accelerated: false);

    /// <summary>Reconstructs a waveform from magnitudes, starting from <see cref="Initialization"/>.</summary>
    /// <param name="magnitudes">Target magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <param name="options">Seed, output length, spectrogram request, progress (per iteration), observer, cancellation.</param>
    /// <returns>The waveform of the requested length, the iterations run, the final spectral convergence and, on
    /// request, the final consistent spectrogram (the STFT of the waveform; starting from it resumes exactly).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match, or a magnitude is NaN, infinite or negative.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The requested length is out of range.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    public PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null) =>
        Reconstruct(magnitudes, Initialization, options);

    /// <summary>Reconstructs a waveform starting from the given initial phase or spectrogram.</summary>
    /// <param name="magnitudes">Target magnitudes.</param>
    /// <param name="initialization">The initial phase.</param>
    /// <param name="options">Run options; null for the defaults.</param>
    /// <returns>The reconstruction.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">Invalid magnitudes, or an initial phase or spectrogram of the wrong shape or not finite.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    public PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, PhaseInitialization initialization, ReconstructionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(initialization);
        using GriffinLimPlan plan = CreatePlan();
        return GriffinLimRunner.Run(plan, magnitudes, initialization, options ?? ReconstructionOptions.Default, Iterations, TargetSpectralConvergenceDb);
    }

    /// <summary>Reconstructs many spectrograms in parallel, one plan per worker; item <c>i</c>'s result equals the single
    /// reconstruction with the same options whatever the degree of parallelism (see <see cref="FastGriffinLim.ReconstructBatch"/>).</summary>
    /// <param name="items">The spectrograms.</param>
    /// <param name="options">Options applied to every item; progress counts finished items.</param>
    /// <param name="maxDegreeOfParallelism">Workers; −1 (default) for one per core.</param>
    /// <returns>One result per item, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or an item is null.</exception>
    /// <exception cref="ArgumentException">An item is invalid.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    public PhaseReconstruction[] ReconstructBatch(IReadOnlyList<MagnitudeSpectrogram> items, ReconstructionOptions? options = null, int maxDegreeOfParallelism = -1) =>
        GriffinLimRunner.RunBatch(CreatePlan, Settings, items, Initialization, options, Iterations, TargetSpectralConvergenceDb, maxDegreeOfParallelism);

    /// <summary>Reconstructs the channels of a recording in parallel and interleaves them (see
    /// <see cref="FastGriffinLim.ReconstructInterleaved"/>).</summary>
    /// <param name="channels">One magnitude spectrogram per channel, all with the same frame count.</param>
    /// <param name="options">Run options; null for the defaults.</param>
    /// <param name="maxDegreeOfParallelism">Workers; −1 (default) for one per core.</param>
    /// <returns>The interleaved waveform.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="channels"/> or a channel is null.</exception>
    /// <exception cref="ArgumentException">No channels, or channels with different frame counts.</exception>
    public float[] ReconstructInterleaved(IReadOnlyList<MagnitudeSpectrogram> channels, ReconstructionOptions? options = null, int maxDegreeOfParallelism = -1)
    {
        ValidateChannels(channels);
        return GriffinLimRunner.Interleave(ReconstructBatch(channels, options, maxDegreeOfParallelism));
    }

    internal static int ValidateIterations(int value, string paramName)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"The number of iterations must be at least 0; got {value}.");
        }

        return value;
    }

    internal static double ValidateTarget(double value, string paramName)
    {
        if (double.IsNaN(value))
        {
            throw new ArgumentOutOfRangeException(paramName, value, "The target spectral convergence must be a number of dB (use −∞ for none).");
        }

        return value;
    }

    internal static void ValidateChannels(IReadOnlyList<MagnitudeSpectrogram> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0)
        {
            throw new ArgumentException("At least one channel is needed.", nameof(channels));
        }

        int frames = (channels[0] ?? throw new ArgumentNullException(nameof(channels), "Channel 0 is null.")).FrameCount;
        for (int c = 1; c < channels.Count; c++)
        {
            MagnitudeSpectrogram channel = channels[c] ?? throw new ArgumentNullException(nameof(channels), $"Channel {c} is null.");
            if (channel.FrameCount != frames)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"All channels need the same frame count; channel 0 has {frames} and channel {c} has {channel.FrameCount}."), nameof(channels));
            }
        }
    }
}

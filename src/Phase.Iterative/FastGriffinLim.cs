using System.Globalization;

namespace Phase.Iterative;

/// <summary>
/// Fast Griffin-Lim (FGLA; Perraudin, Balazs and Søndergaard, WASPAA 2013): Griffin-Lim with an inertial step,
/// <c>t_{n+1} = P_C(P_S(c_n))</c>, <c>c_n = t_n + α·(t_n − t_{n−1})</c>. With the usual <c>α = 0.99</c> it reaches in 30
/// iterations what Griffin-Lim reaches in 100, and goes much further with more. <c>α = 0</c> is Griffin-Lim exactly,
/// bit for bit.
/// </summary>
/// <remarks>
/// <para>An immutable, validated settings object: thread-safe, one instance may serve many threads. Each
/// <see cref="Reconstruct(MagnitudeSpectrogram, ReconstructionOptions?)"/> creates a <see cref="GriffinLimPlan"/> (the
/// stateful worker that owns all scratch), runs it and disposes it; use <see cref="CreatePlan"/> to keep a plan across
/// many spectrograms, to resume, or to inspect the state between iterations.</para>
/// <para>Stops after <see cref="Iterations"/> iterations, when the spectral convergence reaches
/// <see cref="TargetSpectralConvergenceDb"/>, or when the options' observer asks to; the observer sees the iteration
/// number and the spectral convergence after each iteration and may change α. The spectral convergence is measured on
/// the consistent spectrogram each iteration computes anyway (no extra transform). Maths, defaults and measured
/// quality and speed: docs/algorithms/fgla.md.</para>
/// </remarks>
public sealed class FastGriffinLim : IPhaseReconstructor
{
    /// <summary>The default acceleration, 0.99 (Perraudin et al.).</summary>
    public const double DefaultAlpha = 0.99;

    /// <summary>The default number of iterations, 100.</summary>
    public const int DefaultIterations = 100;

    private readonly int _iterations = DefaultIterations;
    private readonly double _alpha = DefaultAlpha;
    private readonly double _targetScDb = double.NegativeInfinity;
    private readonly PhaseInitialization _initialization = PhaseInitialization.Spsi;

    /// <summary>Creates FGLA for the given STFT settings with the defaults (100 iterations, α = 0.99, SPSI initial phase).</summary>
    /// <param name="settings">The STFT settings the magnitudes were computed with.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public FastGriffinLim(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    /// <inheritdoc/>
    public string Name => "fgla";

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <summary>Maximum number of iterations, ≥ 0 (default 100). With 0 the result is the initial estimate's signal.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int Iterations
    {
        get => _iterations;
        init => _iterations = GriffinLim.ValidateIterations(value, nameof(Iterations));
    }

    /// <summary>The acceleration α in <c>[0, 2)</c> (default 0.99). 0 is Griffin-Lim; Perraudin et al. report convergence
    /// for α &lt; 1 and the best speed close to 1; larger values are accepted for experiments and usually diverge.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside <c>[0, 2)</c>.</exception>
    public double Alpha
    {
        get => _alpha;
        init
        {
            if (!(value >= 0 && value < 2))
            {
                throw new ArgumentOutOfRangeException(nameof(Alpha), value, string.Create(CultureInfo.InvariantCulture,
                    $"The acceleration α must be in [0, 2) (0 is Griffin-Lim, 0.99 the usual FGLA value); got {value}."));
            }

            _alpha = value;
        }
    }

    /// <summary>Stop once the spectral convergence is at or below this many dB (default −∞: never stop early).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN.</exception>
    public double TargetSpectralConvergenceDb
    {
        get => _targetScDb;
        init => _targetScDb = GriffinLim.ValidateTarget(value, nameof(TargetSpectralConvergenceDb));
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

    /// <summary>Creates the stateful worker: <c>plan.Start(magnitudes, init, options)</c>, then <c>plan.Iterate(n)</c> as
    /// often as wanted. The plan starts with this instance's α and keeps FGLA's previous spectrogram.</summary>
    /// <returns>A new plan; dispose it.</returns>
    public GriffinLimPlan CreatePlan() => new(Settings, Alpha, accelerated: true);

    /// <summary>Reconstructs a waveform from magnitudes, starting from <see cref="Initialization"/>.</summary>
    /// <param name="magnitudes">Target magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <param name="options">Seed, output length, spectrogram request, progress (per iteration), observer, cancellation.</param>
    /// <returns>The waveform of the requested length, the iterations run, the final spectral convergence and, on
    /// request, the final consistent spectrogram <c>t_n</c> (the STFT of the waveform).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match, or a magnitude is NaN, infinite or negative.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The requested length is out of range, or the observer set α outside <c>[0, 2)</c>.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    public PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null) =>
        Reconstruct(magnitudes, Initialization, options);

    /// <summary>Reconstructs a waveform starting from the given initial phase or spectrogram (warm start, resume, or
    /// another method's phase).</summary>
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

    /// <summary>Reconstructs many spectrograms (utterances, or the channels of one recording) in parallel, one plan per
    /// worker. Item <c>i</c>'s result is exactly what <see cref="Reconstruct(MagnitudeSpectrogram, ReconstructionOptions?)"/>
    /// gives for it with the same options, whatever the degree of parallelism.</summary>
    /// <param name="items">The spectrograms; frame counts may differ.</param>
    /// <param name="options">Options applied to every item (same seed); progress counts finished items (unit
    /// "utterance"); the observer, if any, is called from the worker threads (one <see cref="IterationState"/> per worker).</param>
    /// <param name="maxDegreeOfParallelism">Workers; −1 (default) for one per core.</param>
    /// <returns>One result per item, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or an item is null.</exception>
    /// <exception cref="ArgumentException">An item is invalid (the message names it).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDegreeOfParallelism"/> is 0 or below −1.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    public PhaseReconstruction[] ReconstructBatch(IReadOnlyList<MagnitudeSpectrogram> items, ReconstructionOptions? options = null, int maxDegreeOfParallelism = -1) =>
        GriffinLimRunner.RunBatch(CreatePlan, Settings, items, Initialization, options, Iterations, TargetSpectralConvergenceDb, maxDegreeOfParallelism);

    /// <summary>Reconstructs the channels of a multi-channel recording in parallel and interleaves them
    /// (<c>result[i·C + c]</c> is sample <c>i</c> of channel <c>c</c>). Every channel uses the same seed, so identical
    /// channels stay identical.</summary>
    /// <param name="channels">One magnitude spectrogram per channel, all with the same frame count.</param>
    /// <param name="options">Run options; null for the defaults.</param>
    /// <param name="maxDegreeOfParallelism">Workers; −1 (default) for one per core.</param>
    /// <returns>The interleaved waveform.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="channels"/> or a channel is null.</exception>
    /// <exception cref="ArgumentException">No channels, channels with different frame counts, or an invalid channel.</exception>
    public float[] ReconstructInterleaved(IReadOnlyList<MagnitudeSpectrogram> channels, ReconstructionOptions? options = null, int maxDegreeOfParallelism = -1)
    {
        GriffinLim.ValidateChannels(channels);
        return GriffinLimRunner.Interleave(ReconstructBatch(channels, options, maxDegreeOfParallelism));
    }
}

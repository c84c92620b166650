using System.Globalization;

namespace Phase.Iterative;

/// <summary>
/// The initial phase of an iterative reconstruction (GLA, FGLA): seeded random, zero, SPSI, another reconstructor's
/// phase, or a caller-supplied phase or complex spectrogram (warm start and resume).
/// </summary>
/// <remarks>
/// <para>The iterations start from <c>c₀ = S·e^{iφ₀}</c> for the phase kinds, and from the given spectrogram as it is for
/// <see cref="FromSpectrogram"/> (only its phase matters to the first magnitude projection, but keeping it unchanged makes
/// a resumed Griffin-Lim run equal to an uninterrupted one bit for bit).</para>
/// <para><b>Resuming FGLA.</b> FGLA's state after iteration <c>n</c> is the pair <c>(t_n, t_{n−1})</c> of consistent
/// spectrograms; its next step starts from <c>c_n = t_n + α(t_n − t_{n−1})</c>. <see cref="FromSpectrogram"/> with only the
/// current spectrogram restarts the accelerator (<c>t_{n−1} = t_n</c>, so the first resumed step is a plain Griffin-Lim
/// step); pass the previous spectrogram too (<see cref="GriffinLimPlan.GetPreviousSpectrogram"/>) to continue exactly.
/// For GLA the current spectrogram is the whole state.</para>
/// <para>Instances are immutable and thread-safe; the arrays given to the factories are not copied, so do not change them
/// while a reconstruction uses them.</para>
/// </remarks>
public sealed class PhaseInitialization
{
    private readonly float[]? _phase;

    private PhaseInitialization(PhaseInitializationKind kind, float[]? phase = null, ComplexSpectrogram? spectrogram = null,
        ComplexSpectrogram? previous = null, IPhaseReconstructor? reconstructor = null)
    {
        Kind = kind;
        _phase = phase;
        Spectrogram = spectrogram;
        PreviousSpectrogram = previous;
        Reconstructor = reconstructor;
    }

    /// <summary>Seeded uniform random phase: the seed is the run's <see cref="ReconstructionOptions.Seed"/>.</summary>
    public static PhaseInitialization Random { get; } = new(PhaseInitializationKind.Random);

    /// <summary>Zero phase.</summary>
    public static PhaseInitialization Zero { get; } = new(PhaseInitializationKind.Zero);

    /// <summary>Single-pass spectrogram inversion's phase (<see cref="Iterative.Spsi"/>), the default of GLA and FGLA: cheap
    /// (about one iteration's time) and much better than random on speech.</summary>
    public static PhaseInitialization Spsi { get; } = new(PhaseInitializationKind.Spsi);

    /// <summary>What the phase comes from.</summary>
    public PhaseInitializationKind Kind { get; }

    /// <summary>The caller's phase (<see cref="PhaseInitializationKind.Phase"/>), frame-major <c>F·K</c> radians; otherwise empty.</summary>
    public ReadOnlySpan<float> Phase => _phase;

    /// <summary>The caller's spectrogram (<see cref="PhaseInitializationKind.Spectrogram"/>), otherwise null.</summary>
    public ComplexSpectrogram? Spectrogram { get; }

    /// <summary>FGLA's previous consistent spectrogram <c>t_{n−1}</c> for an exact resume, or null.</summary>
    public ComplexSpectrogram? PreviousSpectrogram { get; }

    /// <summary>The reconstructor whose phase starts the iterations (<see cref="PhaseInitializationKind.Reconstructor"/>), otherwise null.</summary>
    public IPhaseReconstructor? Reconstructor { get; }

    /// <summary>Starts from the phase of the spectrogram <paramref name="reconstructor"/> returns for the same magnitudes
    /// (called with <see cref="ReconstructionOptions.ReturnSpectrogram"/> set and the run's seed, length and cancellation).</summary>
    /// <param name="reconstructor">Any offline reconstructor with the same STFT settings (for example PGHI or SPSI).</param>
    /// <returns>The initialisation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reconstructor"/> is null.</exception>
    public static PhaseInitialization From(IPhaseReconstructor reconstructor)
    {
        ArgumentNullException.ThrowIfNull(reconstructor);
        return new(PhaseInitializationKind.Reconstructor, reconstructor: reconstructor);
    }

    /// <summary>Starts from a given phase: <c>c₀[n, k] = S[n, k]·e^{iφ[n, k]}</c>.</summary>
    /// <param name="phase">Frame-major phases in radians, <c>F·K</c> finite values (checked when the run starts).</param>
    /// <returns>The initialisation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="phase"/> is null.</exception>
    public static PhaseInitialization FromPhase(float[] phase)
    {
        ArgumentNullException.ThrowIfNull(phase);
        return new(PhaseInitializationKind.Phase, phase: phase);
    }

    /// <summary>Warm start or resume from a complex spectrogram (for example a previous run's
    /// <see cref="PhaseReconstruction.Spectrogram"/>), and for FGLA optionally the previous one for an exact resume.</summary>
    /// <param name="spectrogram">The spectrogram, <c>F × K</c>, finite (checked when the run starts).</param>
    /// <param name="previous">FGLA's <c>t_{n−1}</c>, same shape, or null to restart the accelerator.</param>
    /// <returns>The initialisation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spectrogram"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="previous"/> has a different shape.</exception>
    public static PhaseInitialization FromSpectrogram(ComplexSpectrogram spectrogram, ComplexSpectrogram? previous = null)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        if (previous is not null && (previous.FrameCount != spectrogram.FrameCount || previous.BinCount != spectrogram.BinCount))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The previous spectrogram is {previous.FrameCount} × {previous.BinCount} but the current one is {spectrogram.FrameCount} × {spectrogram.BinCount}."), nameof(previous));
        }

        return new(PhaseInitializationKind.Spectrogram, spectrogram: spectrogram, previous: previous);
    }

    /// <summary>Parses a name used by configuration files and the CLI: <c>random</c>, <c>zero</c> or <c>spsi</c>
    /// (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <param name="initialization">The initialisation, when the name is one of those.</param>
    /// <returns>Whether the name was recognised.</returns>
    public static bool TryParse(string? name, out PhaseInitialization initialization)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "RANDOM":
                initialization = Random;
                return true;
            case "ZERO":
                initialization = Zero;
                return true;
            case "SPSI":
                initialization = Spsi;
                return true;
            default:
                initialization = Random;
                return false;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        PhaseInitializationKind.Reconstructor => $"Reconstructor ({Reconstructor!.Name})",
        _ => Kind.ToString(),
    };
}

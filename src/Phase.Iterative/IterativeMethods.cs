using System.Globalization;

namespace Phase.Iterative;

/// <summary>
/// The iterative methods by name, for <see cref="ReconstructorRegistry"/> (configuration files, the CLI):
/// <c>gla</c>, <c>fgla</c>, <c>rtisila</c> and <c>spsi</c>, with their parameters and latencies.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>name</term><description>parameters (defaults); latency</description></listheader>
/// <item><term><c>gla</c></term><description><c>iterations</c> (100), <c>target-sc</c> (none), <c>init</c> (spsi); offline.</description></item>
/// <item><term><c>fgla</c></term><description><c>iterations</c> (100), <c>alpha</c> (0.99), <c>target-sc</c>, <c>init</c> (spsi); offline.</description></item>
/// <item><term><c>rtisila</c></term><description><c>lookahead</c> (3), <c>iterations</c> per frame (8), <c>alpha</c> (momentum, 0.7; 0 is the paper's algorithm); <c>N − H + L·H</c>.</description></item>
/// <item><term><c>spsi</c></term><description>none; <c>N − H</c>.</description></item>
/// </list>
/// <para><c>init</c> accepts <c>random</c> (seeded by <see cref="ReconstructionOptions.Seed"/>), <c>zero</c> and <c>spsi</c>;
/// <see cref="CreateDescriptors"/> can resolve further names to any reconstructor (the umbrella registry resolves every
/// registered method, so <c>init=pghi</c> works once PGHI is registered). (N − H stands for
/// <see cref="StftSettings.StreamingLatency"/>.)</para>
/// </remarks>
public static class IterativeMethods
{
    /// <summary>The four descriptors with <c>init</c> limited to <c>random</c>, <c>zero</c> and <c>spsi</c>.</summary>
    public static IReadOnlyList<ReconstructorDescriptor> Descriptors { get; } = CreateDescriptors(null);

    /// <summary>Creates the four descriptors; <paramref name="initializers"/> resolves <c>init</c> names other than
    /// <c>random</c>, <c>zero</c> and <c>spsi</c> to an initialising reconstructor (return null for unknown names, or throw
    /// an <see cref="ArgumentException"/> that lists the known ones).</summary>
    /// <param name="initializers">Maps an <c>init</c> name and the STFT settings to a reconstructor, or null for none.</param>
    /// <returns>The descriptors of gla, fgla, rtisila and spsi, in that order.</returns>
    public static IReadOnlyList<ReconstructorDescriptor> CreateDescriptors(Func<string, StftSettings, IPhaseReconstructor?>? initializers)
    {
        return
        [
            new ReconstructorDescriptor(
                "gla",
                "Griffin-Lim: alternating projections, monotone but slow (offline)",
                ["iterations", "target-sc", "init"],
                latency: null,
                (settings, p) => new GriffinLim(settings)
                {
                    Iterations = p.Iterations ?? GriffinLim.DefaultIterations,
                    TargetSpectralConvergenceDb = p.TargetSpectralConvergenceDb ?? double.NegativeInfinity,
                    Initialization = ResolveInitialization(p.Initialization, settings, initializers),
                }),
            new ReconstructorDescriptor(
                "fgla",
                "Fast Griffin-Lim: Griffin-Lim with an inertial step (offline)",
                ["iterations", "alpha", "target-sc", "init"],
                latency: null,
                (settings, p) => new FastGriffinLim(settings)
                {
                    Iterations = p.Iterations ?? FastGriffinLim.DefaultIterations,
                    Alpha = p.Alpha ?? FastGriffinLim.DefaultAlpha,
                    TargetSpectralConvergenceDb = p.TargetSpectralConvergenceDb ?? double.NegativeInfinity,
                    Initialization = ResolveInitialization(p.Initialization, settings, initializers),
                }),
            new ReconstructorDescriptor(
                "rtisila",
                "RTISI-LA: real-time iterative inversion with look-ahead (streaming)",
                ["lookahead", "iterations", "alpha"],
                (settings, p) => CreateRtisiLa(settings, p).Latency,
                (settings, p) => CreateRtisiLa(settings, p),
                (settings, p) => CreateRtisiLa(settings, p).CreateStreaming()),
            new ReconstructorDescriptor(
                "spsi",
                "Single-pass spectrogram inversion: peak phase accumulation (streaming, no look-ahead)",
                [],
                (settings, _) => settings.StreamingLatency,
                (settings, _) => new Spsi(settings),
                (settings, _) => new SpsiStreamingReconstructor(settings)),
        ];
    }

    private static RtisiLa CreateRtisiLa(StftSettings settings, ReconstructorParameters p) => new(settings)
    {
        LookaheadFrames = p.Lookahead ?? RtisiLa.DefaultLookaheadFrames,
        IterationsPerFrame = p.Iterations ?? RtisiLa.DefaultIterationsPerFrame,
        Alpha = p.Alpha ?? RtisiLa.DefaultAlpha,
    };

    private static PhaseInitialization ResolveInitialization(string? name, StftSettings settings, Func<string, StftSettings, IPhaseReconstructor?>? initializers)
    {
        if (name is null)
        {
            return PhaseInitialization.Spsi;
        }

        if (PhaseInitialization.TryParse(name, out PhaseInitialization known))
        {
            return known;
        }

        IPhaseReconstructor? reconstructor = initializers?.Invoke(name.Trim(), settings);
        return reconstructor is not null
            ? PhaseInitialization.From(reconstructor)
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Unknown initialisation '{name}' (init); use random, zero or spsi{(initializers is null ? "" : ", or the name of a registered method (e.g. pghi)")}."), "parameters");
    }
}

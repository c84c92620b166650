namespace Phase;

/// <summary>
/// Every phase-reconstruction method in Phase, chosen by name — for configuration files and the CLI:
/// <c>PhaseReconstructors.Create("fgla", settings, new ReconstructorParameters { Iterations = 100 })</c>.
/// </summary>
/// <remarks>Thread-safe: the registry is built once and only read afterwards.</remarks>
public static class PhaseReconstructors
{
    /// <summary>All methods of the Phase packages, in the order the CLI lists them.</summary>
    public static ReconstructorRegistry Default { get; } = Build();

    /// <summary>The available methods.</summary>
    public static IReadOnlyList<ReconstructorDescriptor> Available => Default.Methods;

    /// <summary>Creates an offline reconstructor by name.</summary>
    /// <param name="name">Method name (case-insensitive), one of <see cref="Available"/>.</param>
    /// <param name="settings">STFT settings the magnitudes were computed with.</param>
    /// <param name="parameters">Method parameters; null for the method's defaults.</param>
    /// <returns>The reconstructor.</returns>
    /// <exception cref="ArgumentException">Unknown name (the message lists the available ones), or a parameter the method
    /// does not take or that is out of range.</exception>
    public static IPhaseReconstructor Create(string name, StftSettings settings, ReconstructorParameters? parameters = null) =>
        Default.Create(name, settings, parameters);

    /// <summary>Creates a streaming reconstructor by name.</summary>
    /// <param name="name">Method name (case-insensitive).</param>
    /// <param name="settings">STFT settings.</param>
    /// <param name="parameters">Method parameters; null for defaults.</param>
    /// <returns>The streaming reconstructor.</returns>
    /// <exception cref="ArgumentException">Unknown name or bad parameter.</exception>
    /// <exception cref="NotSupportedException">The method is offline only.</exception>
    public static IStreamingPhaseReconstructor CreateStreaming(string name, StftSettings settings, ReconstructorParameters? parameters = null) =>
        Default.CreateStreaming(name, settings, parameters);

    private static ReconstructorRegistry Build()
    {
        var registry = new ReconstructorRegistry();

        // Iterative methods resolve init names beyond random/zero/spsi through this registry (e.g. init=pghi once
        // registered); the initialiser is created with its own defaults when the method is created.
        registry.Add(Iterative.IterativeMethods.CreateDescriptors((name, settings) =>
            (registry.Methods.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException(
                    $"Unknown initialisation '{name}' (init); use random, zero, spsi or a registered method. Available: {string.Join(", ", registry.Methods.Select(m => m.Name))}.",
                    "parameters"))
            .Create(settings)));
        registry.Add(GradientTheorem.GradientTheoremMethods.Descriptors);
        registry.Add(Neural.NeuralMethods.Descriptors);
        return registry;
    }
}

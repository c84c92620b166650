namespace Phase;

/// <summary>
/// A set of phase-reconstruction methods chosen by name. Each algorithm package contributes its descriptors (for
/// example <c>IterativeMethods.Descriptors</c>); the <c>Phase</c> package's <c>PhaseReconstructors.Default</c> holds them all.
/// </summary>
/// <remarks>Thread-safe for reading once built; <see cref="Add"/> is not meant to race with lookups.</remarks>
public sealed class ReconstructorRegistry
{
    private readonly List<ReconstructorDescriptor> _methods = [];

    /// <summary>The registered methods in registration order.</summary>
    public IReadOnlyList<ReconstructorDescriptor> Methods => _methods;

    /// <summary>Adds methods.</summary>
    /// <param name="descriptors">Methods to add.</param>
    /// <returns>This registry.</returns>
    /// <exception cref="ArgumentException">A name is already registered.</exception>
    public ReconstructorRegistry Add(IEnumerable<ReconstructorDescriptor> descriptors)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        foreach (var d in descriptors)
        {
            if (_methods.Any(m => m.Name == d.Name))
            {
                throw new ArgumentException($"A method named '{d.Name}' is already registered.", nameof(descriptors));
            }

            _methods.Add(d);
        }

        return this;
    }

    /// <summary>Finds a method by name (case-insensitive).</summary>
    /// <param name="name">Method name.</param>
    /// <returns>The descriptor.</returns>
    /// <exception cref="ArgumentException">No method has that name; the message lists the available ones.</exception>
    public ReconstructorDescriptor Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var m in _methods)
        {
            if (string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return m;
            }
        }

        throw new ArgumentException($"Unknown method '{name}'. Available: {string.Join(", ", _methods.Select(m => m.Name))}.", nameof(name));
    }

    /// <summary>Creates an offline reconstructor by name.</summary>
    /// <param name="name">Method name.</param>
    /// <param name="settings">STFT settings.</param>
    /// <param name="parameters">Method parameters; null for defaults.</param>
    /// <returns>The reconstructor.</returns>
    /// <exception cref="ArgumentException">Unknown name, or a parameter the method does not take or that is out of range.</exception>
    public IPhaseReconstructor Create(string name, StftSettings settings, ReconstructorParameters? parameters = null) =>
        Get(name).Create(settings, parameters);

    /// <summary>Creates a streaming reconstructor by name.</summary>
    /// <param name="name">Method name.</param>
    /// <param name="settings">STFT settings.</param>
    /// <param name="parameters">Method parameters; null for defaults.</param>
    /// <returns>The streaming reconstructor.</returns>
    /// <exception cref="ArgumentException">Unknown name or bad parameter.</exception>
    /// <exception cref="NotSupportedException">The method is offline only.</exception>
    public IStreamingPhaseReconstructor CreateStreaming(string name, StftSettings settings, ReconstructorParameters? parameters = null) =>
        Get(name).CreateStreaming(settings, parameters);
}

namespace Phase;

/// <summary>
/// Describes one phase-reconstruction method for choosing it by name: what it is, which parameters it takes, its
/// latency, and how to create it.
/// </summary>
public sealed class ReconstructorDescriptor
{
    /// <summary>Creates a descriptor.</summary>
    /// <param name="name">Short lower-case name, e.g. <c>fgla</c>.</param>
    /// <param name="description">One line for listings.</param>
    /// <param name="parameters">Parameter names the method takes (see <see cref="ReconstructorParameters"/>).</param>
    /// <param name="latency">Algorithmic latency in samples for given settings and parameters; null for offline-only methods.</param>
    /// <param name="createOffline">Creates the offline reconstructor. Throws ArgumentException-family errors for bad parameters.</param>
    /// <param name="createStreaming">Creates the streaming reconstructor, or null if the method is offline only.</param>
    /// <exception cref="ArgumentException">The name is empty or not lower-case.</exception>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    public ReconstructorDescriptor(
        string name,
        string description,
        IReadOnlyList<string> parameters,
        Func<StftSettings, ReconstructorParameters, int>? latency,
        Func<StftSettings, ReconstructorParameters, IPhaseReconstructor> createOffline,
        Func<StftSettings, ReconstructorParameters, IStreamingPhaseReconstructor>? createStreaming = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(createOffline);
        if (!string.Equals(name, name.ToLowerInvariant(), StringComparison.Ordinal))
        {
            throw new ArgumentException($"Method names are lower-case; got '{name}'.", nameof(name));
        }

        if ((latency is null) != (createStreaming is null))
        {
            throw new ArgumentException("A streaming method states its latency; an offline-only method has none.", nameof(latency));
        }

        Name = name;
        Description = description;
        Parameters = parameters;
        _latency = latency;
        _createOffline = createOffline;
        _createStreaming = createStreaming;
    }

    private readonly Func<StftSettings, ReconstructorParameters, int>? _latency;
    private readonly Func<StftSettings, ReconstructorParameters, IPhaseReconstructor> _createOffline;
    private readonly Func<StftSettings, ReconstructorParameters, IStreamingPhaseReconstructor>? _createStreaming;

    /// <summary>Short lower-case name.</summary>
    public string Name { get; }

    /// <summary>One-line description.</summary>
    public string Description { get; }

    /// <summary>Names of the parameters the method takes.</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>Whether the method also runs frame by frame (<see cref="CreateStreaming"/>).</summary>
    public bool IsStreaming => _createStreaming is not null;

    /// <summary>Algorithmic latency in samples (streaming methods), or null for offline-only methods, which need the
    /// whole spectrogram.</summary>
    /// <param name="settings">STFT settings.</param>
    /// <param name="parameters">Method parameters (look-ahead changes the latency).</param>
    /// <returns>Latency in samples, or null.</returns>
    public int? Latency(StftSettings settings, ReconstructorParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return _latency?.Invoke(settings, parameters ?? ReconstructorParameters.Default);
    }

    /// <summary>Creates the offline reconstructor after checking that every given parameter is one the method takes.</summary>
    /// <param name="settings">STFT settings.</param>
    /// <param name="parameters">Method parameters; null for defaults.</param>
    /// <returns>The reconstructor.</returns>
    /// <exception cref="ArgumentException">A parameter is not taken by this method or is out of range.</exception>
    public IPhaseReconstructor Create(StftSettings settings, ReconstructorParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        parameters ??= ReconstructorParameters.Default;
        ThrowIfUnknownParameters(parameters);
        return _createOffline(settings, parameters);
    }

    /// <summary>Creates the streaming reconstructor after checking the parameters.</summary>
    /// <param name="settings">STFT settings.</param>
    /// <param name="parameters">Method parameters; null for defaults.</param>
    /// <returns>The streaming reconstructor.</returns>
    /// <exception cref="NotSupportedException">The method is offline only.</exception>
    /// <exception cref="ArgumentException">A parameter is not taken by this method or is out of range.</exception>
    public IStreamingPhaseReconstructor CreateStreaming(StftSettings settings, ReconstructorParameters? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (_createStreaming is null)
        {
            throw new NotSupportedException($"'{Name}' is an offline method: it needs the whole spectrogram and cannot run frame by frame.");
        }

        parameters ??= ReconstructorParameters.Default;
        ThrowIfUnknownParameters(parameters);
        return _createStreaming(settings, parameters);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Description}";

    private void ThrowIfUnknownParameters(ReconstructorParameters parameters)
    {
        foreach (string p in parameters.SetParameterNames())
        {
            if (!Parameters.Contains(p, StringComparer.Ordinal))
            {
                string takes = Parameters.Count == 0 ? "no parameters" : "only " + string.Join(", ", Parameters);
                throw new ArgumentException($"Method '{Name}' does not take the parameter '{p}'; it takes {takes}.", nameof(parameters));
            }
        }
    }
}

namespace Phase.Stft;

/// <summary>
/// An <see cref="IPhaseReconstructor"/> made from a streaming method: each <see cref="Reconstruct"/> call creates a
/// streaming reconstructor with the factory, runs it over the whole spectrogram with
/// <see cref="StreamingReconstruction.Reconstruct"/> and disposes it.
/// </summary>
/// <remarks>Thread-safe if the factory is: every call has its own streaming instance.</remarks>
public sealed class StreamingReconstructorAdapter : IPhaseReconstructor
{
    private readonly Func<IStreamingPhaseReconstructor> _factory;

    /// <summary>Creates the adapter.</summary>
    /// <param name="name">The offline method's short name (for example <c>"rtisila"</c>).</param>
    /// <param name="settings">The STFT settings; every instance the factory makes must use equal settings.</param>
    /// <param name="factory">Creates a fresh streaming reconstructor; called once per <see cref="Reconstruct"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    public StreamingReconstructorAdapter(string name, StftSettings settings, Func<IStreamingPhaseReconstructor> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(factory);
        Name = name;
        Settings = settings;
        _factory = factory;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The factory returned null or a reconstructor with different settings.</exception>
    public PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(magnitudes);
        magnitudes.ThrowIfInvalidFor(Settings, nameof(magnitudes));
        using IStreamingPhaseReconstructor streaming = _factory() ?? throw new InvalidOperationException($"The factory of '{Name}' returned null.");
        if (!Settings.Equals(streaming.Settings))
        {
            throw new InvalidOperationException($"The factory of '{Name}' made a reconstructor with settings ({streaming.Settings}) that differ from the adapter's ({Settings}).");
        }

        return StreamingReconstruction.Reconstruct(streaming, magnitudes, options);
    }
}

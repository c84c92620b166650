using Phase.Stft;

namespace Phase.Iterative;

/// <summary>
/// SPSI frame by frame (see <see cref="Spsi"/>): each magnitude frame gets SPSI's phase from the previous frame's and is
/// synthesised at once, so the only latency is the STFT's.
/// </summary>
/// <remarks>
/// <para><b>Timing</b> (<see cref="IStreamingPhaseReconstructor"/>): no look-ahead; <see cref="OutputDelay"/> = <c>⌊N/2⌋</c>
/// (output-stream sample <c>i</c> is timeline sample <c>i − ⌊N/2⌋</c>), <see cref="FlushLength"/> = <c>N − H</c>,
/// <see cref="Latency"/> = <see cref="StftSettings.StreamingLatency"/>. Run through <see cref="StreamingReconstruction"/>
/// it gives the same waveform as <see cref="Spsi.Reconstruct"/> to float rounding.</para>
/// <para><b>Real time.</b> <see cref="ProcessFrame"/>, <see cref="Flush"/> and <see cref="Reset"/> allocate nothing. Cost
/// per frame: <c>O(K)</c> for the phase, a sine/cosine per bin and one inverse FFT. Not thread-safe; one instance per stream.</para>
/// </remarks>
public sealed class SpsiStreamingReconstructor : IStreamingPhaseReconstructor
{
    private readonly SpsiCore _core;
    private readonly StreamingStftSynthesizer _synthesizer;
    private readonly float[] _real;
    private readonly float[] _imag;
    private bool _disposed;

    /// <summary>Creates a streaming SPSI.</summary>
    /// <param name="settings">The STFT settings the magnitudes are computed with.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public SpsiStreamingReconstructor(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _core = new SpsiCore(settings);
        _synthesizer = new StreamingStftSynthesizer(settings);
        _real = new float[settings.BinCount];
        _imag = new float[settings.BinCount];
    }

    /// <inheritdoc/>
    public string Name => "spsi";

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <inheritdoc/>
    public int LookaheadFrames => 0;

    /// <inheritdoc/>
    public int Latency => Settings.StreamingLatency;

    /// <inheritdoc/>
    public int OutputDelay => _synthesizer.OutputDelay;

    /// <inheritdoc/>
    public int FlushLength => _synthesizer.FlushLength;

    /// <inheritdoc/>
    public void ProcessFrame(ReadOnlySpan<float> magnitudes, Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _synthesizer.ThrowIfEnded();
        IterativeThrowHelper.ThrowIfLengthNot(magnitudes.Length, Settings.BinCount, nameof(magnitudes), "one STFT frame");
        IterativeThrowHelper.ThrowIfLengthNot(output.Length, Settings.Hop, nameof(output), "one hop");
        IterativeThrowHelper.ThrowIfInvalidMagnitudeFrame(magnitudes, nameof(magnitudes));
        _core.Next(magnitudes, _real, _imag);
        _synthesizer.Process(_real, _imag, output);
    }

    /// <inheritdoc/>
    public int Flush(Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _synthesizer.ThrowIfEnded();
        int written = _synthesizer.Flush(output);
        _core.Reset();
        return written;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _synthesizer.Reset();
        _core.Reset();
    }

    /// <inheritdoc/>
    public void Dispose() => _disposed = true;
}

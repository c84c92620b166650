namespace Phase.GradientTheorem;

/// <summary>
/// RTPGHI frame by frame (Průša and Søndergaard, DAFx 2016): each frame's phase is integrated from the previous
/// frame's along the widest paths of magnitude through the two columns, with the trapezoid rule on the phase
/// derivatives of an <see cref="IPhaseGradientSource"/>.
/// </summary>
/// <remarks>
/// <para><b>Algorithm.</b> Frame <c>n</c>'s derivatives <c>(d, v)</c> come from the source (by default
/// <see cref="AnalyticPhaseGradients"/>: centred with one frame of look-ahead, or causal). Bins above
/// <c>tol·max(s_{n−1}, s_n)</c> are integrated as the heap algorithm of the paper integrates them — the largest
/// magnitude first, from the previous frame by <c>φ[n,k] = φ[n−1,k] + 2πHk/N + d[k]</c> or along frequency by
/// <c>φ[n,k±1] = φ[n,k] ± v</c> — but computed in <c>O(K)</c> by three sweeps instead of a heap (the two are equal up to
/// ties; see docs/algorithms/rtpghi.md). A region of bins with no previous-frame bin above the tolerance (the first
/// frame, an onset) starts from its largest bin with the time prediction (phase 0 in the first frame); bins at or below
/// the tolerance get a uniformly random phase from the seed.</para>
/// <para><b>Timing</b> (<see cref="IStreamingPhaseReconstructor"/>): frame <c>n</c> is synthesised when frame <c>n + L</c>
/// arrives (<c>L</c> = the source's look-ahead): <see cref="OutputDelay"/> = <c>⌊N/2⌋ + L·H</c>, <see cref="FlushLength"/>
/// = <c>N − H + L·H</c>, <see cref="Latency"/> = <see cref="StftSettings.StreamingLatency"/> <c>+ L·H</c> (1024 samples,
/// 46 ms, for N = 1024, H = 256, L = 1; 768 samples causal).</para>
/// <para><b>Real time.</b> <see cref="ProcessFrame"/>, <see cref="Flush"/> and <see cref="Reset"/> allocate nothing (given a
/// source that does not). Cost per frame: the source (analytic: one vectorised logarithm and ~10 vector passes), three
/// scalar sweeps over <c>K</c> bins, one sine/cosine per bin and one inverse FFT. Not thread-safe; one instance per stream.
/// <see cref="Reset"/> restarts the random sequence, so a stream replayed after a reset gives the same output.</para>
/// </remarks>
public sealed class RtpghiStreamingReconstructor : IStreamingPhaseReconstructor
{
    private readonly RtpghiCore _core;
    private readonly IPhaseGradientSource _source;
    private bool _disposed;

    /// <summary>Creates a streaming RTPGHI.</summary>
    /// <param name="settings">The STFT settings the magnitudes are computed with.</param>
    /// <param name="gradients">Where the derivatives come from; null for <see cref="AnalyticPhaseGradients.Centered"/>.</param>
    /// <param name="tolerance">Relative tolerance, 0 ≤ tol &lt; 1 (default <see cref="Rtpghi.DefaultTolerance"/>).</param>
    /// <param name="seed">Seed of the random phases below the tolerance.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is out of range.</exception>
    /// <exception cref="ArgumentException">The estimator cannot work with these settings.</exception>
    public RtpghiStreamingReconstructor(StftSettings settings, IPhaseGradientEstimator? gradients = null, double tolerance = Rtpghi.DefaultTolerance, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(settings);
        GradientThrowHelper.ValidateTolerance(tolerance, nameof(tolerance));
        Settings = settings;
        _source = (gradients ?? AnalyticPhaseGradients.Centered).CreateSource(settings);
        _core = new RtpghiCore(settings, _source, tolerance, seed);
        Tolerance = tolerance;
    }

    /// <inheritdoc/>
    public string Name => "rtpghi";

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <summary>The relative tolerance.</summary>
    public double Tolerance { get; }

    /// <inheritdoc/>
    public int LookaheadFrames => _core.LookaheadFrames;

    /// <inheritdoc/>
    public int Latency => _core.Latency;

    /// <inheritdoc/>
    public int OutputDelay => _core.OutputDelay;

    /// <inheritdoc/>
    public int FlushLength => _core.FlushLength;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The gradient source wrote a non-finite derivative.</exception>
    public void ProcessFrame(ReadOnlySpan<float> magnitudes, Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        GradientThrowHelper.ThrowIfLengthNot(magnitudes.Length, Settings.BinCount, nameof(magnitudes), "one STFT frame");
        GradientThrowHelper.ThrowIfLengthNot(output.Length, Settings.Hop, nameof(output), "one hop");
        GradientThrowHelper.ThrowIfInvalidMagnitudeFrame(magnitudes, nameof(magnitudes));
        _core.ProcessFrame(magnitudes, output);
    }

    /// <inheritdoc/>
    public int Flush(Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (output.Length < FlushLength)
        {
            GradientThrowHelper.Argument(nameof(output), $"Flush writes {FlushLength} samples (N − H + L·H) but the destination holds {output.Length}.");
        }

        return _core.Flush(output);
    }

    /// <inheritdoc/>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _core.Reset();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _source.Dispose();
        }
    }
}

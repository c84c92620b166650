using Phase.Fourier;

namespace Phase.Stft;

/// <summary>
/// Streaming inverse STFT: one complex frame in, <c>H</c> output samples out, equal sample for sample to the offline
/// centred ISTFT (<see cref="StftPlan.Inverse(ComplexSpectrogram, int?)"/>) of the same frames on timeline samples
/// <c>[0, F·H)</c>, including its exact normalisation where fewer frames overlap at the start and (after
/// <see cref="Flush"/>) at the end; the pre-roll before sample 0 and the tail past <c>F·H</c> fade in and out with the window.
/// </summary>
/// <remarks>
/// <para><b>Timing.</b> Frames are numbered <c>n = 0, 1, 2, …</c> in arrival order; frame <c>n</c> is centred on timeline sample
/// <c>nH</c> and covers <c>[nH − h, nH − h + N)</c>, <c>h = ⌊N/2⌋</c>. Samples <c>[nH − h, nH − h + H)</c> receive no
/// contribution from later frames, so after frame <c>n</c> they are final and <see cref="Process"/> writes them. Output-stream
/// sample <c>i</c> (counting every sample written since the start) is therefore timeline sample <c>i − </c><see cref="OutputDelay"/>,
/// <see cref="OutputDelay"/> <c>= h</c>: the first <c>h</c> samples precede frame 0's centre (pre-roll; for frames from a
/// zero-padded analysis they are zeros). <see cref="Flush"/> writes the last <c>N − H</c> samples, up to
/// <c>(F − 1)H + ⌈N/2⌉</c>, the end of the last frame.</para>
/// <para><b>Normalisation.</b> Sample <c>t</c> is <c>Σ_n fw[t − s_n]·IDFT(X[n])[t − nH] / A(t)</c> with <c>A(t) = Σ_n fw²[t − s_n]</c>
/// over the frames received (from frame 0 on) for <c>0 ≤ t &lt; F·H</c>: during the first <c>⌈N/H⌉ − 1</c> frames and in
/// <see cref="Flush"/> fewer frames overlap and <c>A</c> is computed for exactly those (an <c>O(N)</c> extra per call);
/// afterwards the precomputed synthesis window is exact. Outside that range — the pre-roll <c>t &lt; 0</c> and the tail
/// <c>t ≥ F·H</c> written by <see cref="Flush"/> — the divisor is the interior sum <c>P(t) = Σ_q fw²[(t − s_0) mod H + qH]</c>, as if
/// the frames that never arrived were silent: there <c>A(t)</c> falls towards 0 with the window's edge, and dividing by it
/// amplified whatever the reconstructed frames held there by up to 10¹⁰ (a full-scale click at the start and end of every
/// stream). With <c>P</c> no edge sample exceeds what the frames' own content gives: <c>|y(t)| ≤ max|IDFT(X[n])|·max fw/min P</c>.</para>
/// <para><b>Real time.</b> <see cref="Process"/>, <see cref="Flush"/> and <see cref="Reset"/> allocate nothing. Cost per
/// frame: one inverse real FFT of size <c>N</c> plus <c>O(N)</c>. Not thread-safe; one instance per stream.</para>
/// </remarks>
public sealed class StreamingStftSynthesizer
{
    private readonly StftFrameTables _tables;
    private readonly RealFft _fft;
    private readonly int _n;
    private readonly int _hop;
    private readonly float[] _accumulator; // timeline samples [nextFrame·H − h, nextFrame·H − h + N)
    private readonly float[] _frame;
    private readonly float[] _scratch;

    /// <summary>Creates a synthesiser for <paramref name="settings"/> (its padding mode is ignored: frames are centred).</summary>
    /// <param name="settings">Validated STFT settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public StreamingStftSynthesizer(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _tables = new StftFrameTables(settings);
        _n = settings.FftSize;
        _hop = settings.Hop;
        _fft = new RealFft(_n);
        _accumulator = new float[_n];
        _frame = new float[_n];
        _scratch = new float[_n];
    }

    /// <summary>The settings.</summary>
    public StftSettings Settings { get; }

    /// <summary>Output-stream sample <c>i</c> is timeline sample <c>i − OutputDelay</c>: <c>OutputDelay = ⌊N/2⌋</c>.</summary>
    public int OutputDelay => _n / 2;

    /// <summary>Samples <see cref="Flush"/> writes: <c>N − H</c>.</summary>
    public int FlushLength => _n - _hop;

    /// <summary>Frames received since construction or <see cref="Reset"/>.</summary>
    public long FramesProcessed { get; private set; }

    /// <summary>Whether the stream has ended: <see cref="Flush"/> was called and <see cref="Reset"/> has not been since.</summary>
    public bool HasEnded { get; private set; }

    /// <summary>Throws <see cref="InvalidOperationException"/> if the stream has ended (<see cref="HasEnded"/>). Streaming
    /// reconstructors built on this synthesiser call it first in their frame and flush calls, so misuse fails before any state changes.</summary>
    /// <exception cref="InvalidOperationException">The stream has ended.</exception>
    public void ThrowIfEnded()
    {
        if (HasEnded)
        {
            throw new InvalidOperationException("The stream has ended: Flush was already called. Call Reset to start a new stream before the next frame or Flush.");
        }
    }

    /// <summary>Takes frame <c>n</c> = <see cref="FramesProcessed"/> and writes the <c>H</c> timeline samples
    /// <c>[nH − ⌊N/2⌋, nH − ⌊N/2⌋ + H)</c>, now final.</summary>
    /// <param name="real"><see cref="StftSettings.BinCount"/> finite real parts (time-invariant phase).</param>
    /// <param name="imag"><see cref="StftSettings.BinCount"/> finite imaginary parts; those of bin 0 and, for even <c>N</c>, bin <c>N/2</c> are ignored.</param>
    /// <param name="output">Receives exactly <see cref="StftSettings.Hop"/> samples.</param>
    /// <exception cref="ArgumentException">A span has the wrong length or a coefficient is not finite (the state is then unchanged).</exception>
    /// <exception cref="InvalidOperationException">The stream has ended (<see cref="Flush"/> was called); call <see cref="Reset"/> first.</exception>
    public void Process(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, Span<float> output)
    {
        ThrowIfEnded();
        int bins = _tables.BinCount;
        StftThrowHelper.ThrowIfLengthNot(real.Length, bins, nameof(real), "one STFT frame");
        StftThrowHelper.ThrowIfLengthNot(imag.Length, bins, nameof(imag), "one STFT frame");
        StftThrowHelper.ThrowIfLengthNot(output.Length, _hop, nameof(output), "one hop");
        StftThrowHelper.ThrowIfNotFinite(real, imag, bins, nameof(real), nameof(imag));

        _fft.Inverse(real, imag, _frame);
        Span<float> acc = _accumulator;
        _tables.OverlapAdd(_frame, acc, 0);
        long frame = FramesProcessed++;

        // Until ⌈N/H⌉ − 1 frames have passed, frames n < 0 would still have covered the samples written now. Samples at
        // t ≥ 0 get the exact sum of the frames present (as the offline ISTFT); pre-roll samples t < 0 keep the interior
        // normalisation, i.e. the absent frames n < 0 count as silent frames, so the pre-roll fades in instead of being
        // divided by a window-square sum that tends to 0.
        if ((frame + 1) * _hop < _n)
        {
            long origin = frame * _hop - _n / 2;
            int t0 = (int)Math.Clamp(-origin, 0, _hop);
            _tables.ApplyEdgeGains(acc, origin, -(_n / 2), FramesProcessed, t0, _hop, _scratch);
        }

        acc.Slice(0, _hop).CopyTo(output);
        acc.Slice(_hop).CopyTo(acc);
        acc.Slice(_n - _hop).Clear();
    }

    /// <summary>Ends the stream: writes the last <see cref="FlushLength"/> samples (timeline <c>[FH − ⌊N/2⌋, (F − 1)H + ⌈N/2⌉)</c> after
    /// <c>F</c> frames), exactly normalised up to <c>F·H</c> and fading out beyond. Call it after the stream's last frame;
    /// afterwards <see cref="Process"/> and <see cref="Flush"/> throw until <see cref="Reset"/>. With no frames received it writes zeros.</summary>
    /// <param name="output">Receives the samples; at least <see cref="FlushLength"/> long (only the first <see cref="FlushLength"/> are written).</param>
    /// <returns><see cref="FlushLength"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short.</exception>
    /// <exception cref="InvalidOperationException">The stream was already flushed; call <see cref="Reset"/> first.</exception>
    public int Flush(Span<float> output)
    {
        ThrowIfEnded();
        int length = FlushLength;
        if (output.Length < length)
        {
            StftThrowHelper.Argument(nameof(output), $"Flush writes {length} samples (N − H) but the destination holds {output.Length}.");
        }

        Span<float> acc = _accumulator;
        if (FramesProcessed > 0)
        {
            // Exact end normalisation up to timeline sample F·H (the last frame's centre plus one hop, the furthest an
            // offline ISTFT of F frames reaches); beyond, the interior normalisation: the frames that never arrived count
            // as silent, so the tail fades out with the window instead of being divided by a sum that tends to 0.
            long origin = FramesProcessed * _hop - _n / 2;
            int t1 = (int)Math.Clamp(FramesProcessed * _hop - origin, 0, length);
            _tables.ApplyEdgeGains(acc, origin, -(_n / 2), FramesProcessed, 0, t1, _scratch);
        }

        acc.Slice(0, length).CopyTo(output);
        Array.Clear(_accumulator);
        HasEnded = true;
        return length;
    }

    /// <summary>Forgets the stream (ended or not) so the next frame is frame 0 of a new one. Allocates nothing.</summary>
    public void Reset()
    {
        Array.Clear(_accumulator);
        FramesProcessed = 0;
        HasEnded = false;
    }
}

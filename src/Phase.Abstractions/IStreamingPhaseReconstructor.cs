namespace Phase;

/// <summary>
/// An online phase reconstructor: one magnitude frame in, one hop of waveform out, with fixed latency.
/// </summary>
/// <remarks>
/// <para><b>Timing.</b> Frames are numbered from 0 in arrival order and frame <c>n</c> is centred on sample <c>n·H</c> of
/// the output timeline. Call <see cref="ProcessFrame"/> once per frame; each call writes the next <c>H</c> samples of the
/// output stream. Output-stream sample <c>i</c> is timeline sample <c>i − <see cref="OutputDelay"/></c>, so the first
/// <see cref="OutputDelay"/> samples precede the signal (pre-roll). After the last frame, <see cref="Flush"/> writes the
/// remaining <see cref="FlushLength"/> samples.</para>
/// <para><b>Bounded edges.</b> The pre-roll and the samples past the last frame's centre plus one hop fade in and out with the
/// window (frames that never arrived count as silent): no output sample is louder than the frames' content justifies,
/// whether or not the frames centred on the last samples were fed. <c>Phase.Stft.StreamingPipeline</c> runs the whole
/// loop (analysis or model frames, lead-in, end of stream, delay compensation) for applications.</para>
/// <para><b>Latency.</b> <see cref="Latency"/> is the algorithmic latency in samples from a sample entering a streaming
/// STFT analyser to it leaving this reconstructor: <c>N − H</c> for the STFT plus <c>L·H</c> for <c>L</c> look-ahead frames.</para>
/// <para><b>Real time.</b> <see cref="ProcessFrame"/> and <see cref="Flush"/> allocate nothing after construction.
/// Instances are stateful and not thread-safe; use one per stream.</para>
/// </remarks>
public interface IStreamingPhaseReconstructor : IDisposable
{
    /// <summary>The method's short name (for example <c>"rtisila"</c>).</summary>
    string Name { get; }

    /// <summary>The STFT settings the magnitudes are computed with.</summary>
    StftSettings Settings { get; }

    /// <summary>Frames of look-ahead <c>L</c>: the output for frame <c>n</c> is final only after frame <c>n + L</c> arrived.</summary>
    int LookaheadFrames { get; }

    /// <summary>Algorithmic latency in samples: <c>N − H + L·H</c>.</summary>
    int Latency { get; }

    /// <summary>Output-stream sample <c>i</c> is timeline sample <c>i − OutputDelay</c> (frame <c>n</c> centred on <c>n·H</c>).</summary>
    int OutputDelay { get; }

    /// <summary>The number of samples <see cref="Flush"/> writes.</summary>
    int FlushLength { get; }

    /// <summary>Takes the next magnitude frame and writes the next hop of output.</summary>
    /// <param name="magnitudes">The frame's <see cref="StftSettings.BinCount"/> linear magnitudes, finite and non-negative.</param>
    /// <param name="output">Receives exactly <see cref="StftSettings.Hop"/> samples.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or a magnitude is NaN, infinite or negative.</exception>
    /// <exception cref="ObjectDisposedException">The reconstructor was disposed.</exception>
    /// <exception cref="InvalidOperationException">The stream has ended (<see cref="Flush"/> was called); call <see cref="Reset"/> first.</exception>
    void ProcessFrame(ReadOnlySpan<float> magnitudes, Span<float> output);

    /// <summary>Ends the stream: writes the remaining <see cref="FlushLength"/> samples (the last look-ahead frames, finished with
    /// the look-ahead that exists, and the overlap tail).</summary>
    /// <remarks>Call it once, after the stream's last frame. For the output to reach the input's last sample, the last frames
    /// must be those centred on the last samples: with frames from <c>Phase.Stft.StreamingStftAnalyzer</c>, feed the frames
    /// its end-of-stream calls (<c>ProcessEndMagnitude</c>) emit before flushing; without them the last <c>⌈N/2⌉</c> samples
    /// fade out instead (never louder). A stream with no frames flushes to zeros. After <see cref="Flush"/> the stream has
    /// ended: <see cref="ProcessFrame"/> and <see cref="Flush"/> throw <see cref="InvalidOperationException"/> until
    /// <see cref="Reset"/> starts a new one.</remarks>
    /// <param name="output">Receives the samples; at least <see cref="FlushLength"/> long.</param>
    /// <returns>The number of samples written, <see cref="FlushLength"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short.</exception>
    /// <exception cref="InvalidOperationException">The stream was already flushed; call <see cref="Reset"/> first.</exception>
    int Flush(Span<float> output);

    /// <summary>Forgets the stream so the next frame starts a new one. Allocates nothing.</summary>
    void Reset();
}

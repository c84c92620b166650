using Phase.Resampling;

namespace Phase.Effects;

/// <summary>
/// A streaming pitch shifter — a real-time voice changer (created by <see cref="PitchShift.CreateStreaming"/>): each
/// <see cref="Process"/> call takes a block of any size and writes exactly as many samples, delayed by the fixed
/// <see cref="OutputDelay"/>; output-stream sample <c>i</c> equals offline output sample <c>i − OutputDelay</c>
/// (<see cref="PitchShift.Process(ReadOnlySpan{float})"/>), the first <see cref="OutputDelay"/> samples being silence.
/// </summary>
/// <remarks>
/// <para><b>Pipeline.</b> A <see cref="StreamingTimeStretcher"/> by the ratio <c>r = p/q</c> (its synthesis pre-roll dropped),
/// a <see cref="StreamingPolyphaseResampler"/> from <c>p</c> to <c>q</c> (bit for bit the offline resampler), and a queue
/// primed with <see cref="OutputDelay"/> zeros that turns their irregular production (whole synthesis hops, resampled)
/// into fixed-size blocks.</para>
/// <para><b>Latency.</b> <c>OutputDelay = ⌈N/2⌉ + ⌈⌊N/2⌋/r + D/p⌉ + 1</c> samples, <c>D</c> the resampler's delay at its
/// intermediate rate: the stretch needs <c>⌈N/2⌉</c> samples after a frame centre, the synthesis pre-roll is <c>⌊N/2⌋</c> stretched
/// samples (<c>⌊N/2⌋/r</c> input samples) and the resampler looks <c>D/q</c> stretched samples ahead. It is the smallest delay that
/// works for every block size, including one sample at a time. For N = 1024: 1027 samples at 0 semitones (46.6 ms at
/// 22.05 kHz, 21.4 ms at 48 kHz); with N = 512, about half.</para>
/// <para><b>End of stream.</b> <see cref="Flush"/> writes the last <see cref="OutputDelay"/> samples, so that the whole output is
/// the offline output preceded by <see cref="OutputDelay"/> zeros. Every sample is bounded by the offline output.</para>
/// <para><b>Real time.</b> <see cref="Process"/>, <see cref="Flush"/> and <see cref="Reset"/> allocate nothing; input is
/// processed internally in sub-blocks of 1024 samples, so any block size works with the buffers the constructor allocated.
/// Not thread-safe: one instance per stream.</para>
/// </remarks>
public sealed class StreamingPitchShifter
{
    private const int Block = 1024;

    private readonly StreamingTimeStretcher _stretch;
    private readonly StreamingPolyphaseResampler _resampler;
    private readonly float[] _stretched;
    private readonly float[] _resampled;
    private readonly float[] _queue;
    private int _queueCount;
    private int _skip;

    internal StreamingPitchShifter(PitchShift settings)
    {
        Settings = settings;
        _stretch = settings.Stretch.CreateStreaming();
        _resampler = new StreamingPolyphaseResampler(settings.Resampler);
        int n = settings.Stretch.WindowLength, half = n / 2;
        double lookahead = (half / settings.Ratio) + ((double)settings.Resampler.Delay / settings.RatioNumerator);
        OutputDelay = (n - half) + (int)Math.Ceiling(lookahead) + 1;
        int stretched = Math.Max(_stretch.MaxOutputLength(Block), _stretch.FlushLength);
        _stretched = new float[stretched];
        _resampled = new float[Math.Max(_resampler.MaxOutputLength(stretched), _resampler.FlushLength)];
        _queue = new float[OutputDelay + Block + (2 * _resampled.Length)];
        Reset();
    }

    /// <summary>The settings this stream runs.</summary>
    public PitchShift Settings { get; }

    /// <summary>Output-stream sample <c>i</c> is offline output sample <c>i − OutputDelay</c> (the latency, in samples; see the remarks).</summary>
    public int OutputDelay { get; }

    /// <summary>The samples <see cref="Flush"/> writes: <see cref="OutputDelay"/>.</summary>
    public int FlushLength => OutputDelay;

    /// <summary>Takes a block and writes the same number of output samples.</summary>
    /// <param name="input">Finite samples, any number.</param>
    /// <param name="output">Receives exactly <c>input.Length</c> samples (may not overlap the input).</param>
    /// <exception cref="ArgumentException">The lengths differ or a sample is not finite (nothing is consumed).</exception>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length != input.Length)
        {
            throw new ArgumentException($"output has {output.Length} samples; a pitch-shifter block writes as many samples as it takes, {input.Length}.", nameof(output));
        }

        EffectsThrowHelper.ThrowIfNotFinite(input, nameof(input));
        for (int start = 0; start < input.Length; start += Block)
        {
            int count = Math.Min(Block, input.Length - start);
            int stretched = _stretch.Process(input.Slice(start, count), _stretched);
            Feed(_stretched.AsSpan(0, stretched));
            Pop(output.Slice(start, count));
        }
    }

    /// <summary>Ends the stream: writes the last <see cref="OutputDelay"/> samples, then resets.</summary>
    /// <param name="output">Receives the tail; must hold at least <see cref="FlushLength"/> samples.</param>
    /// <returns><see cref="FlushLength"/>, the number of samples written.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short (the state is then unchanged).</exception>
    public int Flush(Span<float> output)
    {
        EffectsThrowHelper.ThrowIfTooShort(output.Length, OutputDelay, nameof(output), "the stream's tail");
        int stretched = _stretch.Flush(_stretched);
        Feed(_stretched.AsSpan(0, stretched));
        int resampled = _resampler.Flush(_resampled);
        Push(_resampled.AsSpan(0, resampled));

        // The offline output is cut (or zero-padded) to the input length; so is the stream's.
        int take = Math.Min(_queueCount, OutputDelay);
        _queue.AsSpan(0, take).CopyTo(output);
        output.Slice(take, OutputDelay - take).Clear();
        Reset();
        return OutputDelay;
    }

    /// <summary>Forgets the stream; the next call starts a new one (with <see cref="OutputDelay"/> samples of silence). Allocates nothing.</summary>
    public void Reset()
    {
        _stretch.Reset();
        _resampler.Reset();
        Array.Clear(_queue);
        _queueCount = OutputDelay;
        _skip = _stretch.OutputDelay;
    }

    /// <summary>Drops the stretcher's pre-roll, resamples the rest and queues it.</summary>
    private void Feed(ReadOnlySpan<float> stretched)
    {
        int skip = Math.Min(_skip, stretched.Length);
        _skip -= skip;
        int written = _resampler.Process(stretched.Slice(skip), _resampled);
        Push(_resampled.AsSpan(0, written));
    }

    private void Push(ReadOnlySpan<float> samples)
    {
        samples.CopyTo(_queue.AsSpan(_queueCount));
        _queueCount += samples.Length;
    }

    private void Pop(Span<float> output)
    {
        if (_queueCount < output.Length)
        {
            // OutputDelay is derived so that this cannot happen; a failure here is a bug, never silently papered over.
            throw new InvalidOperationException($"The pitch shifter's queue holds {_queueCount} samples but {output.Length} are due; OutputDelay {OutputDelay} is too small.");
        }

        _queue.AsSpan(0, output.Length).CopyTo(output);
        _queue.AsSpan(output.Length, _queueCount - output.Length).CopyTo(_queue);
        _queueCount -= output.Length;
    }
}

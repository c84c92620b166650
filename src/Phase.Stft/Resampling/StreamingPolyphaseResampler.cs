using System.Numerics.Tensors;

namespace Phase.Resampling;

/// <summary>
/// Streaming form of a <see cref="PolyphaseResampler"/>: input blocks of any size in, the output samples they complete
/// out, and after <see cref="Flush"/> exactly the offline output, sample for sample (the same filter, the same dot
/// products in the same order, so the two agree bit for bit).
/// </summary>
/// <remarks>
/// <para><b>Timing.</b> Output sample <c>m</c> is the signal at input time <c>m·M/L</c> (<c>L</c> = <see cref="PolyphaseResampler.UpFactor"/>,
/// <c>M</c> = <see cref="PolyphaseResampler.DownFactor"/>); it needs input up to sample <c>⌊(m·M + D)/L⌋</c>, <c>D</c> =
/// <see cref="PolyphaseResampler.Delay"/>, so it is written once that sample has arrived: the look-ahead is
/// <see cref="LookaheadSamples"/> <c>= ⌈D/L⌉</c> input samples. Input before the first sample is zero, as offline.</para>
/// <para><b>Real time.</b> <see cref="Process"/>, <see cref="Flush"/> and <see cref="Reset"/> allocate nothing; the
/// history (<see cref="PolyphaseResampler.TapsPerPhase"/> + 4096 floats) is allocated by the constructor. Cost: one
/// vectorised dot product of <see cref="PolyphaseResampler.TapsPerPhase"/> taps per output sample. Not thread-safe: one
/// instance per stream (the <see cref="PolyphaseResampler"/> it uses may be shared).</para>
/// </remarks>
public sealed class StreamingPolyphaseResampler
{
    private const int Chunk = 4096;

    private readonly PolyphaseResampler _design;
    private readonly float[] _history;
    private readonly int _taps;
    private long _start;     // input index of _history[0]
    private int _count;      // samples held: indices [_start, _start + _count)
    private long _received;  // input samples received
    private long _emitted;   // output samples written

    /// <summary>Creates a stream over <paramref name="resampler"/>'s filter.</summary>
    /// <param name="resampler">The filter design (immutable; may be shared by many streams).</param>
    /// <exception cref="ArgumentNullException"><paramref name="resampler"/> is null.</exception>
    public StreamingPolyphaseResampler(PolyphaseResampler resampler)
    {
        ArgumentNullException.ThrowIfNull(resampler);
        _design = resampler;
        _taps = resampler.TapsPerPhase;
        _history = new float[_taps + Chunk];
        Reset();
    }

    /// <summary>The filter design.</summary>
    public PolyphaseResampler Resampler => _design;

    /// <summary>Input samples an output sample waits for beyond its own instant: <c>⌈D/L⌉</c>.</summary>
    public int LookaheadSamples => (int)((_design.Delay + _design.UpFactor - 1) / _design.UpFactor);

    /// <summary>Input samples received since construction or the last <see cref="Reset"/>/<see cref="Flush"/>.</summary>
    public long InputCount => _received;

    /// <summary>Output samples written since construction or the last <see cref="Reset"/>/<see cref="Flush"/>.</summary>
    public long OutputCount => _emitted;

    /// <summary>The most output samples one <see cref="Process"/> call with <paramref name="inputLength"/> input samples can
    /// write: <c>⌈n·L/M⌉ + 1</c>.</summary>
    /// <param name="inputLength">Input samples, ≥ 0.</param>
    /// <returns>The bound.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputLength"/> is negative.</exception>
    public int MaxOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return _design.OutputLength(inputLength) + 1;
    }

    /// <summary>Takes the next input samples and writes the output samples they complete.</summary>
    /// <param name="input">Input samples (any number; non-finite values propagate).</param>
    /// <param name="output">Receives the output; must hold at least <see cref="MaxOutputLength"/>(<c>input.Length</c>) samples.</param>
    /// <returns>The number of samples written.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short (nothing is consumed).</exception>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length < MaxOutputLength(input.Length))
        {
            throw new ArgumentException($"output holds {output.Length} samples; {input.Length} input samples can complete up to {MaxOutputLength(input.Length)}.", nameof(output));
        }

        int written = 0;
        while (!input.IsEmpty)
        {
            int take = Math.Min(input.Length, _history.Length - _count);
            input.Slice(0, take).CopyTo(_history.AsSpan(_count));
            _count += take;
            _received += take;
            input = input.Slice(take);
            written += Emit(long.MaxValue, output.Slice(written));
            Compact();
        }

        return written;
    }

    /// <summary>Ends the stream: writes the remaining output (input after the end is zero), so that the stream's whole output
    /// equals <see cref="PolyphaseResampler.Process(ReadOnlySpan{float}, Span{float})"/> of its whole input, then resets.</summary>
    /// <param name="output">Receives the tail; must hold at least <see cref="LookaheadSamples"/>·L/M + 2 samples (<see cref="FlushLength"/>).</param>
    /// <returns>The number of samples written.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short (the state is then unchanged).</exception>
    public int Flush(Span<float> output)
    {
        long total = ((_received * _design.UpFactor) + _design.DownFactor - 1) / _design.DownFactor; // ⌈n·L/M⌉, as offline
        int remaining = (int)(total - _emitted);
        if (output.Length < remaining)
        {
            throw new ArgumentException($"output holds {output.Length} samples; the stream's tail has {remaining}.", nameof(output));
        }

        int written = Emit(total, output);
        Reset();
        return written;
    }

    /// <summary>The most samples <see cref="Flush"/> writes: <c>⌈(⌈D/L⌉ + 1)·L/M⌉ + 1</c>.</summary>
    public int FlushLength => (int)((((long)LookaheadSamples + 1) * _design.UpFactor + _design.DownFactor - 1) / _design.DownFactor) + 1;

    /// <summary>Forgets the stream. Allocates nothing.</summary>
    public void Reset()
    {
        // Input before sample 0 is zero: hold TapsPerPhase − 1 zeros so every dot product reads stored samples.
        Array.Clear(_history);
        _count = _taps - 1;
        _start = -_count;
        _received = 0;
        _emitted = 0;
    }

    /// <summary>Writes outputs <c>m = _emitted …</c> while their newest input has arrived (and <c>m &lt; limit</c>); past the end
    /// of the input (only in a flush, with a finite limit) the dot product is clipped as offline.</summary>
    private int Emit(long limit, Span<float> output)
    {
        int taps = _taps, up = _design.UpFactor, down = _design.DownFactor;
        long delay = _design.Delay;
        ReadOnlySpan<float> table = _design.Table;
        bool flushing = limit != long.MaxValue;
        int written = 0;
        while (_emitted < limit)
        {
            long t = (_emitted * down) + delay;
            long newest = t / up;
            if (!flushing && newest >= _received)
            {
                break;
            }

            int phase = (int)(t - (newest * up));
            long oldest = newest - (taps - 1);

            // The same clipping as PolyphaseResampler.Process, so both sum the same products in the same order.
            int first = oldest < 0 ? (int)-oldest : 0;
            int end = (int)Math.Min(taps, _received - oldest);
            output[written++] = end > first
                ? TensorPrimitives.Dot(table.Slice((phase * taps) + first, end - first), _history.AsSpan((int)(oldest + first - _start), end - first))
                : 0f;
            _emitted++;
        }

        return written;
    }

    /// <summary>Drops the samples no future output reads.</summary>
    private void Compact()
    {
        long t = (_emitted * _design.DownFactor) + _design.Delay;
        long keepFrom = Math.Min((t / _design.UpFactor) - (_taps - 1), _received);
        int drop = (int)Math.Clamp(keepFrom - _start, 0, _count);
        if (drop > 0)
        {
            _history.AsSpan(drop, _count - drop).CopyTo(_history);
            _count -= drop;
            _start += drop;
        }
    }
}

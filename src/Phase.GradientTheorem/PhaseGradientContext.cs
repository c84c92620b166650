using System.Globalization;

namespace Phase.GradientTheorem;

/// <summary>
/// The magnitude frames an <see cref="IPhaseGradientSource"/> sees when it estimates the phase derivatives of frame
/// <c>n</c> = <see cref="FrameIndex"/>: frames <c>n − P … n + L</c> (<c>P</c> = <see cref="HistoryFrames"/>,
/// <c>L</c> = <see cref="LookaheadFrames"/>), contiguous, in time order, linear magnitudes.
/// </summary>
/// <remarks>
/// <para>Frames that do not exist — before the first frame of the stream, or after the last one while a stream is
/// flushed — are all zeros, and <see cref="AvailableHistory"/> / <see cref="AvailableLookahead"/> say how many of the
/// requested frames on each side are real. A source may use the zeros as they are (what a network trained on
/// zero-padded contexts expects) or switch to one-sided formulas (what <see cref="AnalyticPhaseGradients"/> does).</para>
/// <para>A view over the host's buffer: valid only during the <see cref="IPhaseGradientSource.Estimate"/> call.</para>
/// </remarks>
public readonly ref struct PhaseGradientContext
{
    private readonly ReadOnlySpan<float> _frames;

    /// <summary>Creates a context over <c>P + 1 + L</c> consecutive magnitude frames (for hosts and tests; the streaming
    /// reconstructors build their own).</summary>
    /// <param name="frames">Frames <c>n − P … n + L</c>, frame-major, exactly <c>(P + 1 + L)·K</c> finite, non-negative values;
    /// frames that do not exist must be zero.</param>
    /// <param name="binCount">Bins per frame <c>K</c>, ≥ 1.</param>
    /// <param name="historyFrames">Frames before <c>n</c> in <paramref name="frames"/>, <c>P ≥ 0</c>.</param>
    /// <param name="lookaheadFrames">Frames after <c>n</c> in <paramref name="frames"/>, <c>L ≥ 0</c>.</param>
    /// <param name="frameIndex">The index <c>n ≥ 0</c> of the frame whose derivatives are wanted, counted from the start of the stream.</param>
    /// <param name="availableHistory">How many of the <c>P</c> earlier frames exist, <c>0 … min(P, n)</c>.</param>
    /// <param name="availableLookahead">How many of the <c>L</c> later frames exist, <c>0 … L</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="frames"/> does not hold <c>(P + 1 + L)·K</c> values.</exception>
    public PhaseGradientContext(ReadOnlySpan<float> frames, int binCount, int historyFrames, int lookaheadFrames, long frameIndex, int availableHistory, int availableLookahead)
    {
        if (binCount < 1)
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(binCount), binCount, "A frame needs at least one bin.");
        }

        if (historyFrames < 0 || lookaheadFrames < 0 || (long)historyFrames + lookaheadFrames + 1 > 1024)
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(historyFrames), historyFrames, string.Create(CultureInfo.InvariantCulture,
                $"History ({historyFrames}) and look-ahead ({lookaheadFrames}) must be ≥ 0 and span at most 1024 frames."));
        }

        if (frameIndex < 0)
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(frameIndex), frameIndex, "The frame index must be ≥ 0.");
        }

        if (availableHistory < 0 || availableHistory > historyFrames || availableHistory > frameIndex)
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(availableHistory), availableHistory, string.Create(CultureInfo.InvariantCulture,
                $"availableHistory must be between 0 and min(historyFrames, frameIndex) = {Math.Min(historyFrames, frameIndex)}."));
        }

        if (availableLookahead < 0 || availableLookahead > lookaheadFrames)
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(availableLookahead), availableLookahead, string.Create(CultureInfo.InvariantCulture,
                $"availableLookahead must be between 0 and lookaheadFrames = {lookaheadFrames}."));
        }

        long expected = (long)(historyFrames + 1 + lookaheadFrames) * binCount;
        if (frames.Length != expected)
        {
            GradientThrowHelper.Argument(nameof(frames), string.Create(CultureInfo.InvariantCulture,
                $"frames has {frames.Length} values but {historyFrames + 1 + lookaheadFrames} frames of {binCount} bins need {expected}."));
        }

        _frames = frames;
        BinCount = binCount;
        HistoryFrames = historyFrames;
        LookaheadFrames = lookaheadFrames;
        FrameIndex = frameIndex;
        AvailableHistory = availableHistory;
        AvailableLookahead = availableLookahead;
    }

    /// <summary>Trusted constructor for the hosts in this assembly (arguments already consistent).</summary>
    internal PhaseGradientContext(ReadOnlySpan<float> frames, int binCount, int historyFrames, int lookaheadFrames, long frameIndex, int availableHistory, int availableLookahead, bool trusted)
    {
        _ = trusted;
        _frames = frames;
        BinCount = binCount;
        HistoryFrames = historyFrames;
        LookaheadFrames = lookaheadFrames;
        FrameIndex = frameIndex;
        AvailableHistory = availableHistory;
        AvailableLookahead = availableLookahead;
    }

    /// <summary>Bins per frame <c>K</c>.</summary>
    public int BinCount { get; }

    /// <summary>Frames before <c>n</c> in the context, <c>P</c> (at least the source's <see cref="IPhaseGradientSource.HistoryFrames"/>).</summary>
    public int HistoryFrames { get; }

    /// <summary>Frames after <c>n</c> in the context, <c>L</c> (the source's <see cref="IPhaseGradientSource.LookaheadFrames"/>).</summary>
    public int LookaheadFrames { get; }

    /// <summary>The frame <c>n</c> whose derivatives are wanted, counted from 0 at the start of the stream.</summary>
    public long FrameIndex { get; }

    /// <summary>How many of the <see cref="HistoryFrames"/> earlier frames exist (fewer only at the start of a stream).</summary>
    public int AvailableHistory { get; }

    /// <summary>How many of the <see cref="LookaheadFrames"/> later frames exist (fewer only while a stream is flushed).</summary>
    public int AvailableLookahead { get; }

    /// <summary>All <c>(P + 1 + L)·K</c> magnitudes, frames <c>n − P … n + L</c>, frame-major.</summary>
    public ReadOnlySpan<float> Frames => _frames;

    /// <summary>The magnitudes of frame <c>n + offset</c> (all zeros if that frame does not exist).</summary>
    /// <param name="offset"><c>−P … L</c>: negative for earlier frames, 0 for frame <c>n</c>, positive for look-ahead frames.</param>
    /// <returns>A span of <c>K</c> magnitudes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is outside <c>−P … L</c>.</exception>
    public ReadOnlySpan<float> Frame(int offset)
    {
        if (offset < -HistoryFrames || offset > LookaheadFrames)
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(offset), offset, string.Create(CultureInfo.InvariantCulture,
                $"The context holds frames n − {HistoryFrames} … n + {LookaheadFrames}; offset {offset} is outside."));
        }

        return _frames.Slice((HistoryFrames + offset) * BinCount, BinCount);
    }

    /// <summary>Whether frame <c>n + offset</c> exists (is part of the stream).</summary>
    /// <param name="offset">Any offset.</param>
    /// <returns>True for <c>−AvailableHistory ≤ offset ≤ AvailableLookahead</c>.</returns>
    public bool HasFrame(int offset) => offset >= -AvailableHistory && offset <= AvailableLookahead;
}

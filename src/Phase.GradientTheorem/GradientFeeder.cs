namespace Phase.GradientTheorem;

/// <summary>
/// Feeds an <see cref="IPhaseGradientSource"/>: keeps the last <c>P + 1 + L</c> magnitude frames in a ring whose every
/// window of consecutive frames is contiguous, builds the <see cref="PhaseGradientContext"/> of a frame and asks the
/// source for its derivatives. Allocation-free after construction.
/// </summary>
/// <remarks>
/// <para>Frame <c>i</c> lives in slot <c>i mod R</c> and, duplicated, in slot <c>i mod R + R</c> of a buffer of <c>2R</c>
/// frames, so frames <c>n − P … n + L</c> (R of them) are always one contiguous span starting at slot <c>(n − P) mod R</c>
/// (the cost: one extra copy of each frame). Slots of frames that do not exist (before frame 0, or pushed by
/// <see cref="PushMissing"/>) are zero, as the context promises.</para>
/// </remarks>
internal sealed class GradientFeeder
{
    private readonly IPhaseGradientSource _source;
    private readonly int _bins;
    private readonly int _slots;
    private readonly float[] _ring;
    private readonly float[] _advance;
    private readonly float[] _step;

    public GradientFeeder(StftSettings settings, IPhaseGradientSource source)
    {
        _source = source ?? throw new InvalidOperationException("The phase-gradient estimator created no source.");
        if (source.LookaheadFrames < 0 || source.HistoryFrames < 0 || source.LookaheadFrames + source.HistoryFrames > 1023)
        {
            throw new InvalidOperationException($"The phase-gradient source '{source.Name}' declares look-ahead {source.LookaheadFrames} and history {source.HistoryFrames}; both must be ≥ 0 and span at most 1024 frames.");
        }

        _bins = settings.BinCount;
        LookaheadFrames = source.LookaheadFrames;
        HistoryFrames = source.HistoryFrames;
        _slots = HistoryFrames + 1 + LookaheadFrames;
        _ring = new float[2 * _slots * _bins];
        _advance = new float[_bins];
        _step = new float[_bins];
    }

    public int LookaheadFrames { get; }

    public int HistoryFrames { get; }

    /// <summary>Frames pushed (real or missing) since construction or <see cref="Reset"/>.</summary>
    public long Pushed { get; private set; }

    /// <summary>The advance deviations of the last <see cref="Estimate"/>.</summary>
    public ReadOnlySpan<float> AdvanceDeviation => _advance;

    /// <summary>The frequency steps of the last <see cref="Estimate"/>.</summary>
    public ReadOnlySpan<float> FrequencyStep => _step;

    /// <summary>Appends the next frame (<see cref="Pushed"/> is its index).</summary>
    public void Push(ReadOnlySpan<float> magnitudes)
    {
        int slot = (int)(Pushed % _slots);
        magnitudes.CopyTo(_ring.AsSpan(slot * _bins, _bins));
        magnitudes.CopyTo(_ring.AsSpan((slot + _slots) * _bins, _bins));
        Pushed++;
    }

    /// <summary>Appends a frame that does not exist (zeros), past the end of the stream.</summary>
    public void PushMissing()
    {
        int slot = (int)(Pushed % _slots);
        _ring.AsSpan(slot * _bins, _bins).Clear();
        _ring.AsSpan((slot + _slots) * _bins, _bins).Clear();
        Pushed++;
    }

    /// <summary>The magnitudes of frame <paramref name="frame"/> (one of the last R pushed).</summary>
    public ReadOnlySpan<float> Frame(long frame) => _ring.AsSpan((int)(frame % _slots) * _bins, _bins);

    /// <summary>Asks the source for the derivatives of frame <paramref name="frame"/>; frames up to
    /// <c>frame + LookaheadFrames</c> must have been pushed, of which <paramref name="availableLookahead"/> exist.</summary>
    public void Estimate(long frame, int availableLookahead)
    {
        long first = frame - HistoryFrames;
        int start = (int)(((first % _slots) + _slots) % _slots);
        var context = new PhaseGradientContext(
            _ring.AsSpan(start * _bins, _slots * _bins), _bins, HistoryFrames, LookaheadFrames, frame,
            (int)Math.Min(HistoryFrames, frame), availableLookahead, trusted: true);
        _source.Estimate(context, _advance, _step);
        GradientThrowHelper.ThrowIfSourceOutputNotFinite(_advance, _step, _source.Name, frame);
    }

    public void Reset()
    {
        Array.Clear(_ring);
        Pushed = 0;
        _source.Reset();
    }
}

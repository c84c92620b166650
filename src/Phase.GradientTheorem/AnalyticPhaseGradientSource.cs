using System.Numerics.Tensors;

namespace Phase.GradientTheorem;

/// <summary>
/// The per-stream worker of <see cref="AnalyticPhaseGradients"/>: computes <c>ln s</c> of each frame once (cached by frame
/// index) and the derivatives of frame <c>n</c> with a handful of vectorised passes.
/// </summary>
/// <remarks>Allocation-free after construction; cost per frame one vectorised logarithm of <c>K</c> values plus about ten
/// vectorised passes. Not thread-safe: one instance per stream.</remarks>
public sealed class AnalyticPhaseGradientSource : IPhaseGradientSource
{
    private readonly StftSettings _settings;
    private readonly int _bins;
    private readonly int _slots;
    private readonly float _floor;
    private readonly float _timeScale;      // a/4 = H·N/(4γ)
    private readonly float _frequencyScale; // g/2 = γ/(2·H·N)
    private readonly float[] _logs;         // raw ln s per cached frame (−∞ for zeros)
    private readonly float[] _maxima;       // max s per cached frame
    private readonly long[] _cachedFrame;   // the absolute frame index held in each slot, or −1
    private readonly float[] _a;            // scratch, K each
    private readonly float[] _b;
    private readonly float[] _c;
    private readonly float[] _e;

    /// <summary>Creates a source.</summary>
    /// <param name="settings">STFT settings (K, H, N, γ).</param>
    /// <param name="lookaheadFrames">1 (centred) or 0 (causal).</param>
    /// <param name="logFloor">Relative log floor ρ, 10⁻³⁰ … 0.1.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public AnalyticPhaseGradientSource(StftSettings settings, int lookaheadFrames = 1, double logFloor = AnalyticPhaseGradients.DefaultLogFloor)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var validated = new AnalyticPhaseGradients(lookaheadFrames, logFloor);
        _settings = settings;
        _bins = settings.BinCount;
        LookaheadFrames = validated.LookaheadFrames;
        HistoryFrames = validated.HistoryFrames;
        _slots = HistoryFrames + 1 + LookaheadFrames;
        _floor = (float)Math.Log(logFloor);
        _timeScale = (float)(PhaseGradients.TimeGradientScale(settings) / 4);
        _frequencyScale = (float)(PhaseGradients.FrequencyGradientScale(settings) / 2);
        _logs = new float[_slots * _bins];
        _maxima = new float[_slots];
        _cachedFrame = new long[_slots];
        _a = new float[_bins];
        _b = new float[_bins];
        _c = new float[_bins];
        _e = new float[_bins];
        Reset();
    }

    /// <inheritdoc/>
    public string Name => LookaheadFrames == 1 ? "analytic" : "analytic-causal";

    /// <inheritdoc/>
    public int LookaheadFrames { get; }

    /// <inheritdoc/>
    public int HistoryFrames { get; }

    /// <inheritdoc/>
    /// <exception cref="ArgumentException">The context's bin count differs from the settings', it holds fewer frames than
    /// this source reads, or a destination does not hold <c>K</c> values.</exception>
    public void Estimate(PhaseGradientContext context, Span<float> advanceDeviation, Span<float> frequencyStep)
    {
        int bins = _bins;
        _settings.ThrowIfBinCountMismatch(context.BinCount, nameof(context));
        if (context.HistoryFrames < HistoryFrames || context.LookaheadFrames < LookaheadFrames)
        {
            GradientThrowHelper.Argument(nameof(context), $"The analytic source reads {HistoryFrames} earlier and {LookaheadFrames} later frames; the context holds {context.HistoryFrames} and {context.LookaheadFrames}.");
        }

        GradientThrowHelper.ThrowIfLengthNot(advanceDeviation.Length, bins, nameof(advanceDeviation), "one STFT frame");
        GradientThrowHelper.ThrowIfLengthNot(frequencyStep.Length, bins, nameof(frequencyStep), "one STFT frame");

        long n = context.FrameIndex;
        bool hasPrevious = context.HasFrame(-1);
        bool hasTwoBefore = LookaheadFrames == 0 && context.HasFrame(-2);
        bool hasNext = LookaheadFrames == 1 && context.HasFrame(1);

        // Raw logarithms (cached by frame index) and the largest magnitude M of the frames in use.
        int current = Cache(context, 0);
        float max = _maxima[current];
        int previous = -1, twoBefore = -1, next = -1;
        if (hasPrevious)
        {
            previous = Cache(context, -1);
            max = MathF.Max(max, _maxima[previous]);
        }

        if (hasTwoBefore)
        {
            twoBefore = Cache(context, -2);
            max = MathF.Max(max, _maxima[twoBefore]);
        }

        if (hasNext)
        {
            next = Cache(context, 1);
            max = MathF.Max(max, _maxima[next]);
        }

        if (!(max > 0))
        {
            advanceDeviation.Clear();
            frequencyStep.Clear();
            return;
        }

        float floor = MathF.Log(max) + _floor;
        Span<float> lc = _a, lp = _b, sum = _c, diff = _e;

        // d = (a/4)·Δₖ(L_n + L_{n−1}) (centred bin difference of the sum), or (a/2)·ΔₖL_n without a previous frame.
        TensorPrimitives.Max(Logs(current), floor, lc);
        if (hasPrevious)
        {
            TensorPrimitives.Max(Logs(previous), floor, lp);
            TensorPrimitives.Add(lc, lp, sum);
            PhaseGradients.CenteredBinDifference(sum, _timeScale, advanceDeviation);
        }
        else
        {
            PhaseGradients.CenteredBinDifference(lc, 2 * _timeScale, advanceDeviation);
        }

        // D = ∂ₙL into diff, with the factor that makes v = −(g/2)·(D[k] + D[k+1]).
        float scale = -_frequencyScale;
        if (hasNext && hasPrevious)
        {
            TensorPrimitives.Max(Logs(next), floor, sum);
            TensorPrimitives.Subtract(sum, lp, diff);
            scale *= 0.5f;
        }
        else if (hasNext)
        {
            TensorPrimitives.Max(Logs(next), floor, sum);
            TensorPrimitives.Subtract(sum, lc, diff);
        }
        else if (hasTwoBefore)
        {
            // 3L_n − 4L_{n−1} + L_{n−2}, halved below.
            TensorPrimitives.Max(Logs(twoBefore), floor, sum);
            TensorPrimitives.MultiplyAdd(lc, 3f, sum, diff);
            TensorPrimitives.MultiplyAdd(lp, -4f, diff, diff);
            scale *= 0.5f;
        }
        else if (hasPrevious)
        {
            TensorPrimitives.Subtract(lc, lp, diff);
        }
        else
        {
            frequencyStep.Clear();
            return;
        }

        TensorPrimitives.Add(diff[..^1], diff[1..], frequencyStep[..^1]);
        TensorPrimitives.Multiply(frequencyStep[..^1], scale, frequencyStep[..^1]);
        frequencyStep[bins - 1] = 0;
    }

    /// <inheritdoc/>
    public void Reset() => Array.Fill(_cachedFrame, -1L);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private Span<float> Logs(int slot) => _logs.AsSpan(slot * _bins, _bins);

    /// <summary>The slot holding <c>ln s</c> of frame <c>n + offset</c>, computing it if it is not cached.</summary>
    private int Cache(PhaseGradientContext context, int offset)
    {
        long frame = context.FrameIndex + offset;
        int slot = (int)(frame % _slots);
        if (_cachedFrame[slot] != frame)
        {
            ReadOnlySpan<float> magnitudes = context.Frame(offset);
            TensorPrimitives.Log(magnitudes, Logs(slot)); // ln 0 = −∞, lifted by the floor where used
            _maxima[slot] = TensorPrimitives.Max(magnitudes);
            _cachedFrame[slot] = frame;
        }

        return slot;
    }
}

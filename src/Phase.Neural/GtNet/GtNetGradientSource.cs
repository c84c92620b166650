using System.Globalization;
using System.Numerics.Tensors;
using Phase.GradientTheorem;
using Phase.Neural.Managed;

namespace Phase.Neural.GtNet;

/// <summary>
/// One stream of managed gtnet inference: per frame, the normalised log-magnitudes of the context (the logarithm of
/// each frame is computed once and cached by frame index), the hidden layers and the two output channels, all with
/// <see cref="FrequencyConvolution"/>.
/// </summary>
/// <remarks>Allocation-free after construction. Cost per frame: one vectorised logarithm of <c>K</c> values, <c>C</c>
/// max/subtract passes and <see cref="GtNetModel.MultiplyAccumulatesPerFrame"/> multiply-adds. Not thread-safe: one
/// instance per stream.</remarks>
internal sealed class GtNetGradientSource : IPhaseGradientSource
{
    private const float LogFloorRelative = 1e-5f;
    private const float Tiny = 1e-30f;

    private readonly GtNetModel _model;
    private readonly int _bins;
    private readonly int _context;
    private readonly int _pad;
    private readonly int _stride;
    private readonly float[] _logs;        // ln s per cached frame, K each (−∞ for zeros)
    private readonly float[] _maxima;      // max s per cached frame
    private readonly long[] _cachedFrame;  // absolute frame index per slot, −1 if none
    private readonly float[] _planeA;      // activations, rows of _stride (see FrequencyConvolution)
    private readonly float[] _planeB;
    private readonly float[] _input;       // Λ, C rows
    private readonly float[] _output;      // 2 rows: d, v

    public GtNetGradientSource(GtNetModel model)
    {
        _model = model;
        _bins = model.BinCount;
        _context = model.ContextFrames;
        LookaheadFrames = model.LookaheadFrames;
        HistoryFrames = model.HistoryFrames;
        _pad = Math.Max(model.HiddenLayers.Max(l => l.HalfSpan), Math.Max(model.OutputLayer.HalfSpan, model.SkipLayer.HalfSpan));
        _stride = FrequencyConvolution.Stride(_bins, _pad);
        int widest = model.HiddenLayers.Max(l => l.PaddedOutChannels);
        _logs = new float[_context * _bins];
        _maxima = new float[_context];
        _cachedFrame = new long[_context];
        _planeA = new float[widest * _stride];
        _planeB = new float[widest * _stride];
        _input = new float[_context * _stride];
        _output = new float[2 * _stride];
        Reset();
    }

    public string Name => _model.Name;

    /// <summary>For layer-by-layer tests: channel <paramref name="channel"/> of layer <paramref name="layer"/> after the
    /// last <see cref="Estimate"/> (layer −1 = the normalised log-magnitudes Λ, 0 … = hidden layers).</summary>
    internal ReadOnlySpan<float> Activation(int layer, int channel)
    {
        float[] plane = layer < 0 ? _input : (layer & 1) == 0 ? _planeA : _planeB;
        return plane.AsSpan((channel * _stride) + _pad, _bins);
    }

    public int LookaheadFrames { get; }

    public int HistoryFrames { get; }

    public void Estimate(PhaseGradientContext context, Span<float> advanceDeviation, Span<float> frequencyStep)
    {
        if (context.BinCount != _bins || context.HistoryFrames < HistoryFrames || context.LookaheadFrames != LookaheadFrames)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The gtnet source reads {HistoryFrames} earlier and {LookaheadFrames} later frames of {_bins} bins; the context holds {context.HistoryFrames} and {context.LookaheadFrames} of {context.BinCount}."), nameof(context));
        }

        if (advanceDeviation.Length != _bins || frequencyStep.Length != _bins)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The destinations must hold {_bins} values (one frame)."),
                advanceDeviation.Length != _bins ? nameof(advanceDeviation) : nameof(frequencyStep));
        }

        // ln s and max s of every context frame (frames that do not exist are zeros: ln 0 = −∞, max 0).
        Span<int> slots = stackalloc int[_context];
        float max = 0f;
        for (int c = 0; c < _context; c++)
        {
            int offset = c - HistoryFrames;
            slots[c] = Cache(context, offset);
            max = MathF.Max(max, _maxima[slots[c]]);
        }

        // Λ = max(ln s, ln max(1e-5 M, 1e-30)) − ln max(M, 1e-30), the graph's normalisation (ln is monotonic).
        float logFloor = MathF.Log(MathF.Max(LogFloorRelative * max, Tiny));
        float logMax = MathF.Log(MathF.Max(max, Tiny));
        for (int c = 0; c < _context; c++)
        {
            Span<float> row = _input.AsSpan((c * _stride) + _pad, _bins);
            TensorPrimitives.Max(_logs.AsSpan(slots[c] * _bins, _bins), logFloor, row);
            TensorPrimitives.Subtract(row, logMax, row);
        }

        // Hidden layers (ping-pong between two planes), then output + skip.
        ReadOnlySpan<float> current = _input;
        IReadOnlyList<ConvLayer> hidden = _model.HiddenLayers;
        for (int i = 0; i < hidden.Count; i++)
        {
            float[] target = (i & 1) == 0 ? _planeA : _planeB;
            FrequencyConvolution.Run(hidden[i], current, target, _bins, _pad, _stride);
            current = target;
        }

        FrequencyConvolution.RunOutput(_model.OutputLayer, current, _model.SkipLayer, _input, _output, _bins, _pad, _stride);
        _output.AsSpan(_pad, _bins).CopyTo(advanceDeviation);
        _output.AsSpan(_stride + _pad, _bins).CopyTo(frequencyStep);
        frequencyStep[_bins - 1] = 0f;
    }

    public void Reset() => Array.Fill(_cachedFrame, -1L);

    public void Dispose()
    {
    }

    /// <summary>The slot holding ln s of frame n + offset; frames outside the stream use a scratch slot (never cached).</summary>
    private int Cache(PhaseGradientContext context, int offset)
    {
        long frame = context.FrameIndex + offset;
        if (!context.HasFrame(offset))
        {
            // A frame that does not exist: zeros. Use the slot the ring would give it, marked as not cached.
            int scratch = (int)(((frame % _context) + _context) % _context);
            _logs.AsSpan(scratch * _bins, _bins).Fill(float.NegativeInfinity);
            _maxima[scratch] = 0f;
            _cachedFrame[scratch] = -1;
            return scratch;
        }

        int slot = (int)(frame % _context);
        if (_cachedFrame[slot] != frame)
        {
            ReadOnlySpan<float> magnitudes = context.Frame(offset);
            TensorPrimitives.Log(magnitudes, _logs.AsSpan(slot * _bins, _bins));
            _maxima[slot] = TensorPrimitives.Max(magnitudes);
            _cachedFrame[slot] = frame;
        }

        return slot;
    }
}

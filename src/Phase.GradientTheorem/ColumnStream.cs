using Phase.Spectral;
using Phase.Stft;

namespace Phase.GradientTheorem;

/// <summary>
/// The frame-by-frame machinery shared by the streaming gradient-theorem methods: look-ahead buffering through a
/// <see cref="GradientFeeder"/>, the previous frame's magnitudes and phases, synthesis, flush and reset. A method
/// supplies only <see cref="IntegrateFrame"/>: the phases of frame <c>n</c> from the previous frame's and the derivatives.
/// </summary>
/// <remarks>
/// <para><b>Timing.</b> Frame <c>n</c> is integrated and synthesised when frame <c>n + L</c> arrives, so the call for frame
/// <c>m</c> writes timeline samples <c>[(m − L)H − ⌊N/2⌋, …)</c> (zeros while <c>m &lt; L</c>): OutputDelay = <c>⌊N/2⌋ + L·H</c>,
/// FlushLength = <c>N − H + L·H</c> (the last <c>L</c> frames, integrated with the look-ahead frames that exist, then the
/// synthesiser's tail), Latency = <see cref="StftSettings.StreamingLatency"/> + <c>L·H</c>.</para>
/// <para>Allocation-free after construction; not thread-safe.</para>
/// </remarks>
internal abstract class ColumnStream
{
    private readonly GradientFeeder _feeder;
    private readonly IPhaseGradientSource _source;
    private readonly StreamingStftSynthesizer _synthesizer;
    private readonly float[] _nominal;
    private readonly float[] _advance;
    private readonly float[] _previousMagnitudes;
    private readonly float[] _real;
    private readonly float[] _imag;
    private float[] _phase;
    private float[] _previousPhase;
    private long _received;

    protected ColumnStream(StftSettings settings, IPhaseGradientSource source)
    {
        Settings = settings;
        Bins = settings.BinCount;
        _source = source;
        _feeder = new GradientFeeder(settings, source);
        _synthesizer = new StreamingStftSynthesizer(settings);
        _nominal = PhaseMath.NominalAdvance(settings);
        _advance = new float[Bins];
        _previousMagnitudes = new float[Bins];
        _phase = new float[Bins];
        _previousPhase = new float[Bins];
        _real = new float[Bins];
        _imag = new float[Bins];
    }

    public StftSettings Settings { get; }

    public int Bins { get; }

    public int LookaheadFrames => _feeder.LookaheadFrames;

    public string SourceName => _source.Name;

    public int Latency => Settings.StreamingLatency + (LookaheadFrames * Settings.Hop);

    public int OutputDelay => _synthesizer.OutputDelay + (LookaheadFrames * Settings.Hop);

    public int FlushLength => _synthesizer.FlushLength + (LookaheadFrames * Settings.Hop);

    /// <summary>The phases of the last frame integrated (principal values).</summary>
    public ReadOnlySpan<float> LastPhase => _previousPhase;

    public void ProcessFrame(ReadOnlySpan<float> magnitudes, Span<float> output)
    {
        _synthesizer.ThrowIfEnded();
        _feeder.Push(magnitudes);
        _received++;
        Emit(_received - 1 - LookaheadFrames, LookaheadFrames, output);
    }

    public int Flush(Span<float> output)
    {
        _synthesizer.ThrowIfEnded();
        int hop = Settings.Hop, lookahead = LookaheadFrames;
        long received = _received;
        for (int s = 0; s < lookahead; s++)
        {
            _feeder.PushMissing();
            long frame = received + s - lookahead;
            Emit(frame, (int)Math.Max(0, received - 1 - frame), output.Slice(s * hop, hop));
        }

        int written = _synthesizer.Flush(output.Slice(lookahead * hop));
        return (lookahead * hop) + written;
    }

    public void Reset()
    {
        _feeder.Reset();
        _synthesizer.Reset();
        _received = 0;
        Array.Clear(_previousMagnitudes);
        Array.Clear(_previousPhase);
        ResetState();
    }

    /// <summary>Computes the phases of frame <paramref name="frame"/>.</summary>
    /// <param name="frame">The frame index <c>n</c> (0 has no previous frame).</param>
    /// <param name="magnitudes">Its magnitudes.</param>
    /// <param name="previousMagnitudes">Frame <c>n − 1</c>'s magnitudes (zeros for n = 0).</param>
    /// <param name="previousPhase">Frame <c>n − 1</c>'s phases, principal values (zeros for n = 0).</param>
    /// <param name="advance">The full advance <c>u = 2πHk/N + d</c> (any representative).</param>
    /// <param name="step">The frequency steps <c>v</c>.</param>
    /// <param name="phase">Receives the phases (any representative; wrapped afterwards).</param>
    protected internal abstract void IntegrateFrame(long frame, ReadOnlySpan<float> magnitudes, ReadOnlySpan<float> previousMagnitudes,
        ReadOnlySpan<float> previousPhase, ReadOnlySpan<float> advance, ReadOnlySpan<float> step, Span<float> phase);

    protected abstract void ResetState();

    private void Emit(long frame, int availableLookahead, Span<float> output)
    {
        if (frame < 0)
        {
            output.Clear();
            return;
        }

        _feeder.Estimate(frame, availableLookahead);
        ReadOnlySpan<float> magnitudes = _feeder.Frame(frame);
        System.Numerics.Tensors.TensorPrimitives.Add(_nominal, _feeder.AdvanceDeviation, _advance);
        IntegrateFrame(frame, magnitudes, _previousMagnitudes, _previousPhase, _advance, _feeder.FrequencyStep, _phase);
        PhaseMath.Wrap(_phase, _phase);
        PhaseMath.PolarToComplex(magnitudes, _phase, _real, _imag);
        _synthesizer.Process(_real, _imag, output);
        magnitudes.CopyTo(_previousMagnitudes);
        (_phase, _previousPhase) = (_previousPhase, _phase);
    }
}

using Phase.Stft;

namespace Phase.Tests.Stft;

/// <summary>
/// Test-only streaming reconstructor: combines each incoming magnitude frame with the phase of a known ("oracle")
/// complex spectrogram and synthesises it with <see cref="StreamingStftSynthesizer"/>. With <c>extraDelayHops</c> it also
/// delays its output by whole hops, like a method with look-ahead, to exercise the adapter's delay handling.
/// </summary>
internal sealed class OraclePhaseStreamingReconstructor : IStreamingPhaseReconstructor
{
    private readonly ComplexSpectrogram _oracle;
    private readonly StreamingStftSynthesizer _synth;
    private readonly float[] _re;
    private readonly float[] _im;
    private readonly float[] _delay; // the last extraDelayHops·H synthesised samples, oldest first
    private readonly float[] _hop;
    private readonly int _extra;
    private int _frame;

    public OraclePhaseStreamingReconstructor(StftSettings settings, ComplexSpectrogram oracle, int extraDelayHops = 0)
    {
        Settings = settings;
        _oracle = oracle;
        _synth = new StreamingStftSynthesizer(settings);
        _re = new float[settings.BinCount];
        _im = new float[settings.BinCount];
        _extra = extraDelayHops;
        _delay = new float[extraDelayHops * settings.Hop];
        _hop = new float[settings.Hop];
    }

    public string Name => "oracle";

    public StftSettings Settings { get; }

    public int LookaheadFrames => _extra;

    public int Latency => Settings.StreamingLatency + _extra * Settings.Hop;

    public int OutputDelay => _synth.OutputDelay + _extra * Settings.Hop;

    public int FlushLength => _synth.FlushLength + _delay.Length;

    public int FramesSeen => _frame;

    public bool Disposed { get; private set; }

    public void ProcessFrame(ReadOnlySpan<float> magnitudes, Span<float> output)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        Span<float> re = _oracle.RealFrame(_frame), im = _oracle.ImaginaryFrame(_frame);
        for (int k = 0; k < _re.Length; k++)
        {
            double r = Math.Sqrt((double)re[k] * re[k] + (double)im[k] * im[k]);
            _re[k] = r > 0 ? (float)(magnitudes[k] * re[k] / r) : magnitudes[k];
            _im[k] = r > 0 ? (float)(magnitudes[k] * im[k] / r) : 0f;
        }

        _frame++;
        _synth.Process(_re, _im, _hop);
        Emit(_hop, output);
    }

    public int Flush(Span<float> output)
    {
        var tail = new float[_synth.FlushLength];
        _synth.Flush(tail);
        _delay.CopyTo(output);
        tail.CopyTo(output.Slice(_delay.Length));
        return FlushLength;
    }

    public void Reset()
    {
        _synth.Reset();
        Array.Clear(_delay);
        _frame = 0;
    }

    public void Dispose() => Disposed = true;

    private void Emit(ReadOnlySpan<float> fresh, Span<float> output)
    {
        if (_delay.Length == 0)
        {
            fresh.CopyTo(output);
            return;
        }

        int h = fresh.Length;
        _delay.AsSpan(0, h).CopyTo(output);
        _delay.AsSpan(h).CopyTo(_delay);
        fresh.CopyTo(_delay.AsSpan(_delay.Length - h));
    }
}

using System.Numerics.Tensors;
using Phase.Fourier;
using Phase.GradientTheorem;
using Phase.Spectral;
using Phase.Stft;

namespace Phase.Effects;

/// <summary>
/// A streaming time-stretch (created by <see cref="TimeStretch.CreateStreaming"/>): input blocks of any size in, the
/// stretched output they complete out; after <see cref="Flush"/> the whole output equals <see cref="TimeStretch.Process(ReadOnlySpan{float})"/>
/// delayed by <see cref="OutputDelay"/> samples.
/// </summary>
/// <remarks>
/// <para><b>Timing.</b> Synthesis frame <c>n</c> is analysed at input sample <c>c_n = round(n·Ha)</c> and made once input
/// sample <c>c_n + ⌈N/2⌉ − 1</c> has arrived; it releases <c>Hs</c> output samples. Output-stream sample <c>i</c> is offline
/// output sample <c>i − </c><see cref="OutputDelay"/> (<c>OutputDelay = ⌊N/2⌋</c>: the synthesis pre-roll, zeros). From the
/// input's side an output sample is written at most <see cref="Latency"/> <c>= ⌈N/2⌉ + ⌊N/2⌋/rate</c> input samples after the
/// input instant it corresponds to (offline sample <c>t</c> ↔ input sample <c>t/rate</c>); for rate 1 and N = 1024 that is
/// 1024 samples (46 ms at 22.05 kHz), the STFT's own <c>N − H</c> plus a hop of block quantisation.</para>
/// <para><b>Edges.</b> Before the first sample and after the end the input is zero; <see cref="Flush"/> ends the stream so that
/// exactly <c>OutputDelay + round(rate·T)</c> samples have been written for <c>T</c> input samples. No sample of the pre-roll
/// or the tail is louder than the offline output there.</para>
/// <para><b>Real time.</b> <see cref="Process"/>, <see cref="Flush"/> and <see cref="Reset"/> allocate nothing (every buffer
/// is allocated by the constructor, about <c>7N</c> floats plus the synthesiser's and integrator's). Per frame: one forward
/// and one inverse real FFT of size <c>N</c>, one vectorised polar conversion each way and <c>O(N)</c> scalar work.
/// Not thread-safe: one instance per stream.</para>
/// </remarks>
public sealed class StreamingTimeStretcher
{
    private readonly TimeStretch _settings;
    private readonly int _n;
    private readonly int _half;      // ⌊N/2⌋
    private readonly int _ceilHalf;  // ⌈N/2⌉
    private readonly int _bins;
    private readonly int _synthesisHop;
    private readonly double _analysisHop;
    private readonly float _tolerance;
    private readonly RealFft _fft;
    private readonly StreamingStftSynthesizer _synthesizer;
    private readonly HeapColumnIntegrator? _integrator;
    private readonly float[] _frameWindow;
    private readonly float[] _synthesisNominal; // princarg(2π·(k·Hs mod N)/N)
    private readonly int _shortSpacing;         // ⌊Ha⌋: consecutive analysis centres are ⌊Ha⌋ or ⌈Ha⌉ apart
    private readonly float[] _shortNominal;     // princarg(2π·(k·⌊Ha⌋ mod N)/N)
    private readonly float[] _longNominal;      // princarg(2π·(k·⌈Ha⌉ mod N)/N)
    private readonly float[] _input;            // input samples [_inputStart, _inputStart + _inputCount)
    private readonly float[] _segment;          // the N samples under the current frame
    private readonly float[] _frame;            // windowed and rotated
    private readonly float[] _real;
    private readonly float[] _imag;
    private readonly float[] _advance;
    private readonly float[] _step;
    private readonly float[] _turns;
    private readonly float[] _hop;              // one synthesis hop, for the flush
    private readonly float[] _tail;             // the synthesiser's flush
    private float[] _magnitude;
    private float[] _previousMagnitude;
    private float[] _analysisPhase;
    private float[] _previousAnalysisPhase;
    private float[] _phase;
    private float[] _previousPhase;
    private long _inputStart;
    private int _inputCount;
    private long _received;
    private long _nextFrame;
    private long _previousCentre;
    private long _written;

    internal StreamingTimeStretcher(TimeStretch settings)
    {
        _settings = settings;
        _n = settings.WindowLength;
        _half = _n / 2;
        _ceilHalf = _n - _half;
        _synthesisHop = settings.SynthesisHop;
        _analysisHop = settings.AnalysisHop;
        _tolerance = (float)TimeStretch.DefaultTolerance;
        StftSettings synthesis = settings.SynthesisSettings;
        _bins = synthesis.BinCount;
        _fft = new RealFft(_n);
        _synthesizer = new StreamingStftSynthesizer(synthesis);
        _integrator = settings.Method == PhaseVocoderMethod.Pvdr ? new HeapColumnIntegrator(_bins, _n % 2 == 0) : null;
        _frameWindow = synthesis.FrameWindow.ToArray();
        _synthesisNominal = NominalAdvance(_synthesisHop);
        _shortSpacing = (int)Math.Floor(_analysisHop);
        _shortNominal = NominalAdvance(_shortSpacing);
        _longNominal = NominalAdvance(_shortSpacing + 1);

        _input = new float[3 * _n];
        _segment = new float[_n];
        _frame = new float[_n];
        _real = new float[_bins];
        _imag = new float[_bins];
        _magnitude = new float[_bins];
        _advance = new float[_bins];
        _step = new float[_bins];
        _turns = new float[_bins];
        _hop = new float[_synthesisHop];
        _tail = new float[_synthesizer.FlushLength];
        _previousMagnitude = new float[_bins];
        _analysisPhase = new float[_bins];
        _previousAnalysisPhase = new float[_bins];
        _phase = new float[_bins];
        _previousPhase = new float[_bins];
        Reset();
    }

    /// <summary>The settings this stream runs.</summary>
    public TimeStretch Settings => _settings;

    /// <summary>Output-stream sample <c>i</c> is offline output sample <c>i − OutputDelay</c>: <c>OutputDelay = ⌊N/2⌋</c>.</summary>
    public int OutputDelay => _half;

    /// <summary>The most input samples between an input instant and the output sample that corresponds to it being written:
    /// <c>⌈⌈N/2⌉ + ⌊N/2⌋/rate⌉</c> (see the remarks).</summary>
    public int Latency => _ceilHalf + (int)Math.Ceiling(_half / _settings.Rate);

    /// <summary>The most samples <see cref="Flush"/> writes: <c>⌊N/2⌋ + ⌈rate·(⌈N/2⌉ + 1)⌉ + 1</c>.</summary>
    public int FlushLength => _half + (int)Math.Ceiling(_settings.Rate * (_ceilHalf + 1)) + 1;

    /// <summary>Input samples received since construction or the last <see cref="Reset"/>/<see cref="Flush"/>.</summary>
    public long InputCount => _received;

    /// <summary>Output samples written since construction or the last <see cref="Reset"/>/<see cref="Flush"/>.</summary>
    public long OutputCount => _written;

    /// <summary>The most samples one <see cref="Process"/> call with <paramref name="inputLength"/> samples can write:
    /// <c>Hs·(⌊n/⌊Ha⌋⌋ + 1)</c>.</summary>
    /// <param name="inputLength">Input samples, ≥ 0.</param>
    /// <returns>The bound.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="inputLength"/> is negative.</exception>
    public int MaxOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        long frames = (inputLength / Math.Max(1, (long)Math.Floor(_analysisHop))) + 1;
        return (int)Math.Min(Array.MaxLength, frames * _synthesisHop);
    }

    /// <summary>Takes the next input samples and writes the output they complete (whole synthesis hops).</summary>
    /// <param name="input">Finite input samples, any number.</param>
    /// <param name="output">Receives the output; must hold at least <see cref="MaxOutputLength"/>(<c>input.Length</c>) samples.</param>
    /// <returns>The number of samples written (a multiple of <see cref="TimeStretch.SynthesisHop"/>).</returns>
    /// <exception cref="ArgumentException">A sample is not finite or <paramref name="output"/> is too short (nothing is consumed).</exception>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        int capacity = MaxOutputLength(input.Length);
        if (output.Length < capacity)
        {
            EffectsThrowHelper.ThrowIfTooShort(output.Length, capacity, nameof(output), $"{input.Length} input samples");
        }

        EffectsThrowHelper.ThrowIfNotFinite(input, nameof(input));
        int written = 0;
        while (!input.IsEmpty)
        {
            int take = Math.Min(input.Length, _input.Length - _inputCount);
            input.Slice(0, take).CopyTo(_input.AsSpan(_inputCount));
            _inputCount += take;
            _received += take;
            input = input.Slice(take);
            while (Centre(_nextFrame) + _ceilHalf <= _received)
            {
                ProduceFrame(output.Slice(written, _synthesisHop));
                written += _synthesisHop;
            }

            // Keep only what later frames read: from the next frame's first sample (always ≤ _received, since Ha ≤ N/4).
            int drop = (int)Math.Clamp(Centre(_nextFrame) - _half - _inputStart, 0, _inputCount);
            _input.AsSpan(drop, _inputCount - drop).CopyTo(_input);
            _inputCount -= drop;
            _inputStart += drop;
        }

        SilencePreroll(output.Slice(0, written));
        _written += written;
        return written;
    }

    /// <summary>Ends the stream: writes the rest of the output (input after the end is zero), so that
    /// <c>OutputDelay + round(rate·T)</c> samples have been written in all for <c>T</c> input samples, then resets.</summary>
    /// <param name="output">Receives the tail; must hold the remaining samples (at most <see cref="FlushLength"/>).</param>
    /// <returns>The number of samples written.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is too short (the state is then unchanged).</exception>
    public int Flush(Span<float> output)
    {
        long target = _half + _settings.OutputLength(_received);
        int remaining = (int)Math.Max(0, target - _written);
        EffectsThrowHelper.ThrowIfTooShort(output.Length, remaining, nameof(output), "the stream's tail");
        long frames = 1 + ((target - _half) / _synthesisHop);
        int written = 0;
        while (_nextFrame < frames && written < remaining)
        {
            ProduceFrame(_hop);
            int take = Math.Min(_synthesisHop, remaining - written);
            _hop.AsSpan(0, take).CopyTo(output.Slice(written));
            written += take;
        }

        if (written < remaining)
        {
            int tail = _synthesizer.Flush(_tail);
            int take = Math.Min(tail, remaining - written);
            _tail.AsSpan(0, take).CopyTo(output.Slice(written));
            written += take;
        }

        // The synthesiser's tail covers the last frame's end, past round(rate·T); what is still missing is silence.
        output.Slice(written, remaining - written).Clear();
        SilencePreroll(output.Slice(0, remaining));
        Reset();
        return remaining;
    }

    /// <summary>Forgets the stream; the next call starts a new one. Allocates nothing.</summary>
    public void Reset()
    {
        Array.Clear(_input);
        _inputStart = -_half; // the ⌊N/2⌋ zeros before the signal that frame 0 reads
        _inputCount = _half;
        _received = 0;
        _nextFrame = 0;
        _previousCentre = 0;
        _written = 0;
        _synthesizer.Reset();
        Array.Clear(_previousMagnitude);
        Array.Clear(_previousPhase);
        Array.Clear(_previousAnalysisPhase);
    }

    /// <summary>Zeroes the pre-roll among <paramref name="written"/>, the samples just written from <see cref="_written"/> on: the
    /// first ⌊N/2⌋ output samples precede frame 0's centre (timeline &lt; 0). The stretched frames are not consistent, so the
    /// synthesiser puts a little there, which is not part of the output (the offline result starts at timeline 0).</summary>
    private void SilencePreroll(Span<float> written)
    {
        if (_written < _half)
        {
            written.Slice(0, (int)Math.Min(written.Length, _half - _written)).Clear();
        }
    }

    private long Centre(long frame) => (long)Math.Round(frame * _analysisHop, MidpointRounding.AwayFromZero);

    /// <summary>Analyses frame <see cref="_nextFrame"/>, computes its synthesis phase and synthesises one hop.</summary>
    private void ProduceFrame(Span<float> output)
    {
        long centre = Centre(_nextFrame);
        Analyse(centre);
        SpectralOps.ComplexToPolar(_real, _imag, _magnitude, _analysisPhase);
        int bins = _bins;
        if (_nextFrame == 0)
        {
            // The first frame keeps the analysis phase: rate 1 then reproduces the input exactly.
            _analysisPhase.AsSpan().CopyTo(_phase);
        }
        else
        {
            // u[k] = ω[k]·Hs with ω[k] = 2πk/N + princarg(φa − φa_prev − 2πkΔ/N)/Δ: the instantaneous frequency (rad/sample).
            // Vectorised: d = princarg(φa − φa_prev − nominal_Δ), u = nominal_Hs + d·Hs/Δ.
            int spacing = (int)(centre - _previousCentre);
            float[] nominal = spacing == _shortSpacing ? _shortNominal : _longNominal;
            TensorPrimitives.Subtract(_analysisPhase, _previousAnalysisPhase, _advance);
            TensorPrimitives.Subtract(_advance, nominal, _advance);
            Wrap(_advance);
            TensorPrimitives.MultiplyAdd(_advance, (float)_synthesisHop / spacing, _synthesisNominal, _advance);
            if (_integrator is null)
            {
                TensorPrimitives.Add(_previousPhase, _advance, _phase);
            }
            else
            {
                // v[k] = princarg(φa[k + 1] − φa[k]), the analysis frame's own phase steps across frequency.
                TensorPrimitives.Subtract(_analysisPhase.AsSpan(1), _analysisPhase.AsSpan(0, bins - 1), _step.AsSpan(0, bins - 1));
                Wrap(_step.AsSpan(0, bins - 1));
                _step[bins - 1] = 0;
                float max = MathF.Max(TensorPrimitives.Max(_magnitude), TensorPrimitives.Max(_previousMagnitude));
                _integrator.Integrate(_previousPhase, _previousMagnitude, true, _magnitude, _advance, _step, _tolerance * max, _phase);
            }

            Wrap(_phase);
        }

        SpectralOps.PolarToComplex(_magnitude, _phase, _real, _imag);
        _synthesizer.Process(_real, _imag, output);
        (_previousMagnitude, _magnitude) = (_magnitude, _previousMagnitude);
        (_previousAnalysisPhase, _analysisPhase) = (_analysisPhase, _previousAnalysisPhase);
        (_previousPhase, _phase) = (_phase, _previousPhase);
        _previousCentre = centre;
        _nextFrame++;
    }

    /// <summary>Windows the <c>N</c> input samples centred on <paramref name="centre"/> (zeros past the input received) into
    /// the time-invariant (frame-centred) layout and transforms them into <see cref="_real"/>, <see cref="_imag"/>.</summary>
    private void Analyse(long centre)
    {
        long first = centre - _half;
        int offset = (int)(first - _inputStart);
        int available = (int)Math.Clamp(_received - first, 0, _n);
        _input.AsSpan(offset, available).CopyTo(_segment);
        _segment.AsSpan(available).Clear();

        // Rotate so that the frame centre is element 0 (docs/stft.md: time-invariant phase).
        int a = _n - _half;
        TensorPrimitives.Multiply(_segment.AsSpan(_half, a), _frameWindow.AsSpan(_half, a), _frame.AsSpan(0, a));
        TensorPrimitives.Multiply(_segment.AsSpan(0, _half), _frameWindow.AsSpan(0, _half), _frame.AsSpan(a, _half));
        _fft.Forward(_frame, _real, _imag);
    }

    /// <summary>Principal values in place: <c>x − 2π·round(x/2π)</c>, in [−π, π] (vectorised; at most K values).</summary>
    private void Wrap(Span<float> x)
    {
        Span<float> turns = _turns.AsSpan(0, x.Length);
        TensorPrimitives.Multiply(x, 1 / (2 * MathF.PI), turns);
        TensorPrimitives.Round(turns, turns);
        TensorPrimitives.MultiplyAdd(turns, -2 * MathF.PI, x, x);
    }

    /// <summary>The principal value of <c>2π·(k·hop mod N)/N</c> for every bin, exact in the integer part.</summary>
    private float[] NominalAdvance(int hop)
    {
        var table = new float[_bins];
        long m = 0;
        for (int k = 0; k < _bins; k++)
        {
            double a = 2 * Math.PI * m / _n;
            table[k] = (float)(a > Math.PI ? a - (2 * Math.PI) : a);
            m = (m + hop) % _n;
        }

        return table;
    }
}

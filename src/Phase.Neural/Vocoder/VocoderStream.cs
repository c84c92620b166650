using System.Globalization;
using Phase.Mel;
using Phase.Stft;

namespace Phase.Neural.Vocoder;

/// <summary>
/// Streaming vocoder: mel frames in one at a time (as an acoustic model produces them), audio out as soon as it is final;
/// sample for sample equal to <see cref="VocoderReconstructor.Synthesize(ReadOnlySpan{float}, int, MelLayout, CancellationToken)"/> of the
/// whole spectrogram. Created by <see cref="VocoderReconstructor.CreateStream"/>.
/// </summary>
/// <remarks>
/// <para><b>How.</b> The model runs on windows of <c>W = chunk + 2·context</c> frames (<c>context</c> =
/// <see cref="VocoderModel.ContextFrames"/>, the receptive field) and keeps the middle <c>chunk</c> frames, which are then
/// exactly what one pass over everything gives; the first window starts at frame 0 and the last ones, run by
/// <see cref="Finish"/>, end at the last frame, as in the offline chunked run. The spectra go through a
/// <see cref="StreamingStftSynthesizer"/> (equal to Phase's offline inverse STFT).</para>
/// <para><b>Latency.</b> Chunk <c>[c, c + chunk)</c> runs once frame <c>max(W, c + chunk + context) − 1</c> has arrived;
/// its audio (<c>chunk·H</c> samples, less at the start) is written then. <see cref="Finish"/> writes the rest, up to the
/// family's output length for the frames received.</para>
/// <para><b>Allocation.</b> <see cref="Push"/> allocates nothing after the first window has run (one binding shape);
/// <see cref="Finish"/> may bind smaller windows once. Not thread-safe; one stream per reconstructor at a time.</para>
/// </remarks>
public sealed class VocoderStream
{
    private readonly VocoderReconstructor _owner;
    private readonly StreamingStftSynthesizer _synthesizer;
    private readonly int _m;
    private readonly int _k;
    private readonly int _hop;
    private readonly int _width;
    private readonly float[] _frames;   // mel frames [_base, _base + _count), frame-major
    private readonly float[] _re;
    private readonly float[] _im;
    private readonly float[] _hopBuffer;
    private readonly float[] _tail;
    private long _base;
    private int _count;
    private long _received;
    private long _nextChunk;       // first frame of the next chunk to run
    private long _streamSamples;   // samples the synthesiser has produced
    private long _written;         // family output samples written

    internal VocoderStream(VocoderReconstructor owner, int chunkFrames, int contextFrames)
    {
        _owner = owner;
        ChunkFrames = chunkFrames;
        ContextFrames = contextFrames;
        _m = owner.Model.MelCount;
        _k = owner.BinCount;
        _hop = owner.Model.Spectrum.Hop;
        _width = chunkFrames + (2 * contextFrames);
        int capacity = _width + (2 * chunkFrames) + 2;
        _frames = new float[capacity * _m];
        _re = new float[capacity * _k];
        _im = new float[capacity * _k];
        _synthesizer = new StreamingStftSynthesizer(owner.SpectrumSettings);
        _hopBuffer = new float[_hop];
        _tail = new float[_synthesizer.FlushLength];
    }

    /// <summary>Frames per model run.</summary>
    public int ChunkFrames { get; }

    /// <summary>Frames of context on either side (the model's receptive field).</summary>
    public int ContextFrames { get; }

    /// <summary>Most samples one <see cref="Push"/> writes: <c>ChunkFrames·H</c>.</summary>
    public int MaxPushLength => ChunkFrames * _hop;

    /// <summary>Most samples <see cref="Finish"/> writes: <c>(chunk + 2·context + 1)·H + N</c>.</summary>
    public int MaxFinishLength => ((_width + 1) * _hop) + _owner.Model.Spectrum.FftSize;

    /// <summary>Frames received.</summary>
    public long FramesReceived => _received;

    /// <summary>Samples written so far.</summary>
    public long SamplesWritten => _written;

    /// <summary>Takes one mel frame (<c>n_mels</c> stored values) and writes the audio that became final.</summary>
    /// <param name="frame">One frame, <see cref="VocoderModel.MelCount"/> finite values.</param>
    /// <param name="output">Room for at least <see cref="MaxPushLength"/> samples.</param>
    /// <returns>Samples written (0 until a chunk is complete).</returns>
    /// <exception cref="ArgumentException">Wrong length, a non-finite value, or <paramref name="output"/> too short.</exception>
    public int Push(ReadOnlySpan<float> frame, Span<float> output)
    {
        if (frame.Length != _m)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"A frame has {_m} mel values; got {frame.Length}."), nameof(frame));
        }

        for (int i = 0; i < frame.Length; i++)
        {
            if (!float.IsFinite(frame[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"frame[{i}] is {frame[i]}; mel values must be finite."), nameof(frame));
            }
        }

        if (output.Length < MaxPushLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"output must hold {MaxPushLength} samples (one chunk); it holds {output.Length}."), nameof(output));
        }

        if (_count == _frames.Length / _m)
        {
            throw new InvalidOperationException("Internal error: the frame buffer is full.");
        }

        frame.CopyTo(_frames.AsSpan(_count * _m, _m));
        _count++;
        _received++;
        long chunkEnd = _nextChunk + ChunkFrames;
        if (_received >= Math.Max(_width, chunkEnd + ContextFrames))
        {
            long start = Math.Max(0, _nextChunk - ContextFrames);
            return RunChunk(start, _width, _nextChunk, chunkEnd, output, long.MaxValue);
        }

        return 0;
    }

    /// <summary>Ends the stream: runs the remaining chunks (windows ending at the last frame, as offline), flushes the
    /// inverse STFT and writes the rest of the family's output (<see cref="VocoderReconstructor.OutputLength"/> samples in
    /// all). The stream cannot be used afterwards.</summary>
    /// <param name="output">Room for at least <see cref="MaxFinishLength"/> samples.</param>
    /// <returns>Samples written.</returns>
    /// <exception cref="InvalidOperationException">No frame was received.</exception>
    public int Finish(Span<float> output)
    {
        if (_received == 0)
        {
            throw new InvalidOperationException("The stream received no frames.");
        }

        if (output.Length < MaxFinishLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"output must hold {MaxFinishLength} samples; it holds {output.Length}."), nameof(output));
        }

        long total = _received;
        long limit = _owner.OutputLength((int)total);
        int width = (int)Math.Min(total, _width);
        int written = 0;
        while (_nextChunk < total)
        {
            long chunkEnd = Math.Min(total, _nextChunk + ChunkFrames);
            long start = Math.Clamp(_nextChunk - ContextFrames, 0, total - width);
            written += RunChunk(start, width, _nextChunk, chunkEnd, output[written..], limit);
        }

        int flushed = _synthesizer.Flush(_tail);
        written += Emit(_tail.AsSpan(0, flushed), output[written..], limit);
        return written;
    }

    private int RunChunk(long start, int width, long c0, long c1, Span<float> output, long limit)
    {
        int rel0 = (int)(start - _base);
        lock (_owner.Gate)
        {
            _owner.RunWindow(_frames.AsSpan(0, _count * _m), _count, MelLayout.FramesByMels, rel0, rel0 + width,
                (int)(c0 - _base), (int)(c1 - _base), _re, _im);
        }

        int written = 0;
        int n = _owner.Model.Spectrum.FftSize;
        for (long t = c0; t < c1; t++)
        {
            int rel = (int)(t - _base);
            Span<float> re = _re.AsSpan(rel * _k, _k), im = _im.AsSpan(rel * _k, _k);
            PhaseConvention.ToTimeInvariant(re, im, n);
            _synthesizer.Process(re, im, _hopBuffer);
            written += Emit(_hopBuffer, output[written..], limit);
        }

        _nextChunk = c1;
        // Keep the frames a later window may need: from next chunk − context on, or, for a window that Finish slides back
        // to end at the last frame (total − W ≥ received − W), from received − W on.
        long keep = Math.Max(_base, Math.Min(_nextChunk - ContextFrames, _received - _width));
        int drop = (int)(keep - _base);
        if (drop > 0)
        {
            _frames.AsSpan(drop * _m, (_count - drop) * _m).CopyTo(_frames);
            _count -= drop;
            _base = keep;
        }

        return written;
    }

    /// <summary>Copies synthesiser output to the caller, skipping the samples before the family's first and stopping at
    /// <paramref name="limit"/> family samples.</summary>
    private int Emit(ReadOnlySpan<float> samples, Span<float> output, long limit)
    {
        int skip = _owner.StreamSkip;
        int written = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            long index = _streamSamples++ - skip;
            if (index >= 0 && _written < limit)
            {
                output[written++] = samples[i];
                _written++;
            }
        }

        return written;
    }
}

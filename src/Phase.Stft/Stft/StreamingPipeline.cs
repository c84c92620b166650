using Phase.Spectral;

namespace Phase.Stft;

/// <summary>
/// The whole real-time loop of an application around an <see cref="IStreamingPhaseReconstructor"/>: push audio hops
/// (analysed inside with a <see cref="StreamingStftAnalyzer"/>) or magnitude frames from a model, receive output hops;
/// lead-in frames, latency, end of stream, flush and optional delay compensation are handled here.
/// </summary>
/// <remarks>
/// <para><b>One loop.</b> Call <see cref="Process"/> with any whole number of frames — one hop of audio (<c>H</c> samples) or
/// one magnitude frame (<c>K</c> values) at a time, or a chunk of several as a model emits them — and it writes one hop
/// of output per frame. At the end of the stream call <see cref="End(Span{float})"/> once (with the audio's last, shorter
/// hop if there is one): it emits the frames centred on the last samples, flushes the reconstructor and writes the rest
/// of the output. <see cref="Reset"/> starts a new stream. Chunked calls give output bit-identical to frame-by-frame calls.</para>
/// <para><b>Timing.</b> Without delay compensation (the default) the output is the raw stream a sound card gets: every
/// <see cref="Process"/> call writes exactly <c>H</c> samples per frame, and output sample <c>i</c> is input sample
/// <c>i − </c><see cref="OutputDelay"/> (for magnitude input: timeline sample, frame <c>n</c> centred on <c>n·H</c>).
/// For audio input <see cref="OutputDelay"/> = <see cref="Latency"/> = <c>N − H + δ + L·H</c> (the analyser's lead-in
/// frames, centred before the stream started, come out as <c>H</c> zeros each); for magnitude input it is the
/// reconstructor's <see cref="IStreamingPhaseReconstructor.OutputDelay"/> <c>= ⌊N/2⌋ + L·H</c>. With
/// <c>compensateDelay</c> the first <see cref="Latency"/>-worth of output (the raw <see cref="OutputDelay"/> samples) is
/// dropped, so output sample <c>i</c> is input sample <c>i</c> and the whole stream holds exactly the input's length (audio) or
/// <c>F·H</c> samples (<c>F</c> magnitude frames); <see cref="Process"/> then writes fewer samples at first, and returns how many.</para>
/// <para><b>Bounded output.</b> The pre-roll and the tail fade in and out with the window (see
/// <see cref="StreamingStftSynthesizer"/>), so no sample of the whole stream, end included, is louder than the frames justify.</para>
/// <para><b>Real time.</b> <see cref="Process"/>, <see cref="End(Span{float})"/> and <see cref="Reset"/> allocate nothing after
/// construction. Not thread-safe; one instance per stream.</para>
/// </remarks>
public sealed class StreamingPipeline : IDisposable
{
    private readonly IStreamingPhaseReconstructor _reconstructor;
    private readonly StreamingStftAnalyzer? _analyzer;
    private readonly bool _leaveOpen;
    private readonly int _hop;
    private readonly int _bins;
    private readonly int _rawDelay;
    private readonly float[] _frame;
    private readonly float[] _hopBuffer;
    private readonly float[] _flushBuffer;
    private long _skip;
    private long _limit = long.MaxValue;
    private long _framesIn;
    private bool _ended;
    private bool _disposed;

    /// <summary>Creates a pipeline around <paramref name="reconstructor"/>.</summary>
    /// <param name="reconstructor">The streaming reconstructor (for example from <c>PhaseReconstructors.CreateStreaming</c>); it is reset now.</param>
    /// <param name="input">Whether <see cref="Process"/> takes audio hops or magnitude frames.</param>
    /// <param name="compensateDelay">Drop the raw stream's first <see cref="IStreamingPhaseReconstructor.OutputDelay"/>-plus-lead-in
    /// samples so the output aligns with the input and has its length.</param>
    /// <param name="leaveOpen">Keep the reconstructor alive when the pipeline is disposed (by default the pipeline owns it).</param>
    /// <exception cref="ArgumentNullException"><paramref name="reconstructor"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="input"/> is not a defined value.</exception>
    public StreamingPipeline(IStreamingPhaseReconstructor reconstructor, StreamingInput input, bool compensateDelay = false, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(reconstructor);
        if (input is not (StreamingInput.Audio or StreamingInput.Magnitudes))
        {
            StftThrowHelper.ArgumentOutOfRange(nameof(input), input, $"The input must be StreamingInput.Audio or StreamingInput.Magnitudes; got {input}.");
        }

        _reconstructor = reconstructor;
        _leaveOpen = leaveOpen;
        Input = input;
        CompensatesDelay = compensateDelay;
        StftSettings settings = reconstructor.Settings;
        _hop = settings.Hop;
        _bins = settings.BinCount;
        int rawDelay = reconstructor.OutputDelay;
        int maxEnd = reconstructor.FlushLength;
        if (input == StreamingInput.Audio)
        {
            _analyzer = new StreamingStftAnalyzer(settings);
            rawDelay += -_analyzer.FirstFrameIndex * _hop;
            maxEnd += _analyzer.EndFrameCount * _hop;
        }

        _rawDelay = rawDelay;
        MaxEndLength = Math.Max(maxEnd, rawDelay + _hop);
        _frame = new float[_bins];
        _hopBuffer = new float[_hop];
        _flushBuffer = new float[reconstructor.FlushLength];
        reconstructor.Reset();
        _skip = compensateDelay ? rawDelay : 0;
    }

    /// <summary>The reconstructor the pipeline drives.</summary>
    public IStreamingPhaseReconstructor Reconstructor => _reconstructor;

    /// <summary>The STFT settings (the reconstructor's).</summary>
    public StftSettings Settings => _reconstructor.Settings;

    /// <summary>What <see cref="Process"/> takes.</summary>
    public StreamingInput Input { get; }

    /// <summary>Whether the output is aligned with the input (the raw delay dropped).</summary>
    public bool CompensatesDelay { get; }

    /// <summary>Input values per frame: <c>H</c> samples for audio, <c>K</c> magnitudes for magnitude frames.</summary>
    public int FrameInputLength => Input == StreamingInput.Audio ? _hop : _bins;

    /// <summary>Algorithmic latency in samples from a sample entering the pipeline (or the analysis that produced a model's
    /// frame) to it leaving: the reconstructor's <see cref="IStreamingPhaseReconstructor.Latency"/>, <c>N − H + δ + L·H</c>.</summary>
    public int Latency => _reconstructor.Latency;

    /// <summary>Output sample <c>i</c> is input (timeline) sample <c>i − OutputDelay</c>: <see cref="Latency"/> for audio input,
    /// the reconstructor's <see cref="IStreamingPhaseReconstructor.OutputDelay"/> for magnitude input, 0 with delay compensation.</summary>
    public int OutputDelay => CompensatesDelay ? 0 : _rawDelay;

    /// <summary>The most samples <see cref="End(Span{float})"/> writes (size its buffer with this).</summary>
    public int MaxEndLength { get; }

    /// <summary>Output samples written since construction or <see cref="Reset"/>.</summary>
    public long SamplesWritten { get; private set; }

    /// <summary>Whether <see cref="End(Span{float})"/> has been called (only <see cref="Reset"/> may follow).</summary>
    public bool HasEnded => _ended;

    /// <summary>Takes a whole number of frames and writes one hop of output per frame (fewer while delay compensation drops
    /// the raw delay).</summary>
    /// <param name="input">Audio: a multiple of <c>H</c> finite samples. Magnitudes: a multiple of <c>K</c> finite, non-negative
    /// linear magnitudes, frame after frame. May be empty.</param>
    /// <param name="output">Receives the output; at least <c>H</c> × the number of frames long.</param>
    /// <returns>The number of samples written to <paramref name="output"/>.</returns>
    /// <exception cref="ArgumentException">A length is wrong or a value is invalid (nothing is processed then).</exception>
    /// <exception cref="InvalidOperationException">The stream has ended (<see cref="End(Span{float})"/> was called); call <see cref="Reset"/>.</exception>
    /// <exception cref="ObjectDisposedException">The pipeline was disposed.</exception>
    public int Process(ReadOnlySpan<float> input, Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ThrowIfEnded();
        int per = FrameInputLength;
        if (input.Length % per != 0)
        {
            StftThrowHelper.Argument(nameof(input), Input == StreamingInput.Audio
                ? $"Audio comes in whole hops of {per} samples (give the last, shorter hop to End); got {input.Length} samples."
                : $"Magnitudes come in whole frames of {per} bins; got {input.Length} values.");
        }

        int frames = input.Length / per;
        if ((long)frames * _hop > output.Length)
        {
            StftThrowHelper.Argument(nameof(output), $"{frames} frames write up to {(long)frames * _hop} samples but the destination holds {output.Length}.");
        }

        ValidateInput(input, nameof(input));
        int written = 0;
        for (int f = 0; f < frames; f++)
        {
            ReadOnlySpan<float> chunk = input.Slice(f * per, per);
            if (_analyzer is not null)
            {
                _analyzer.ProcessMagnitude(chunk, _frame);
                ReconstructAnalysed(output, ref written);
            }
            else
            {
                _reconstructor.ProcessFrame(chunk, _hopBuffer);
                _framesIn++;
                Emit(_hopBuffer, output, ref written);
            }
        }

        return written;
    }

    /// <summary>Ends the stream: emits the frames centred on the last input samples (audio), flushes the reconstructor and
    /// writes the rest of the output (with delay compensation: up to the input's length, or <c>F·H</c> for <c>F</c> magnitude frames).</summary>
    /// <param name="output">Receives the samples; at least <see cref="MaxEndLength"/> long.</param>
    /// <returns>The number of samples written.</returns>
    /// <exception cref="ArgumentException"><paramref name="output"/> is shorter than <see cref="MaxEndLength"/>.</exception>
    /// <exception cref="InvalidOperationException">The stream has already ended; call <see cref="Reset"/>.</exception>
    /// <exception cref="ObjectDisposedException">The pipeline was disposed.</exception>
    public int End(Span<float> output) => End(ReadOnlySpan<float>.Empty, output);

    /// <summary>Ends an audio stream whose last hop is shorter than <c>H</c>: as <see cref="End(Span{float})"/>, after analysing
    /// <paramref name="lastSamples"/> (zero-filled to a hop).</summary>
    /// <param name="lastSamples">The stream's last 0 … <c>H − 1</c> finite samples (empty for none).</param>
    /// <param name="output">Receives the samples; at least <see cref="MaxEndLength"/> long.</param>
    /// <returns>The number of samples written.</returns>
    /// <exception cref="ArgumentException"><paramref name="lastSamples"/> is <c>H</c> or longer, not finite, or given to a magnitude
    /// pipeline; or <paramref name="output"/> is shorter than <see cref="MaxEndLength"/>.</exception>
    /// <exception cref="InvalidOperationException">The stream has already ended; call <see cref="Reset"/>.</exception>
    /// <exception cref="ObjectDisposedException">The pipeline was disposed.</exception>
    public int End(ReadOnlySpan<float> lastSamples, Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_ended)
        {
            throw new InvalidOperationException("The stream has already ended: End was called before. Call Reset to start a new stream.");
        }

        if (!lastSamples.IsEmpty && _analyzer is null)
        {
            StftThrowHelper.Argument(nameof(lastSamples), "Last samples are for an audio pipeline; a magnitude pipeline ends with End(output).");
        }

        if (lastSamples.Length >= _hop)
        {
            StftThrowHelper.Argument(nameof(lastSamples), $"The last samples are the stream's final, shorter hop: 0 … {_hop - 1} samples; got {lastSamples.Length} (push whole hops with Process).");
        }

        if (output.Length < MaxEndLength)
        {
            StftThrowHelper.Argument(nameof(output), $"End writes up to {MaxEndLength} samples (MaxEndLength) but the destination holds {output.Length}.");
        }

        StftThrowHelper.ThrowIfNotFinite(lastSamples, nameof(lastSamples));
        _ended = true;
        int written = 0;
        if (_analyzer is not null)
        {
            if (!lastSamples.IsEmpty)
            {
                _analyzer.ProcessMagnitude(lastSamples, _frame);
                ReconstructAnalysed(output, ref written);
            }

            // Aligned output holds exactly the input's length.
            _limit = CompensatesDelay ? _analyzer.SamplesReceived : long.MaxValue;
            while (_analyzer.ProcessEndMagnitude(_frame))
            {
                ReconstructAnalysed(output, ref written);
            }
        }
        else
        {
            _limit = CompensatesDelay ? _framesIn * _hop : long.MaxValue;
        }

        int flushed = _reconstructor.Flush(_flushBuffer);
        Emit(_flushBuffer.AsSpan(0, flushed), output, ref written);
        if (CompensatesDelay)
        {
            // Samples the stream never reaches (only for hops above ⌈N/2⌉) are 0.
            int zeros = (int)Math.Max(0, _limit - SamplesWritten);
            output.Slice(written, zeros).Clear();
            written += zeros;
            SamplesWritten += zeros;
        }

        return written;
    }

    /// <summary>Forgets the stream (ended or not): the next <see cref="Process"/> starts a new one. Allocates nothing.</summary>
    /// <exception cref="ObjectDisposedException">The pipeline was disposed.</exception>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _analyzer?.Reset();
        _reconstructor.Reset();
        _skip = CompensatesDelay ? _rawDelay : 0;
        _limit = long.MaxValue;
        _framesIn = 0;
        SamplesWritten = 0;
        _ended = false;
    }

    /// <summary>Disposes the reconstructor unless the pipeline was created with <c>leaveOpen</c>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_leaveOpen)
        {
            _reconstructor.Dispose();
        }
    }

    private void ThrowIfEnded()
    {
        if (_ended)
        {
            throw new InvalidOperationException("The stream has ended: End was called. Call Reset to start a new stream before pushing more frames.");
        }
    }

    private void ValidateInput(ReadOnlySpan<float> input, string paramName)
    {
        if (Input == StreamingInput.Audio)
        {
            StftThrowHelper.ThrowIfNotFinite(input, paramName);
            return;
        }

        for (int i = 0; i < input.Length; i++)
        {
            float m = input[i];
            if (!(m >= 0f) || float.IsPositiveInfinity(m))
            {
                StftThrowHelper.Argument(paramName, $"Magnitudes must be finite and non-negative; frame {i / _bins}, bin {i % _bins} is {m}.");
            }

            if (m > MagnitudeSpectrogram.MaxMagnitude)
            {
                MagnitudeSpectrogram.ThrowIfAboveMaxMagnitude(input, _bins, paramName);
            }
        }
    }

    /// <summary>Reconstructs the frame the analyser just wrote to <see cref="_frame"/>; a lead-in frame (negative index) gives a zero hop.</summary>
    private void ReconstructAnalysed(Span<float> output, ref int written)
    {
        if (_analyzer!.NextFrameIndex <= 0)
        {
            Array.Clear(_hopBuffer);
        }
        else
        {
            _reconstructor.ProcessFrame(_frame, _hopBuffer);
            _framesIn++;
        }

        Emit(_hopBuffer, output, ref written);
    }

    /// <summary>Appends raw-stream samples to the output, dropping what delay compensation still has to drop.</summary>
    private void Emit(ReadOnlySpan<float> raw, Span<float> output, ref int written)
    {
        if (_skip > 0)
        {
            int drop = (int)Math.Min(_skip, raw.Length);
            raw = raw.Slice(drop);
            _skip -= drop;
        }

        if (SamplesWritten + raw.Length > _limit)
        {
            raw = raw.Slice(0, (int)Math.Max(0, _limit - SamplesWritten));
        }

        raw.CopyTo(output.Slice(written));
        written += raw.Length;
        SamplesWritten += raw.Length;
    }
}

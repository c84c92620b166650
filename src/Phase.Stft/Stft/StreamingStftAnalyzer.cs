using Phase.Fourier;
using Phase.Spectral;

namespace Phase.Stft;

/// <summary>
/// Streaming STFT analysis: one hop of <c>H</c> input samples in, one complex frame out, equal to the offline centred
/// STFT with zero padding (<see cref="StftPadding.Zero"/>) frame by frame.
/// </summary>
/// <remarks>
/// <para><b>Timing.</b> Let <c>h = ⌊N/2⌋</c>, <c>D = ⌈⌈N/2⌉ / H⌉</c> and <c>δ = D·H − ⌈N/2⌉</c> (<see cref="InputDelay"/>, 0 for the
/// usual settings such as N = 1024, H = 256). Offline frame <c>n</c> covers input samples <c>[nH − h, nH + ⌈N/2⌉)</c>, so it
/// is complete once sample <c>nH + ⌈N/2⌉ − 1</c> has arrived. Input hop <c>j</c> (the <c>j</c>-th call, from 0) carries
/// samples <c>[jH, (j + 1)H)</c>; the call emits frame <c>n = j + 1 − D</c>, i.e. the first call emits frame
/// <see cref="FirstFrameIndex"/> <c>= 1 − D</c>. The first <c>D − 1</c> frames are <i>lead-in</i> frames with negative index
/// (centred before the signal starts: they see only its first samples); a synthesiser that reproduces the offline
/// ISTFT should skip them. Internally the input is delayed by <c>δ</c> zeros so that frame centres fall on multiples of
/// <c>H</c>; <c>δ</c> is the price of hop-quantised input when <c>⌈N/2⌉</c> is not a multiple of <c>H</c>.</para>
/// <para><b>End of stream.</b> The frames centred on the last samples need input that never comes. Feed the signal in hops
/// (the last one may be shorter than <c>H</c>: it is zero-filled and ends the input), then call <see cref="ProcessEnd"/> or
/// <see cref="ProcessEndMagnitude"/> until it returns <see langword="false"/>: each call feeds one zero hop and emits the
/// next frame, up to frame <c>⌊L/H⌋</c> of the <c>L</c> samples pushed, so that together with the frames already emitted
/// the stream holds all <see cref="StftSettings.FrameCount"/>(L) = <c>1 + ⌊L/H⌋</c> offline frames (at most <see cref="EndFrameCount"/>
/// end frames). After the first end call (or a short hop) the input has ended: <see cref="Process"/> throws
/// <see cref="InvalidOperationException"/> until <see cref="Reset"/>.</para>
/// <para><b>Latency.</b> Analysis followed by <see cref="StreamingStftSynthesizer"/> delays the signal by
/// <c>N − H + δ</c> samples (see docs/stft.md for the timing diagram).</para>
/// <para><b>Real time.</b> <see cref="Process"/>, <see cref="ProcessMagnitude"/>, the end calls and <see cref="Reset"/> allocate nothing.
/// Cost per call: one real FFT of size <c>N</c> plus <c>O(N)</c>. Not thread-safe; one instance per stream.</para>
/// </remarks>
public sealed class StreamingStftAnalyzer
{
    private readonly StftFrameTables _tables;
    private readonly RealFft _fft;
    private readonly int _n;
    private readonly int _hop;
    private readonly float[] _buffer; // the newest N + δ internal samples, oldest first
    private readonly float[] _frame;
    private readonly float[] _real;
    private readonly float[] _imag;
    private readonly float[] _zeros;
    private long _samples;

    /// <summary>Creates an analyser for <paramref name="settings"/> (its padding mode is ignored: streaming frames are always
    /// centred and zero-padded).</summary>
    /// <param name="settings">Validated STFT settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public StreamingStftAnalyzer(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _tables = new StftFrameTables(settings);
        _n = settings.FftSize;
        _hop = settings.Hop;
        int ceilHalf = _n - _n / 2;
        int d = (ceilHalf + _hop - 1) / _hop;
        InputDelay = d * _hop - ceilHalf;
        FirstFrameIndex = 1 - d;
        _fft = new RealFft(_n);
        _buffer = new float[_n + InputDelay];
        _frame = new float[_n];
        _real = new float[settings.BinCount];
        _imag = new float[settings.BinCount];
        _zeros = new float[_hop];
        EndFrameCount = d;
        NextFrameIndex = FirstFrameIndex;
    }

    /// <summary>The settings.</summary>
    public StftSettings Settings { get; }

    /// <summary><c>δ = (−⌈N/2⌉) mod H</c>: zeros the input is delayed by internally so that frame centres fall on multiples of <c>H</c>.</summary>
    public int InputDelay { get; }

    /// <summary>The index of the frame the first call emits: <c>1 − ⌈⌈N/2⌉/H⌉</c> (≤ 0). Frames with negative index are lead-in frames.</summary>
    public int FirstFrameIndex { get; }

    /// <summary>The index of the frame the next call emits (<see cref="FirstFrameIndex"/> after construction or <see cref="Reset"/>).</summary>
    public long NextFrameIndex { get; private set; }

    /// <summary>The most frames the end calls emit: <c>D = ⌈⌈N/2⌉ / H⌉</c> (after a short last hop, <c>D − 1</c>).</summary>
    public int EndFrameCount { get; }

    /// <summary>Input samples received since construction or <see cref="Reset"/> (a short last hop counts its own length).</summary>
    public long SamplesReceived => _samples;

    /// <summary>Whether the input has ended (a short hop or an end call); only end calls or <see cref="Reset"/> may follow.</summary>
    public bool InputEnded { get; private set; }

    /// <summary>Takes the next hop and writes the next frame, <c>X[n, k]</c> with <c>n</c> = <see cref="NextFrameIndex"/>.</summary>
    /// <param name="hop"><see cref="StftSettings.Hop"/> finite input samples; fewer (1 … H − 1) for the stream's last hop, which is
    /// zero-filled and ends the input.</param>
    /// <param name="real">Receives <see cref="StftSettings.BinCount"/> real parts.</param>
    /// <param name="imag">Receives <see cref="StftSettings.BinCount"/> imaginary parts.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or an input sample is not finite (the state is then unchanged).</exception>
    /// <exception cref="InvalidOperationException">The input has ended (a short hop or an end call came before); call <see cref="Reset"/>.</exception>
    public void Process(ReadOnlySpan<float> hop, Span<float> real, Span<float> imag)
    {
        StftThrowHelper.ThrowIfLengthNot(real.Length, _tables.BinCount, nameof(real), "one STFT frame");
        StftThrowHelper.ThrowIfLengthNot(imag.Length, _tables.BinCount, nameof(imag), "one STFT frame");
        Push(hop);
        _fft.Forward(_frame, real, imag);
    }

    /// <summary>Takes the next hop and writes the magnitudes <c>|X[n, k]|</c> of the next frame.</summary>
    /// <param name="hop"><see cref="StftSettings.Hop"/> finite input samples; fewer (1 … H − 1) for the stream's last hop, which is
    /// zero-filled and ends the input.</param>
    /// <param name="magnitudes">Receives <see cref="StftSettings.BinCount"/> magnitudes.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or an input sample is not finite (the state is then unchanged).</exception>
    /// <exception cref="InvalidOperationException">The input has ended (a short hop or an end call came before); call <see cref="Reset"/>.</exception>
    public void ProcessMagnitude(ReadOnlySpan<float> hop, Span<float> magnitudes)
    {
        StftThrowHelper.ThrowIfLengthNot(magnitudes.Length, _tables.BinCount, nameof(magnitudes), "one STFT frame");
        Push(hop);
        _fft.Forward(_frame, _real, _imag);
        SpectralOps.Magnitude(_real, _imag, magnitudes);
    }

    /// <summary>End of stream: ends the input (if a short hop has not already) and, while frames centred on the <c>L</c>
    /// samples received remain, feeds one zero hop and writes the next frame <c>X[n, k]</c>, <c>n</c> = <see cref="NextFrameIndex"/> ≤ <c>⌊L/H⌋</c>.</summary>
    /// <param name="real">Receives <see cref="StftSettings.BinCount"/> real parts (untouched when the call returns false).</param>
    /// <param name="imag">Receives <see cref="StftSettings.BinCount"/> imaginary parts (untouched when the call returns false).</param>
    /// <returns><see langword="true"/> if a frame was written; <see langword="false"/> once frame <c>⌊L/H⌋</c> has been emitted
    /// (then every later call returns false until <see cref="Reset"/>).</returns>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public bool ProcessEnd(Span<float> real, Span<float> imag)
    {
        StftThrowHelper.ThrowIfLengthNot(real.Length, _tables.BinCount, nameof(real), "one STFT frame");
        StftThrowHelper.ThrowIfLengthNot(imag.Length, _tables.BinCount, nameof(imag), "one STFT frame");
        if (!PushEnd())
        {
            return false;
        }

        _fft.Forward(_frame, real, imag);
        return true;
    }

    /// <summary>End of stream, magnitudes only: as <see cref="ProcessEnd"/>, writing <c>|X[n, k]|</c>.</summary>
    /// <param name="magnitudes">Receives <see cref="StftSettings.BinCount"/> magnitudes (untouched when the call returns false).</param>
    /// <returns><see langword="true"/> if a frame was written; <see langword="false"/> once every frame centred on the input was emitted.</returns>
    /// <exception cref="ArgumentException">The span has the wrong length.</exception>
    public bool ProcessEndMagnitude(Span<float> magnitudes)
    {
        StftThrowHelper.ThrowIfLengthNot(magnitudes.Length, _tables.BinCount, nameof(magnitudes), "one STFT frame");
        if (!PushEnd())
        {
            return false;
        }

        _fft.Forward(_frame, _real, _imag);
        SpectralOps.Magnitude(_real, _imag, magnitudes);
        return true;
    }

    /// <summary>Forgets all input: the next call starts a new stream and emits frame <see cref="FirstFrameIndex"/>. Allocates nothing.</summary>
    public void Reset()
    {
        Array.Clear(_buffer);
        NextFrameIndex = FirstFrameIndex;
        _samples = 0;
        InputEnded = false;
    }

    /// <summary>Ends the input and pushes one zero hop if frame <c>⌊L/H⌋</c> has not been emitted yet.</summary>
    private bool PushEnd()
    {
        InputEnded = true;
        if (NextFrameIndex > _samples / _hop)
        {
            return false;
        }

        Append(_zeros);
        return true;
    }

    /// <summary>Appends a hop, then windows and rotates the newest complete frame into <see cref="_frame"/>.</summary>
    private void Push(ReadOnlySpan<float> hop)
    {
        if (InputEnded)
        {
            throw new InvalidOperationException("The input has ended (a hop shorter than H or an end-of-stream call came before); call Reset to start a new stream.");
        }

        if (hop.Length < 1 || hop.Length > _hop)
        {
            StftThrowHelper.Argument(nameof(hop), $"Expected one hop: {_hop} samples (1 … {_hop - 1} for the stream's last hop); got {hop.Length}.");
        }

        StftThrowHelper.ThrowIfNotFinite(hop, nameof(hop));
        _samples += hop.Length;
        if (hop.Length < _hop)
        {
            InputEnded = true;
            Span<float> buffer = _buffer;
            int keep = buffer.Length - _hop;
            buffer.Slice(_hop).CopyTo(buffer);
            buffer.Slice(keep).Clear();
            hop.CopyTo(buffer.Slice(keep));
            _tables.WindowAndRotate(buffer.Slice(0, _n), _frame);
            NextFrameIndex++;
            return;
        }

        Append(hop);
    }

    /// <summary>Appends a full hop, then windows and rotates the newest complete frame into <see cref="_frame"/>.</summary>
    private void Append(ReadOnlySpan<float> hop)
    {
        Span<float> buffer = _buffer;
        int keep = buffer.Length - _hop;
        buffer.Slice(_hop).CopyTo(buffer);
        hop.CopyTo(buffer.Slice(keep));

        // The frame is the oldest N samples: the newest δ samples belong to frames not yet complete.
        _tables.WindowAndRotate(buffer.Slice(0, _n), _frame);
        NextFrameIndex++;
    }
}

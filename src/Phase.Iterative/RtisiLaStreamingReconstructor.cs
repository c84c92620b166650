using Phase.Fourier;
using Phase.Spectral;
using Phase.Stft;

namespace Phase.Iterative;

/// <summary>
/// Real-time iterative spectrogram inversion with look-ahead (RTISI-LA; Zhu, Beauregard and Wyse, IEEE TASLP 2007),
/// frame by frame: Griffin-Lim-like updates on the newest <c>L + 1</c> frames only, committing one frame per call.
/// </summary>
/// <remarks>
/// <para><b>Algorithm.</b> The reconstructor keeps the overlap-added signal <c>y</c> under the <c>L + 1</c> active
/// (not yet committed) frames, made of every frame's current contribution <c>w_s·z</c> (<c>w_s = fw/P</c>, the interior
/// synthesis window, <c>z</c> the frame's inverse FFT); committed frames' contributions stay in <c>y</c> unchanged. When
/// frame <c>m</c> arrives (with no contribution yet), <c>J</c> rounds run; each round updates the active frames from the
/// newest to the oldest: the frame's segment of <c>y</c> is windowed, transformed, given the frame's target magnitude
/// (phase kept), transformed back and its contribution replaced. Then frame <c>m − L</c> is committed: its last
/// projected spectrum is synthesised (<see cref="StreamingStftSynthesizer"/>, so the output is the ISTFT of the committed
/// spectra, exactly normalised at the ends).</para>
/// <para><b>Momentum</b> (α &gt; 0, the online fast Griffin-Lim of Peer et al., 2023; see <see cref="RtisiLa.Alpha"/>). The
/// analysis spectrum <c>X</c> of an update is extrapolated to <c>t = X + α·(X − X_prev)</c>, <c>X_prev</c> the same frame's
/// previous analysis spectrum with the same window, before the magnitude is imposed. α = 0 is the paper's algorithm.</para>
/// <para><b>Weighting of the newest frame</b> (Zhu et al.; as in ltfat/phaseret). The newest frame's segment lacks the
/// contributions of frames not yet received, so its right part is under-weighted. It is analysed with asymmetric
/// windows instead of <c>fw</c>: in the first round, when its segment holds only earlier frames' contributions,
/// <c>w₁[j] = Σ_{q≥1} w_s[j − qH]</c>, which gives the phase initialisation from the partial overlap-add of the committed
/// and look-ahead signal; in later rounds, with its own contribution present, <c>w₂[j] = Σ_{q≥0} w_s[j − qH]</c>. All
/// other frames use <c>fw</c>.</para>
/// <para><b>Timing</b> (<see cref="IStreamingPhaseReconstructor"/>). Frame <c>n</c> is committed when frame <c>n + L</c>
/// arrives, and the call that commits it writes timeline samples <c>[nH − ⌊N/2⌋, nH − ⌊N/2⌋ + H)</c>. Hence
/// <see cref="OutputDelay"/> = <c>⌊N/2⌋ + L·H</c>, <see cref="FlushLength"/> = <c>N − H + L·H</c> (the last <c>L</c> frames are
/// committed in <see cref="Flush"/>, each after <c>J</c> more rounds, then the synthesiser's tail), and
/// <see cref="Latency"/> = <see cref="StftSettings.StreamingLatency"/> <c>+ L·H</c> (<c>N − H + L·H</c> = 1536 samples, 70 ms,
/// for N = 1024, H = 256, L = 3) counted, like the STFT's <c>N − H</c>, from a sample entering a streaming analyser to its
/// position in the output stream. Counting the hop a block-based system buffers before it can call
/// <see cref="ProcessFrame"/> gives <c>(L + 1)·H + N − H</c>, the figure in ALGORITHMS.md.</para>
/// <para><b>Real time.</b> <see cref="ProcessFrame"/>, <see cref="Flush"/> and <see cref="Reset"/> allocate nothing. Cost per
/// frame: <c>J·(L + 1)</c> forward and inverse real FFTs of size <c>N</c> plus <c>O(N)</c> fused updates, and one inverse FFT
/// for the synthesis. The momentum keeps <c>2·(L + 1)·(N/2 + 1)</c> more complex values (allocated at construction only when α &gt; 0). Not thread-safe; one instance per stream.</para>
/// </remarks>
public sealed class RtisiLaStreamingReconstructor : IStreamingPhaseReconstructor
{
    private readonly int _n;
    private readonly int _half;
    private readonly int _hop;
    private readonly int _bins;
    private readonly int _lookahead;
    private readonly int _iterations;
    private readonly double _alphaValue;
    private readonly float _alpha;
    private readonly RealFft _fft;
    private readonly StreamingStftSynthesizer _synthesizer;
    private readonly float[] _plainWindow;   // FFT order
    private readonly float[] _firstWindow;   // FFT order
    private readonly float[] _laterWindow;   // FFT order
    private readonly float[] _synthesisWindow; // FFT order: w_s[(i + h) mod N]
    private readonly float[] _signal;        // y under the active frames: slot a covers [aH, aH + N)
    private readonly float[] _contributions; // (L + 1)·N, frame order, ring by frame index
    private readonly float[] _magnitudes;    // (L + 1)·K, ring by frame index
    private readonly float[] _fftFrame;
    private readonly float[] _real;
    private readonly float[] _imag;
    private readonly float[] _commitReal;
    private readonly float[] _commitImag;
    private readonly float[] _analysisReal;  // α > 0: 2·(L + 1)·K, per slot two analysis spectra (X_prev and the new X), ring by frame index
    private readonly float[] _analysisImag;
    private readonly int[] _previousSide;    // α > 0: which of the slot's two spectra holds X_prev (the other receives X)
    private readonly float[]?[] _previousWindow; // α > 0: the analysis window of the slot's X_prev (null: none yet)
    private long _received;
    private bool _disposed;

    /// <summary>Creates a streaming RTISI-LA.</summary>
    /// <param name="settings">The STFT settings the magnitudes are computed with.</param>
    /// <param name="lookaheadFrames">Look-ahead frames <c>L</c>, 0 … <see cref="RtisiLa.MaxLookaheadFrames"/>.</param>
    /// <param name="iterationsPerFrame">Rounds <c>J</c> per frame, 1 … <see cref="RtisiLa.MaxIterationsPerFrame"/>.</param>
    /// <param name="alpha">Momentum α on each frame's successive analysis spectra, in <c>[0, 1)</c>; 0 is the paper's
    /// algorithm (see <see cref="RtisiLa.Alpha"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count or α is out of range.</exception>
    public RtisiLaStreamingReconstructor(StftSettings settings, int lookaheadFrames = RtisiLa.DefaultLookaheadFrames, int iterationsPerFrame = RtisiLa.DefaultIterationsPerFrame, double alpha = RtisiLa.DefaultAlpha)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RtisiLa.ValidateLookahead(lookaheadFrames, nameof(lookaheadFrames));
        RtisiLa.ValidateIterations(iterationsPerFrame, nameof(iterationsPerFrame));
        RtisiLa.ValidateAlpha(alpha, nameof(alpha));
        Settings = settings;
        _n = settings.FftSize;
        _half = _n / 2;
        _hop = settings.Hop;
        _bins = settings.BinCount;
        _lookahead = lookaheadFrames;
        _iterations = iterationsPerFrame;
        _alphaValue = alpha;
        _alpha = (float)alpha;
        _fft = new RealFft(_n);
        _synthesizer = new StreamingStftSynthesizer(settings);

        ReadOnlySpan<float> fw = settings.FrameWindow;
        var periodic = new double[_hop];
        for (int j = 0; j < _n; j++)
        {
            periodic[j % _hop] += (double)fw[j] * fw[j];
        }

        var synthesis = new double[_n];
        for (int j = 0; j < _n; j++)
        {
            synthesis[j] = fw[j] / periodic[j % _hop];
        }

        _plainWindow = new float[_n];
        _firstWindow = new float[_n];
        _laterWindow = new float[_n];
        _synthesisWindow = new float[_n];
        for (int i = 0; i < _n; i++)
        {
            int j = (i + _half) % _n;
            double earlier = 0;
            for (int q = 1; j - (q * _hop) >= 0; q++)
            {
                earlier += synthesis[j - (q * _hop)];
            }

            _plainWindow[i] = fw[j];
            _firstWindow[i] = (float)earlier;
            _laterWindow[i] = (float)(earlier + synthesis[j]);
            _synthesisWindow[i] = (float)synthesis[j];
        }

        _signal = new float[(_lookahead * _hop) + _n];
        _contributions = new float[(_lookahead + 1) * _n];
        _magnitudes = new float[(_lookahead + 1) * _bins];
        _fftFrame = new float[_n];
        _real = new float[_bins];
        _imag = new float[_bins];
        _commitReal = new float[_bins];
        _commitImag = new float[_bins];
        int momentumSlots = _alpha > 0 ? _lookahead + 1 : 0;
        int momentumBins = _alpha > 0 ? _bins : 0;
        _analysisReal = new float[2 * momentumSlots * momentumBins];
        _analysisImag = new float[2 * momentumSlots * momentumBins];
        _previousSide = new int[momentumSlots];
        _previousWindow = new float[]?[momentumSlots];
    }

    /// <inheritdoc/>
    public string Name => "rtisila";

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <inheritdoc/>
    public int LookaheadFrames => _lookahead;

    /// <summary>Rounds <c>J</c> of updates per frame.</summary>
    public int IterationsPerFrame => _iterations;

    /// <summary>Momentum α on each frame's successive analysis spectra (0: the paper's algorithm); see <see cref="RtisiLa.Alpha"/>.</summary>
    public double Alpha => _alphaValue;

    /// <inheritdoc/>
    public int Latency => Settings.StreamingLatency + (_lookahead * _hop);

    /// <inheritdoc/>
    public int OutputDelay => _synthesizer.OutputDelay + (_lookahead * _hop);

    /// <inheritdoc/>
    public int FlushLength => _synthesizer.FlushLength + (_lookahead * _hop);

    /// <inheritdoc/>
    public void ProcessFrame(ReadOnlySpan<float> magnitudes, Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _synthesizer.ThrowIfEnded();
        IterativeThrowHelper.ThrowIfLengthNot(magnitudes.Length, _bins, nameof(magnitudes), "one STFT frame");
        IterativeThrowHelper.ThrowIfLengthNot(output.Length, _hop, nameof(output), "one hop");
        IterativeThrowHelper.ThrowIfInvalidMagnitudeFrame(magnitudes, nameof(magnitudes));

        long m = _received;
        if (m > 0)
        {
            Shift();
        }

        int slot = Slot(m);
        _contributions.AsSpan(slot * _n, _n).Clear();
        if (_previousWindow.Length > 0)
        {
            _previousWindow[slot] = null;
        }

        magnitudes.CopyTo(_magnitudes.AsSpan(slot * _bins, _bins));
        Rounds(m, _lookahead);
        _received = m + 1;
        Commit(m - _lookahead, output);
    }

    /// <inheritdoc/>
    public int Flush(Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _synthesizer.ThrowIfEnded();
        int length = FlushLength;
        if (output.Length < length)
        {
            IterativeThrowHelper.Argument(nameof(output), $"Flush writes {length} samples (N − H + L·H) but the destination holds {output.Length}.");
        }

        long received = _received;
        for (int s = 0; s < _lookahead; s++)
        {
            // A frame that never arrives: the window moves on and the frames present get J more rounds.
            long virtualFrame = received + s;
            if (received > 0)
            {
                Shift();
                Rounds(virtualFrame, _lookahead - 1 - s);
            }

            Commit(virtualFrame - _lookahead, output.Slice(s * _hop, _hop));
        }

        _synthesizer.Flush(output.Slice(_lookahead * _hop));
        return length;
    }

    /// <inheritdoc/>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Array.Clear(_signal);
        Array.Clear(_contributions);
        Array.Clear(_previousWindow);
        _synthesizer.Reset();
        _received = 0;
    }

    /// <inheritdoc/>
    public void Dispose() => _disposed = true;

    private int Slot(long frame) => (int)(frame % (_lookahead + 1));

    /// <summary>Moves the active window one frame on: y shifts left by one hop and the new last hop is empty.</summary>
    private void Shift()
    {
        Span<float> y = _signal;
        y.Slice(_hop).CopyTo(y);
        y.Slice(y.Length - _hop).Clear();
    }

    /// <summary>J rounds over the active frames present, newest first. The window ends at frame <paramref name="last"/>
    /// (position L); <paramref name="newest"/> is the position of the newest frame received.</summary>
    private void Rounds(long last, int newest)
    {
        long first = last - _lookahead; // frame at position 0
        for (int it = 0; it < _iterations; it++)
        {
            for (int a = newest; a >= 0; a--)
            {
                long frame = first + a;
                if (frame < 0)
                {
                    break;
                }

                float[] window = a != newest ? _plainWindow : (it == 0 && newest == _lookahead ? _firstWindow : _laterWindow);
                Update(a, Slot(frame), window, commit: a == 0 && it == _iterations - 1);
            }
        }
    }

    /// <summary>One frame's update: analyse its segment of y, impose its magnitude, replace its contribution.</summary>
    private void Update(int position, int slot, float[] window, bool commit)
    {
        int n = _n, h = _half, a = n - h;
        Span<float> segment = _signal.AsSpan(position * _hop, n);
        Span<float> frame = _fftFrame;

        // FFT order: index i holds frame element (i + h) mod N (phase referenced to the frame centre).
        System.Numerics.Tensors.TensorPrimitives.Multiply(segment.Slice(h, a), window.AsSpan(0, a), frame.Slice(0, a));
        System.Numerics.Tensors.TensorPrimitives.Multiply(segment.Slice(0, h), window.AsSpan(a, h), frame.Slice(a, h));
        ReadOnlySpan<float> target = _magnitudes.AsSpan(slot * _bins, _bins);
        if (_alpha > 0)
        {
            // The slot's two analysis spectra alternate roles (no copies): X goes where the one before X_prev was.
            int previous = _previousSide[slot], current = 1 - previous;
            Span<float> real = _analysisReal.AsSpan(((2 * slot) + current) * _bins, _bins);
            Span<float> imag = _analysisImag.AsSpan(((2 * slot) + current) * _bins, _bins);
            _fft.Forward(frame, real, imag);
            if (_previousWindow[slot] == window)
            {
                // Momentum (online FGLA): t = X + α·(X − X_prev) on the frame's analysis spectra, then P_S(t). Only
                // between analyses with the same window: w₁, w₂ and fw weight the segment differently, and extrapolating
                // across a change of window extrapolates the change of weighting (measured: unstable from α ≈ 0.8 on).
                IterativeKernels.AccelerateAndProject(target, real, imag,
                    _analysisReal.AsSpan(((2 * slot) + previous) * _bins, _bins), _analysisImag.AsSpan(((2 * slot) + previous) * _bins, _bins),
                    _alpha, _real, _imag);
            }
            else
            {
                // The frame's first analysis with this window: nothing to extrapolate from.
                SpectralOps.ProjectMagnitude(target, real, imag, _real, _imag);
                _previousWindow[slot] = window;
            }

            _previousSide[slot] = current;
        }
        else
        {
            _fft.Forward(frame, _real, _imag);
            SpectralOps.ProjectMagnitude(target, _real, _imag, _real, _imag);
        }

        if (commit)
        {
            _real.CopyTo(_commitReal);
            _imag.CopyTo(_commitImag);
        }

        _fft.Inverse(_real, _imag, frame);
        Span<float> contribution = _contributions.AsSpan(slot * n, n);
        IterativeKernels.UpdateContribution(frame.Slice(0, a), _synthesisWindow.AsSpan(0, a), contribution.Slice(h, a), segment.Slice(h, a));
        IterativeKernels.UpdateContribution(frame.Slice(a, h), _synthesisWindow.AsSpan(a, h), contribution.Slice(0, h), segment.Slice(0, h));
    }

    /// <summary>Synthesises committed frame <paramref name="frame"/> into one hop of output (zeros before the first frame).</summary>
    private void Commit(long frame, Span<float> output)
    {
        if (frame < 0)
        {
            output.Clear();
            return;
        }

        _synthesizer.Process(_commitReal, _commitImag, output);
    }
}

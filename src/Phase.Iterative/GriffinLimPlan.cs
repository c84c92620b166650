using System.Buffers;
using System.Globalization;
using System.Numerics.Tensors;
using Phase.Fourier;
using Phase.Spectral;

namespace Phase.Iterative;

/// <summary>
/// The stateful worker behind <see cref="GriffinLim"/> and <see cref="FastGriffinLim"/>: owns the FFT plan, the
/// iteration state and all scratch, and runs (and resumes) the iterations on one spectrogram at a time.
/// </summary>
/// <remarks>
/// <para><b>Iteration.</b> With target magnitudes <c>S</c>, the magnitude projection <c>P_S(c) = S·c/|c|</c> and the
/// projection onto consistent spectrograms <c>P_C = STFT ∘ ISTFT</c>, one iteration computes
/// <c>t_{n+1} = P_C(P_S(c_n))</c> with <c>c_n = t_n + α·(t_n − t_{n−1})</c> (FGLA, Perraudin, Balazs and Søndergaard 2013;
/// <c>α = 0</c> is Griffin-Lim). The start is <c>t_0 = t_{−1} = c_0</c> (<see cref="PhaseInitialization"/>). The plan keeps
/// <c>t_n</c> and <c>t_{n−1}</c>; <c>c_n</c> is formed on the fly.</para>
/// <para><b>Exact projection.</b> <c>P_C</c> is the orthogonal projection onto the STFTs of signals of the domain length
/// <c>L′</c> (the requested length clamped to those with exactly <c>F</c> frames) under the settings' padding, reflection
/// included (see docs/algorithms/gla.md). Hence Griffin and Lim's theorem holds for the value reported: the spectral
/// convergence <c>SC_n = 20·log10(‖|t_n| − S‖_F / ‖S‖_F)</c> never increases for <c>α = 0</c>, and <c>SC_n</c> equals
/// <c>QualityMetrics.SpectralConvergenceDb(|STFT(y_n)|, S)</c> of the returned signal <c>y_n = ISTFT(P_S(c_{n−1}))</c>
/// whenever the requested length is a domain length (the natural length always is).</para>
/// <para><b>Cost.</b> One iteration is one pass over the spectrogram: frames are projected (fused with the acceleration
/// step), inverse transformed and overlap-added in blocks, and the forward STFT of each frame follows as soon as the
/// overlap-add under it is complete, while those samples are in cache; the magnitude error is accumulated from the
/// forward transform (no extra transform). Memory traffic per iteration is about <c>7·F·K</c> floats for FGLA and
/// <c>5·F·K</c> for GLA. Nothing is allocated per iteration.</para>
/// <para><b>Memory.</b> <c>4·F·K</c> floats of state for FGLA (<c>2·F·K</c> for GLA), <c>F·K</c> for the target and
/// <c>E = (F − 1)·H + N</c> for the signal, rented from <see cref="ArrayPool{T}.Shared"/> and reused by later
/// <see cref="Start"/> calls; <see cref="Dispose"/> returns them.</para>
/// <para><b>Threading.</b> Not thread-safe; use one plan per thread (the batch methods of <see cref="FastGriffinLim"/> do).
/// Results do not depend on which plan or thread computes them.</para>
/// </remarks>
public sealed class GriffinLimPlan : IDisposable
{
    /// <summary>Default frames per block of the inverse and forward transforms: small enough that a block's frames,
    /// spectra and the signal under them stay in the L2 cache (tuned with the FglaBlockBenchmarks).</summary>
    internal const int DefaultBlockFrames = 8;

    private readonly int _block;
    private CancellationToken _token;

    private readonly int _n;
    private readonly int _bins;
    private readonly int _hop;
    private readonly int _half;
    private readonly RealFft _fft;
    private readonly float[] _analysisWindow;  // fw in FFT order
    private readonly float[] _synthesisWindow; // fw / P in FFT order
    private readonly ConsistencyDomain _domain;
    private readonly IterationState _state = new();
    private readonly bool _startAccelerated;

    private float[] _target = [];
    private float[] _currentReal = [];
    private float[] _currentImag = [];
    private float[] _previousReal = [];
    private float[] _previousImag = [];
    private float[] _signal = [];
    private float[] _blockReal;
    private float[] _blockImag;
    private float[] _blockFrames;
    private SpsiCore? _spsi;
    private bool _accelerated;
    private bool _signalValid;
    private double _alpha;
    private double _targetEnergy;
    private int _frames;
    private bool _disposed;

    /// <summary>Creates a plan. Prefer <see cref="GriffinLim.CreatePlan"/> or <see cref="FastGriffinLim.CreatePlan"/>.</summary>
    /// <param name="settings">The STFT settings.</param>
    /// <param name="alpha">The acceleration α in <c>[0, 2)</c>; 0 with <paramref name="accelerated"/> false is GLA.</param>
    /// <param name="accelerated">Whether to keep FGLA's previous spectrogram (needed for α ≠ 0 and for exact resumes).</param>
    /// <param name="blockFrames">Frames per transform block (tuning only).</param>
    internal GriffinLimPlan(StftSettings settings, double alpha, bool accelerated, int blockFrames = DefaultBlockFrames)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _block = blockFrames;
        Settings = settings;
        _n = settings.FftSize;
        _bins = settings.BinCount;
        _hop = settings.Hop;
        _half = _n / 2;
        _fft = new RealFft(_n);
        _domain = new ConsistencyDomain(settings);
        _analysisWindow = new float[_n];
        _synthesisWindow = new float[_n];
        ReadOnlySpan<float> fw = settings.FrameWindow;
        var periodic = new double[_hop];
        for (int j = 0; j < _n; j++)
        {
            periodic[j % _hop] += (double)fw[j] * fw[j];
        }

        for (int i = 0; i < _n; i++)
        {
            int j = (i + _half) % _n;
            _analysisWindow[i] = fw[j];
            _synthesisWindow[i] = (float)(fw[j] / periodic[j % _hop]);
        }

        _blockReal = ArrayPool<float>.Shared.Rent(_block * _bins);
        _blockImag = ArrayPool<float>.Shared.Rent(_block * _bins);
        _blockFrames = ArrayPool<float>.Shared.Rent(_block * _n);
        _startAccelerated = accelerated;
        _accelerated = accelerated;
        _alpha = alpha;
        _state.Alpha = alpha;
    }

    /// <summary>The STFT settings.</summary>
    public StftSettings Settings { get; }

    /// <summary>Whether a spectrogram has been loaded with <see cref="Start"/>.</summary>
    public bool IsStarted => _frames > 0;

    /// <summary>Frames <c>F</c> of the current problem (0 before <see cref="Start"/>).</summary>
    public int FrameCount => _frames;

    /// <summary>Length of the signal <see cref="GetSignal"/> returns (the requested length).</summary>
    public int SignalLength { get; private set; }

    /// <summary>The domain length <c>L′</c> the iterations run on (see the remarks).</summary>
    public int DomainLength => _domain.DomainLength;

    /// <summary>Iterations run since <see cref="Start"/>.</summary>
    public int IterationsDone { get; private set; }

    /// <summary>Spectral convergence in dB after the last iteration (NaN before the first).</summary>
    public double SpectralConvergenceDb { get; private set; } = double.NaN;

    /// <summary>The acceleration α used by the next iteration, in <c>[0, 2)</c>. Setting a non-zero value on a GLA plan
    /// starts keeping the previous spectrogram from then on (the accelerator starts from rest).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not in <c>[0, 2)</c>.</exception>
    public double Alpha
    {
        get => _alpha;
        set => SetAlpha(value, nameof(value));
    }

    /// <summary>Loads target magnitudes and sets the initial phase; resets the iteration count.</summary>
    /// <param name="magnitudes">Target magnitudes with <see cref="StftSettings.BinCount"/> bins, finite and non-negative
    /// (copied: the caller may change them afterwards).</param>
    /// <param name="initialization">The initial phase; null for <see cref="PhaseInitialization.Spsi"/>.</param>
    /// <param name="options">The seed (random initialisation), the output length and the cancellation token (passed to
    /// an initialising reconstructor); null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match, a magnitude is invalid, or the initial phase or
    /// spectrogram has the wrong shape or a non-finite value.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The requested length is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public void Start(MagnitudeSpectrogram magnitudes, PhaseInitialization? initialization = null, ReconstructionOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        IterativeThrowHelper.ThrowIfInvalidMagnitudes(magnitudes, Settings, nameof(magnitudes));
        options ??= ReconstructionOptions.Default;
        initialization ??= PhaseInitialization.Spsi;
        int frames = magnitudes.FrameCount;
        int length = IterativeThrowHelper.ResolveSignalLength(Settings, frames, options.SignalLength);
        ValidateInitialization(initialization, frames);

        // An initialising reconstructor runs first, so a failure there leaves this plan unchanged.
        ComplexSpectrogram? fromReconstructor = null;
        if (initialization.Kind == PhaseInitializationKind.Reconstructor)
        {
            fromReconstructor = RunInitializer(initialization.Reconstructor!, magnitudes, options);
        }

        _frames = 0;
        int domainLength = ConsistencyDomain.ResolveDomainLength(Settings, frames, length);
        if (_domain.FrameCount != frames || _domain.DomainLength != domainLength)
        {
            _domain.Configure(frames, domainLength);
        }

        int values = frames * _bins;
        _accelerated = _startAccelerated || _alpha != 0;
        Ensure(ref _target, values);
        Ensure(ref _currentReal, values);
        Ensure(ref _currentImag, values);
        if (_accelerated)
        {
            Ensure(ref _previousReal, values);
            Ensure(ref _previousImag, values);
        }

        Ensure(ref _signal, _domain.BufferLength);
        ReadOnlySpan<float> s = magnitudes.Values;
        s.CopyTo(_target);
        _targetEnergy = TensorPrimitives.SumOfSquares(s);
        _frames = frames;
        SignalLength = length;

        Span<float> re = _currentReal.AsSpan(0, values), im = _currentImag.AsSpan(0, values);
        bool previousSet = false;
        switch (initialization.Kind)
        {
            case PhaseInitializationKind.Random:
                InitializeRandom(s, options.Seed, re, im);
                break;
            case PhaseInitializationKind.Zero:
                s.CopyTo(re);
                im.Clear();
                break;
            case PhaseInitializationKind.Spsi:
                _token = options.CancellationToken;
                try
                {
                    InitializeSpsi(s, re, im);
                }
                finally
                {
                    _token = default;
                }

                break;
            case PhaseInitializationKind.Phase:
                SpectralOps.PolarToComplex(s, initialization.Phase, re, im);
                break;
            case PhaseInitializationKind.Reconstructor:
                fromReconstructor!.Real.CopyTo(re);
                fromReconstructor.Imaginary.CopyTo(im);
                break;
            default:
                initialization.Spectrogram!.Real.CopyTo(re);
                initialization.Spectrogram.Imaginary.CopyTo(im);
                if (_accelerated && initialization.PreviousSpectrogram is ComplexSpectrogram previous)
                {
                    previous.Real.CopyTo(_previousReal);
                    previous.Imaginary.CopyTo(_previousImag);
                    previousSet = true;
                }

                break;
        }

        if (_accelerated && !previousSet)
        {
            re.CopyTo(_previousReal);
            im.CopyTo(_previousImag);
        }

        IterationsDone = 0;
        SpectralConvergenceDb = double.NaN;
        _signalValid = false;
    }

    /// <summary>Runs up to <paramref name="count"/> iterations; stops early when the spectral convergence reaches
    /// <paramref name="targetSpectralConvergenceDb"/> or the observer asks to. Can be called again to continue.</summary>
    /// <param name="count">Iterations to run, ≥ 0.</param>
    /// <param name="targetSpectralConvergenceDb">Stop once the spectral convergence is at or below this (dB);
    /// <see cref="double.NegativeInfinity"/> never stops early.</param>
    /// <param name="options">Observer (sees the iteration number, the spectral convergence and α after every iteration,
    /// may change α and stop), progress (unit "iteration") and cancellation (checked before every iteration and every
    /// block of frames inside one, so a 10-minute input stops within milliseconds); null for none.</param>
    /// <returns>The iterations run by this call.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Start"/> was not called.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative, the target is NaN, or the
    /// observer set α outside <c>[0, 2)</c>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled: before an iteration, the state is that after the
    /// last completed iteration; inside one, the half-updated estimate is discarded and the plan must be started again.</exception>
    /// <exception cref="ObjectDisposedException">The plan was disposed.</exception>
    public int Iterate(int count, double targetSpectralConvergenceDb = double.NegativeInfinity, ReconstructionOptions? options = null)
    {
        ThrowIfNotStarted();
        if (count < 0)
        {
            IterativeThrowHelper.ArgumentOutOfRange(nameof(count), count, $"The iteration count must be at least 0; got {count}.");
        }

        if (double.IsNaN(targetSpectralConvergenceDb))
        {
            IterativeThrowHelper.ArgumentOutOfRange(nameof(targetSpectralConvergenceDb), targetSpectralConvergenceDb, "The target spectral convergence must be a number of dB (or −∞ for none).");
        }

        CancellationToken token = options?.CancellationToken ?? default;
        IProgress<ReconstructionProgress>? progress = options?.Progress;
        IterationObserver? observer = options?.Observer;
        IterationState state = _state;
        state.ResetStop();
        state.MaxIterations = IterationsDone + count;
        int done = 0;
        while (done < count)
        {
            token.ThrowIfCancellationRequested();
            double error;
            _token = token;
            try
            {
                error = Pass(forward: true);
            }
            finally
            {
                _token = default;
            }

            done++;
            IterationsDone++;
            SpectralConvergenceDb = error == 0 ? double.NegativeInfinity
                : _targetEnergy == 0 ? double.PositiveInfinity
                : 10 * Math.Log10(error / _targetEnergy);
            progress?.Report(new ReconstructionProgress(done, count, "iteration"));
            if (observer is not null)
            {
                state.Iteration = IterationsDone;
                state.SpectralConvergenceDb = SpectralConvergenceDb;
                state.Alpha = _alpha;
                observer(state);
                if (state.Alpha != _alpha)
                {
                    SetAlpha(state.Alpha, "options");
                }

                if (state.StopRequested)
                {
                    break;
                }
            }

            if (SpectralConvergenceDb <= targetSpectralConvergenceDb)
            {
                break;
            }
        }

        return done;
    }

    /// <summary>Writes the current signal estimate: after <c>n ≥ 1</c> iterations <c>y_n = ISTFT(P_S(c_{n−1}))</c>, the signal
    /// whose STFT is <c>t_n</c>; before any iteration <c>ISTFT(P_S(c_0))</c>. Samples past the domain length are 0.</summary>
    /// <param name="destination">Exactly <see cref="SignalLength"/> samples.</param>
    /// <exception cref="InvalidOperationException"><see cref="Start"/> was not called.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public void WriteSignal(Span<float> destination)
    {
        ThrowIfNotStarted();
        IterativeThrowHelper.ThrowIfLengthNot(destination.Length, SignalLength, nameof(destination), "the requested signal length");
        if (!_signalValid)
        {
            Pass(forward: false);
        }

        int domain = _domain.DomainLength, copy = Math.Min(domain, destination.Length);
        _signal.AsSpan(_domain.Offset, copy).CopyTo(destination);
        destination.Slice(copy).Clear();
    }

    /// <summary>The current signal estimate (see <see cref="WriteSignal"/>) as a new array.</summary>
    /// <returns><see cref="SignalLength"/> samples.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Start"/> was not called.</exception>
    public float[] GetSignal()
    {
        ThrowIfNotStarted();
        var result = new float[SignalLength];
        WriteSignal(result);
        return result;
    }

    /// <summary>The current spectrogram <c>t_n</c>: after <c>n ≥ 1</c> iterations the STFT of <see cref="GetSignal"/>'s
    /// signal (consistent); before any iteration the initial <c>c_0</c>. Starting another run from it
    /// (<see cref="PhaseInitialization.FromSpectrogram"/>) resumes GLA exactly.</summary>
    /// <returns>A new <c>F × K</c> spectrogram.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Start"/> was not called.</exception>
    public ComplexSpectrogram GetSpectrogram()
    {
        ThrowIfNotStarted();
        int values = _frames * _bins;
        return new ComplexSpectrogram(_currentReal.AsSpan(0, values).ToArray(), _currentImag.AsSpan(0, values).ToArray(), _frames, _bins);
    }

    /// <summary>FGLA's previous spectrogram <c>t_{n−1}</c> (equal to <c>t_n</c> right after <see cref="Start"/>): pass it with
    /// <see cref="GetSpectrogram"/> to <see cref="PhaseInitialization.FromSpectrogram"/> to resume FGLA exactly.</summary>
    /// <returns>A new <c>F × K</c> spectrogram.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Start"/> was not called, or the plan runs GLA (it keeps no
    /// previous spectrogram; its current one is the whole state).</exception>
    public ComplexSpectrogram GetPreviousSpectrogram()
    {
        ThrowIfNotStarted();
        if (!_accelerated)
        {
            throw new InvalidOperationException("A Griffin-Lim (α = 0) plan keeps no previous spectrogram; GetSpectrogram() is its whole state.");
        }

        int values = _frames * _bins;
        return new ComplexSpectrogram(_previousReal.AsSpan(0, values).ToArray(), _previousImag.AsSpan(0, values).ToArray(), _frames, _bins);
    }

    /// <summary>Returns the rented buffers. The plan cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _frames = 0;
        Return(ref _target);
        Return(ref _currentReal);
        Return(ref _currentImag);
        Return(ref _previousReal);
        Return(ref _previousImag);
        Return(ref _signal);
        Return(ref _blockReal);
        Return(ref _blockImag);
        Return(ref _blockFrames);
    }

    /// <summary>One pass: projection (and acceleration), inverse STFT into the signal buffer with the exact edge
    /// projection, and (if <paramref name="forward"/>) the forward STFT of the result into the state. Returns the
    /// magnitude-error energy <c>‖|t_{n+1}| − S‖²</c> (0 when not forward).</summary>
    private double Pass(bool forward)
    {
        int frames = _frames, bins = _bins, n = _n, hop = _hop, block = _block;
        int bufferLength = _domain.BufferLength;
        bool accelerate = _accelerated && _alpha != 0;
        float alpha = (float)_alpha;
        Span<float> signal = _signal.AsSpan(0, bufferLength);
        ReadOnlySpan<float> target = _target;
        ReadOnlySpan<float> curRe = _currentReal, curIm = _currentImag, preRe = _previousReal, preIm = _previousImag;

        // The forward transform writes t_{n+1} over t_{n−1} (FGLA) or t_n (GLA) frame by frame, after the projection
        // of that frame has read it.
        Span<float> outRe = _accelerated ? _previousReal : _currentReal;
        Span<float> outIm = _accelerated ? _previousImag : _currentImag;

        double error = 0;
        int cleared = 0, nextForward = 0, cluster = 0;
        for (int n0 = 0; n0 < frames; n0 += block)
        {
            PollCancellation();
            int count = Math.Min(block, frames - n0);
            int offset = n0 * bins, length = count * bins;
            Span<float> re = _blockReal.AsSpan(0, length), im = _blockImag.AsSpan(0, length);
            if (accelerate)
            {
                IterativeKernels.AccelerateAndProject(target.Slice(offset, length), curRe.Slice(offset, length), curIm.Slice(offset, length),
                    preRe.Slice(offset, length), preIm.Slice(offset, length), alpha, re, im);
            }
            else
            {
                SpectralOps.ProjectMagnitude(target.Slice(offset, length), curRe.Slice(offset, length), curIm.Slice(offset, length), re, im);
            }

            Span<float> block0 = _blockFrames.AsSpan(0, count * n);
            _fft.InverseBatch(re, im, block0, count);

            // Zero the signal just ahead of the overlap-add (cache-hot), then add the block's frames.
            int reach = (n0 + count - 1) * hop + n;
            signal.Slice(cleared, reach - cleared).Clear();
            cleared = reach;
            for (int f = 0; f < count; f++)
            {
                OverlapAdd(block0.Slice(f * n, n), signal.Slice((n0 + f) * hop, n));
            }

            int finalEnd = n0 + count == frames ? bufferLength : (n0 + count) * hop;
            cluster = _domain.ApplyReady(signal, finalEnd, cluster);
            if (forward)
            {
                int limit = cluster < _domain.ClusterCount ? Math.Min(finalEnd, _domain.ClusterStart(cluster)) : finalEnd;
                int ready = limit < n ? 0 : Math.Min(frames, ((limit - n) / hop) + 1);
                if (ready > nextForward)
                {
                    error += Forward(signal, nextForward, ready, outRe, outIm);
                    nextForward = ready;
                }
            }
        }

        _signalValid = true;
        if (forward && _accelerated)
        {
            (_currentReal, _previousReal) = (_previousReal, _currentReal);
            (_currentImag, _previousImag) = (_previousImag, _currentImag);
        }

        return error;
    }

    /// <summary>Forward STFT of frames <c>[from, to)</c> of the signal buffer into the state, returning their magnitude error energy.</summary>
    private double Forward(ReadOnlySpan<float> signal, int from, int to, Span<float> outRe, Span<float> outIm)
    {
        int n = _n, bins = _bins, hop = _hop;
        ReadOnlySpan<float> target = _target;
        double error = 0;
        for (int m0 = from; m0 < to; m0 += _block)
        {
            int count = Math.Min(_block, to - m0);
            Span<float> frames = _blockFrames.AsSpan(0, count * n);
            for (int f = 0; f < count; f++)
            {
                WindowAndRotate(signal.Slice((m0 + f) * hop, n), frames.Slice(f * n, n));
            }

            int offset = m0 * bins, length = count * bins;
            Span<float> re = outRe.Slice(offset, length), im = outIm.Slice(offset, length);
            _fft.ForwardBatch(frames, re, im, count);
            for (int f = 0; f < count; f++)
            {
                int o = f * bins;
                error += IterativeKernels.MagnitudeErrorEnergy(target.Slice(offset + o, bins), re.Slice(o, bins), im.Slice(o, bins));
            }
        }

        return error;
    }

    /// <summary><c>destination[i] = frame[(i + h) mod N]·fw[(i + h) mod N]</c>: the windowed frame rotated so its phase is
    /// referenced to the frame centre.</summary>
    private void WindowAndRotate(ReadOnlySpan<float> frame, Span<float> destination)
    {
        int a = _n - _half;
        TensorPrimitives.Multiply(frame.Slice(_half, a), _analysisWindow.AsSpan(0, a), destination.Slice(0, a));
        TensorPrimitives.Multiply(frame.Slice(0, _half), _analysisWindow.AsSpan(a, _half), destination.Slice(a, _half));
    }

    /// <summary><c>segment[j] += sw[j]·z[(j − h) mod N]</c> for one inverse-transformed frame <c>z</c> (FFT order).</summary>
    private void OverlapAdd(ReadOnlySpan<float> rotated, Span<float> segment)
    {
        int a = _n - _half;
        Span<float> late = segment.Slice(_half, a), early = segment.Slice(0, _half);
        TensorPrimitives.MultiplyAdd(rotated.Slice(0, a), _synthesisWindow.AsSpan(0, a), late, late);
        TensorPrimitives.MultiplyAdd(rotated.Slice(a, _half), _synthesisWindow.AsSpan(a, _half), early, early);
    }

    private void InitializeRandom(ReadOnlySpan<float> magnitudes, int seed, Span<float> re, Span<float> im)
    {
        // Uniform phases from SplitMix64 (fixed by definition, so the same seed gives the same phases everywhere).
        var rng = new SplitMix64(seed);
        Span<float> phase = im; // use the imaginary plane as scratch for the phases
        for (int i = 0; i < phase.Length; i++)
        {
            phase[i] = (rng.NextSingle() - 0.5f) * (2 * MathF.PI);
        }

        SpectralOps.PolarToComplex(magnitudes, phase, re, im);
    }

    private void InitializeSpsi(ReadOnlySpan<float> magnitudes, Span<float> re, Span<float> im)
    {
        SpsiCore core = _spsi ??= new SpsiCore(Settings);
        core.Reset();
        int bins = _bins;
        for (int f = 0; f < _frames; f++)
        {
            if ((f & 255) == 0)
            {
                PollCancellation();
            }

            core.Next(magnitudes.Slice(f * bins, bins), re.Slice(f * bins, bins), im.Slice(f * bins, bins));
        }
    }

    private ComplexSpectrogram RunInitializer(IPhaseReconstructor initializer, MagnitudeSpectrogram magnitudes, ReconstructionOptions options)
    {
        if (!Settings.Equals(initializer.Settings))
        {
            IterativeThrowHelper.Argument("initialization", string.Create(CultureInfo.InvariantCulture,
                $"The initialising reconstructor '{initializer.Name}' uses different STFT settings ({initializer.Settings}) from this one ({Settings})."));
        }

        PhaseReconstruction result = initializer.Reconstruct(magnitudes, new ReconstructionOptions
        {
            Seed = options.Seed,
            SignalLength = options.SignalLength,
            ReturnSpectrogram = true,
            CancellationToken = options.CancellationToken,
        });
        ComplexSpectrogram spectrogram = result.Spectrogram ?? throw new InvalidOperationException(
            $"The initialising reconstructor '{initializer.Name}' returned no spectrogram although ReturnSpectrogram was set.");
        if (spectrogram.FrameCount != magnitudes.FrameCount || spectrogram.BinCount != magnitudes.BinCount)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The initialising reconstructor '{initializer.Name}' returned a {spectrogram.FrameCount} × {spectrogram.BinCount} spectrogram for {magnitudes.FrameCount} × {magnitudes.BinCount} magnitudes."));
        }

        spectrogram.ThrowIfNotFinite("initialization");
        return spectrogram;
    }

    private void ValidateInitialization(PhaseInitialization initialization, int frames)
    {
        int values = frames * _bins;
        switch (initialization.Kind)
        {
            case PhaseInitializationKind.Phase:
                ReadOnlySpan<float> phase = initialization.Phase;
                if (phase.Length != values)
                {
                    IterativeThrowHelper.Argument(nameof(initialization), string.Create(CultureInfo.InvariantCulture,
                        $"The initial phase has {phase.Length} values but {frames} frames × {_bins} bins need {values}."));
                }

                if (!TensorPrimitives.IsFiniteAll(phase))
                {
                    int bad = FirstNonFinite(phase);
                    IterativeThrowHelper.Argument(nameof(initialization), string.Create(CultureInfo.InvariantCulture,
                        $"Initial phases must be finite, but frame {bad / _bins}, bin {bad % _bins} is {phase[bad]}."));
                }

                break;
            case PhaseInitializationKind.Spectrogram:
                ThrowIfShapeMismatch(initialization.Spectrogram!, frames, "initial spectrogram");
                initialization.Spectrogram!.ThrowIfNotFinite(nameof(initialization));
                if (initialization.PreviousSpectrogram is ComplexSpectrogram previous)
                {
                    ThrowIfShapeMismatch(previous, frames, "previous spectrogram");
                    previous.ThrowIfNotFinite(nameof(initialization));
                }

                break;
        }
    }

    private void ThrowIfShapeMismatch(ComplexSpectrogram spectrogram, int frames, string what)
    {
        if (spectrogram.FrameCount != frames || spectrogram.BinCount != _bins)
        {
            IterativeThrowHelper.Argument("initialization", string.Create(CultureInfo.InvariantCulture,
                $"The {what} is {spectrogram.FrameCount} × {spectrogram.BinCount} but the magnitudes are {frames} × {_bins}."));
        }
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return 0;
    }

    private void SetAlpha(double value, string paramName)
    {
        if (!(value >= 0 && value < 2))
        {
            IterativeThrowHelper.ArgumentOutOfRange(paramName, value, string.Create(CultureInfo.InvariantCulture,
                $"The acceleration α must be in [0, 2) (0 is Griffin-Lim, 0.99 the usual FGLA value); got {value}."));
        }

        if (value != 0 && !_accelerated && _frames > 0)
        {
            // Switching a GLA run to FGLA: keep t_{n−1} from now on, starting from rest (t_{n−1} = t_n).
            int values = _frames * _bins;
            Ensure(ref _previousReal, values);
            Ensure(ref _previousImag, values);
            _currentReal.AsSpan(0, values).CopyTo(_previousReal);
            _currentImag.AsSpan(0, values).CopyTo(_previousImag);
            _accelerated = true;
        }

        _alpha = value;
    }

    /// <summary>Cancellation checks made inside iterations and the SPSI start (for tests: at least one per block of frames).</summary>
    internal long CancellationChecks { get; private set; }

    /// <summary>Inside a pass or the SPSI start: on cancellation the half-written estimate is discarded (the plan is no
    /// longer started) and <see cref="OperationCanceledException"/> is thrown.</summary>
    private void PollCancellation()
    {
        CancellationChecks++;
        if (_token.IsCancellationRequested)
        {
            _frames = 0;
            _token.ThrowIfCancellationRequested();
        }
    }

    private void ThrowIfNotStarted()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_frames == 0)
        {
            throw new InvalidOperationException("Call Start(magnitudes, …) before iterating or reading results.");
        }
    }

    private static void Ensure(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            if (buffer.Length > 0)
            {
                ArrayPool<float>.Shared.Return(buffer);
            }

            buffer = ArrayPool<float>.Shared.Rent(length);
        }
    }

    private static void Return(ref float[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<float>.Shared.Return(buffer);
        }

        buffer = [];
    }
}

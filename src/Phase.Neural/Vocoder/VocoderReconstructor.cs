using System.Globalization;
using Phase.Mel;
using Phase.Neural.OnnxRuntime;
using Phase.Stft;

namespace Phase.Neural.Vocoder;

/// <summary>
/// Mel spectrogram → waveform with a vocoder-head ONNX model (Vocos, APNet, iSTFTNet-style heads; sherpa-onnx's Vocos
/// exports drop in) and Phase's inverse STFT: the model predicts a short-time spectrum, Phase turns it into audio with
/// the model's STFT settings (<see cref="VocoderModel.Spectrum"/>). Registered as <c>vocoder</c>.
/// </summary>
/// <remarks>
/// <para><b>Synthesis</b> (<see cref="Synthesize(ReadOnlySpan{float}, int, Span{float}, MelLayout, CancellationToken)"/>): the stored mel
/// values (as the acoustic model emits them, in the model's convention) go into the graph as <c>(B, n_mels, T)</c>; the
/// outputs become <c>Z = mag·(x + i·y)</c>, <c>mag·e^{iφ}</c> or <c>re + i·im</c> (times <c>√N</c> when
/// <c>normalized</c>), are moved from torch's frame-start phase to Phase's frame-centre phase (odd bins negated,
/// <see cref="PhaseConvention"/>), and Phase's weighted overlap-add inverse (torch.istft's) makes
/// <see cref="OutputLength"/>(T) samples: the family's length when the model names its
/// <see cref="Convention"/> (HiFi-GAN's <c>T·H</c> for the shipped model), else torch.istft's natural length.</para>
/// <para><b>Chunks.</b> The model runs on chunks of <see cref="ChunkFrames"/> frames (<see cref="DefaultChunkFrames"/>
/// when 0) plus <see cref="VocoderModel.ContextFrames"/> frames of context on each side, so the result equals one whole
/// pass while the graph's working memory stays bounded and cancellation is checked (and progress reported, in frames)
/// between runs. Models without <c>context_frames</c> metadata cannot be chunked exactly: they run in one pass, and a
/// <see cref="ChunkFrames"/> shorter than the input is refused.</para>
/// <para><b>As a phase reconstructor</b> (<see cref="Reconstruct"/>): linear magnitudes are turned into the model's mel
/// (<see cref="Convention"/>: filter bank, <c>√(|X|² + ε)</c> or <c>|X|²</c>, compression, normalisation), synthesised,
/// and placed on the magnitudes' time axis: <see cref="Settings"/> is either the convention's frame grid
/// (<see cref="MelConvention.CreateStftSettings"/>, output on the padded signal's axis) or Phase's centred STFT with the
/// same FFT size, window, hop and rate (output shifted by <see cref="MelConvention.CenterOffset"/>).</para>
/// <para><b>Allocation and threading.</b> One ONNX Runtime session per instance. Calls are serialised (a lock); after the
/// first call with a given batch size and frame count, the span overload allocates nothing. Dispose to free the session.</para>
/// </remarks>
public sealed class VocoderReconstructor : IPhaseReconstructor, IDisposable
{
    /// <summary>Magnitudes above this many times the analysis window's sum (audio beyond 16× full scale) are refused.</summary>
    private const int FullScaleMargin = 16;

    private readonly object _gate = new();
    private readonly OnnxRuntimeSession _session;
    private readonly OnnxRuntimeBinding _binding;
    private readonly StftPlan _plan;
    private readonly MelFilterBank? _bank;
    private readonly long[] _inShape = new long[3];
    private readonly long[] _outShape = new long[3];
    private readonly int _k;
    private readonly int _outputCount;
    private readonly int _n;
    private readonly int _offset;
    private float[] _real = [];
    private float[] _imag = [];
    private float[] _signal = [];
    private bool _disposed;

    /// <summary>Creates a vocoder reconstructor.</summary>
    /// <param name="model">The model; null for <see cref="VocoderModel.Shipped"/>.</param>
    /// <param name="settings">The STFT settings of magnitudes given to <see cref="Reconstruct"/>; null for the convention's
    /// frame grid (or, without a convention, the model's inverse-STFT settings).</param>
    /// <param name="convention">The mel convention of the model's input; null for the model's <c>mel_convention</c>
    /// metadata (none: only <see cref="Synthesize(ReadOnlySpan{float}, int, Span{float}, MelLayout, CancellationToken)"/> works).</param>
    /// <param name="options">ONNX Runtime provider and threads; null for the CPU with one thread.</param>
    /// <exception cref="ArgumentException">The convention's band count or sample rate contradicts the model, or the settings
    /// do not share its FFT size, window, hop and rate.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">No native ONNX Runtime (add the Microsoft.ML.OnnxRuntime package).</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the model.</exception>
    public VocoderReconstructor(VocoderModel? model = null, StftSettings? settings = null, MelConvention? convention = null, OnnxRuntimeOptions? options = null)
    {
        Model = model ?? VocoderModel.Shipped;
        FglaIterations = Model.RecommendedFglaIterations;
        Convention = convention ?? (Model.MelConventionName is { } name ? MelConvention.FromName(name) : null);
        VocoderSpectrumSettings spectrum = Model.Spectrum;
        if (Convention is not null)
        {
            Convention.Validate();
            if (Convention.MelCount != Model.MelCount || Convention.SampleRate != spectrum.SampleRate)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"The {Convention.Name} convention ({Convention.MelCount} bands, {Convention.SampleRate} Hz) does not fit the model '{Model.Source}' ({Model.MelCount} bands, {spectrum.SampleRate} Hz)."), nameof(convention));
            }

            _bank = Convention.CreateFilterBank();
        }

        Settings = settings ?? Convention?.CreateStftSettings() ?? spectrum.ToStftSettings();
        if (Convention is not null && !FitsGrid(Settings, Convention))
        {
            throw new ArgumentException(
                $"The vocoder's {Convention.Name} mels need magnitudes on its frame grid ({Convention.CreateStftSettings()}) or Phase's centred STFT with the same window, FFT size, hop and rate; got {Settings}.",
                nameof(settings));
        }

        if (Convention is not null && !spectrum.Centered && (Convention.FftSize != spectrum.FftSize || Convention.Hop != spectrum.Hop))
        {
            throw new ArgumentException($"The model's uncentred frames (n_fft {spectrum.FftSize}, hop {spectrum.Hop}) are not the {Convention.Name} convention's frames (FFT {Convention.FftSize}, hop {Convention.Hop}).", nameof(convention));
        }

        // Uncentred models predict the convention's own frames over the padded signal; the family's output starts P in.
        _offset = !spectrum.Centered && Convention is not null ? Convention.Padding : 0;
        _plan = new StftPlan(spectrum.ToStftSettings());
        _n = spectrum.FftSize;
        _k = _n / 2 + 1;
        _outputCount = Model.OutputNames.Count;
        _session = new OnnxRuntimeSession(Model.Onnx.Bytes.ToArray(), options ?? new OnnxRuntimeOptions());
        _binding = _session.CreateBinding();
    }

    /// <inheritdoc/>
    public string Name => "vocoder";

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <summary>The model.</summary>
    public VocoderModel Model { get; }

    /// <summary>The mel convention of the model's input, or null when neither the caller nor the metadata names one.</summary>
    public MelConvention? Convention { get; }

    /// <summary>The execution provider ONNX Runtime runs the model on (<c>"CPU"</c>, <c>"CUDA"</c>, …).</summary>
    public string ExecutionProvider => _session.ExecutionProvider;

    /// <summary>Frames per model run when <see cref="ChunkFrames"/> is 0 and the model's context is known: the unit of work
    /// after which cancellation is checked and progress reported (about 3 s of audio at 22050 Hz / hop 256).</summary>
    public const int DefaultChunkFrames = 256;

    /// <summary>Frames per model run (0, the default: <see cref="DefaultChunkFrames"/> when the model's
    /// <see cref="VocoderModel.ContextFrames"/> is known, else the whole spectrogram in one run). Needs
    /// <see cref="VocoderModel.ContextFrames"/>; the result is the same either way.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int ChunkFrames
    {
        get;
        set => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "ChunkFrames must be ≥ 0 (0 for one pass).");
    }

    /// <summary>FGLA iterations that refine the model's phase for its magnitudes (0: the model's phase as is). The default
    /// is the model's <see cref="VocoderModel.RecommendedFglaIterations"/> (metadata <c>fgla_iterations</c>: 100 for the
    /// shipped model, 0 for sherpa-onnx exports). FGLA starts from <see cref="FglaStart"/>; each call then allocates FGLA's
    /// scratch. Offline only: a <see cref="CreateStream">stream</see> always uses the model's phase.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int FglaIterations
    {
        get;
        set => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "FglaIterations must be ≥ 0 (0 for the model's phase).");
    }

    /// <summary>Where FGLA's phase starts when <see cref="FglaIterations"/> &gt; 0 (default
    /// <see cref="VocoderFglaStart.Pghi"/>: on held-out speech FGLA from PGHI's phase of the model's magnitude ends
    /// 0.1 dB (shipped model) to 0.3 dB (a less trained one) closer to the original than FGLA from the model's own phase;
    /// see docs/tts.md).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined value.</exception>
    public VocoderFglaStart FglaStart
    {
        get;
        set => field = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "FglaStart must be Model, Spsi or Pghi.");
    } = VocoderFglaStart.Pghi;

    /// <summary>Samples made from <paramref name="frameCount"/> frames: the convention's
    /// <see cref="MelConvention.OutputLength"/> when known, else torch.istft's natural length.</summary>
    /// <param name="frameCount">Frames <c>T ≥ 1</c>.</param>
    /// <returns>The length in samples.</returns>
    public int OutputLength(int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        return Convention?.OutputLength(frameCount) ?? Model.Spectrum.NaturalLength(frameCount);
    }

    /// <summary>Synthesises one mel spectrogram.</summary>
    /// <param name="mel">Stored mel values (as the acoustic model emits them), <c>T·n_mels</c>, in <paramref name="layout"/>.</param>
    /// <param name="frameCount">Frames <c>T ≥ 1</c>.</param>
    /// <param name="layout">Orientation of <paramref name="mel"/> (default <c>[n_mels, T]</c>, the model's).</param>
    /// <returns>A new array of <see cref="OutputLength"/>(T) samples.</returns>
    /// <exception cref="ArgumentException">A length is wrong or a value is not finite.</exception>
    /// <exception cref="InvalidDataException">The model produced non-finite or wrongly shaped spectra.</exception>
    /// <param name="cancellationToken">Checked before each model run (every <see cref="ChunkFrames"/> or
    /// <see cref="DefaultChunkFrames"/> frames) and inside the FGLA refinement.</param>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public float[] Synthesize(ReadOnlySpan<float> mel, int frameCount, MelLayout layout = MelLayout.MelsByFrames, CancellationToken cancellationToken = default)
    {
        var output = new float[OutputLength(frameCount)];
        Synthesize(mel, frameCount, output, layout, cancellationToken);
        return output;
    }

    /// <summary>Synthesises one mel spectrogram into <paramref name="destination"/>; allocation-free after the first call
    /// with this frame count (and chunk size).</summary>
    /// <param name="mel">Stored mel values, <c>T·n_mels</c>, in <paramref name="layout"/>.</param>
    /// <param name="frameCount">Frames <c>T ≥ 1</c>.</param>
    /// <param name="destination">Receives exactly <see cref="OutputLength"/>(T) samples.</param>
    /// <param name="layout">Orientation of <paramref name="mel"/>.</param>
    /// <exception cref="ArgumentException">A length is wrong or a value is not finite.</exception>
    /// <exception cref="InvalidDataException">The model produced non-finite or wrongly shaped spectra.</exception>
    /// <param name="cancellationToken">Checked before each model run and inside the FGLA refinement.</param>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public void Synthesize(ReadOnlySpan<float> mel, int frameCount, Span<float> destination, MelLayout layout = MelLayout.MelsByFrames, CancellationToken cancellationToken = default) =>
        SynthesizeCore(mel, frameCount, destination, layout, cancellationToken, null);

    private void SynthesizeCore(ReadOnlySpan<float> mel, int frameCount, Span<float> destination, MelLayout layout, CancellationToken cancellationToken, IProgress<ReconstructionProgress>? progress)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        int m = Model.MelCount;
        if (mel.Length != (long)frameCount * m)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The mel has {mel.Length} values; {frameCount} frames of {m} bands need {(long)frameCount * m}."), nameof(mel));
        }

        if (destination.Length != OutputLength(frameCount))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The destination has {destination.Length} samples; {frameCount} frames make {OutputLength(frameCount)}."), nameof(destination));
        }

        for (int i = 0; i < mel.Length; i++)
        {
            if (!float.IsFinite(mel[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"mel[{i}] is {mel[i]}; mel values must be finite."), nameof(mel));
            }
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            EnsureSpectrum(frameCount);
            Span<float> re = _real.AsSpan(0, frameCount * _k), im = _imag.AsSpan(0, frameCount * _k);
            if (ChunkFrames > 0 && ChunkFrames < frameCount && Model.ContextFrames is null)
            {
                throw new InvalidOperationException($"The model '{Model.Source}' has no context_frames metadata, so chunked inference would not be exact; set ChunkFrames = 0.");
            }

            int chunk = EffectiveChunk(frameCount);
            int width = Math.Min(frameCount, chunk + (2 * (Model.ContextFrames ?? 0)));
            for (int c0 = 0; c0 < frameCount; c0 += chunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int c1 = Math.Min(frameCount, c0 + chunk);
                int w0 = WindowStart(c0, frameCount, width);
                RunWindow(mel, frameCount, layout, w0, w0 + width, c0, c1, re, im);
                progress?.Report(new ReconstructionProgress(c1, frameCount, "frames"));
            }

            cancellationToken.ThrowIfCancellationRequested();
            PhaseConvention.ToTimeInvariant(re, im, _n);
            Inverse(re, im, frameCount, destination, cancellationToken, progress);
        }
    }

    /// <summary>Synthesises a batch of mel spectrograms of equal length in one model run per chunk.</summary>
    /// <param name="mels">One array per item, <c>T·n_mels</c> each, in <paramref name="layout"/>.</param>
    /// <param name="frameCount">Frames <c>T</c> of every item.</param>
    /// <param name="layout">Orientation of the items.</param>
    /// <returns>One signal of <see cref="OutputLength"/>(T) samples per item.</returns>
    /// <exception cref="ArgumentException">An item has the wrong length or a non-finite value.</exception>
    /// <exception cref="InvalidDataException">The model produced non-finite or wrongly shaped spectra.</exception>
    public float[][] SynthesizeBatch(IReadOnlyList<float[]> mels, int frameCount, MelLayout layout = MelLayout.MelsByFrames)
    {
        ArgumentNullException.ThrowIfNull(mels);
        if (mels.Count == 0)
        {
            return [];
        }

        int m = Model.MelCount, per = frameCount * m;
        var packed = new float[mels.Count * per];
        for (int b = 0; b < mels.Count; b++)
        {
            if (mels[b] is null || mels[b].Length != per)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"mels[{b}] must have {frameCount} frames of {m} bands ({per} values)."), nameof(mels));
            }

            mels[b].CopyTo(packed, b * per);
        }

        var result = new float[mels.Count][];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            int chunk = EffectiveChunk(frameCount);
            int width = Math.Min(frameCount, chunk + (2 * (Model.ContextFrames ?? 0)));
            var spectra = new (float[] Re, float[] Im)[mels.Count];
            for (int b = 0; b < mels.Count; b++)
            {
                spectra[b] = (new float[frameCount * _k], new float[frameCount * _k]);
            }

            for (int c0 = 0; c0 < frameCount; c0 += chunk)
            {
                int c1 = Math.Min(frameCount, c0 + chunk);
                int w0 = WindowStart(c0, frameCount, width);
                RunBatchWindow(packed, mels.Count, frameCount, layout, w0, w0 + width, c0, c1, spectra);
            }

            for (int b = 0; b < mels.Count; b++)
            {
                PhaseConvention.ToTimeInvariant(spectra[b].Re, spectra[b].Im, _n);
                result[b] = new float[OutputLength(frameCount)];
                Inverse(spectra[b].Re, spectra[b].Im, frameCount, result[b], CancellationToken.None, null);
            }
        }

        return result;
    }

    /// <summary>Linear magnitudes → the model's mel → waveform on the magnitudes' time axis (see the class remarks).</summary>
    /// <param name="magnitudes">Magnitudes computed with <see cref="Settings"/>.</param>
    /// <param name="options">Output length (default: the convention's reconstruction length on its grid, or
    /// <see cref="OutputLength"/> on a centred grid) and cancellation; the seed is unused (deterministic).</param>
    /// <returns>The waveform.</returns>
    /// <exception cref="InvalidOperationException">No mel convention is known for the model.</exception>
    /// <exception cref="ArgumentException">The bin count does not match, or a magnitude is negative or not finite.</exception>
    public PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(magnitudes);
        options ??= new ReconstructionOptions();
        options.CancellationToken.ThrowIfCancellationRequested();
        MelConvention convention = Convention
            ?? throw new InvalidOperationException($"The model '{Model.Source}' names no mel convention (metadata mel_convention), so magnitudes cannot be turned into its mels; pass a MelConvention, or call Synthesize with mels.");
        Settings.ThrowIfBinCountMismatch(magnitudes.BinCount, nameof(magnitudes));
        MagnitudeSpectrogram.ThrowIfAboveMaxMagnitude(magnitudes.Values, magnitudes.BinCount, nameof(magnitudes));

        // A neural vocoder is not scale-equivariant (its mels are log-compressed for audio within ±1 full scale), so
        // magnitudes far beyond what full-scale audio gives are refused rather than turned into garbage.
        double fullScale = 0;
        foreach (float w in Settings.FrameWindow)
        {
            fullScale += Math.Abs(w);
        }

        float limit = (float)(FullScaleMargin * fullScale);
        int frames = magnitudes.FrameCount, m = convention.MelCount;
        var spectrum = new float[_bank!.BinCount];
        var mel = new float[frames * m];
        for (int t = 0; t < frames; t++)
        {
            ReadOnlySpan<float> frame = magnitudes.Frame(t);
            for (int k = 0; k < spectrum.Length; k++)
            {
                float a = frame[k];
                if (!(a >= 0) || float.IsPositiveInfinity(a))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Magnitude ({t}, {k}) is {a}; magnitudes must be finite and ≥ 0."), nameof(magnitudes));
                }

                if (a > limit)
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                        $"Magnitude ({t}, {k}) is {a:G3}, above {limit:G3} ({FullScaleMargin} × the window sum, what audio at {FullScaleMargin}× full scale can give): the vocoder's mel convention is for audio within ±1, and a neural vocoder is not scale-equivariant. Scale the magnitudes (and so the audio) down."), nameof(magnitudes));
                }

                double p = ((double)a * a) + convention.MagnitudeEpsilon;
                spectrum[k] = (float)(convention.Kind == MelSpectrumKind.Amplitude ? Math.Sqrt(p) : p);
            }

            _bank.Apply(spectrum, mel.AsSpan(t * m, m));
        }

        convention.Encode(mel, mel);
        var audio = new float[OutputLength(frames)];
        SynthesizeCore(mel, frames, audio, MelLayout.FramesByMels, options.CancellationToken, options.Progress);

        // Sample s of the family's output is sample s of the signal; on the convention's grid the magnitudes' time axis is
        // the padded signal (offset P); on a centred grid frame n is centred on n·H, the family's on n·H + CenterOffset.
        int offset = Settings.IsCentered ? -convention.CenterOffset : convention.Padding;
        int length = options.SignalLength ?? (Settings.IsCentered ? audio.Length : convention.ReconstructionLength(frames));
        var signal = new float[length];
        for (int s = Math.Max(0, offset); s < length; s++)
        {
            int j = s - offset;
            if (j >= audio.Length)
            {
                break;
            }

            signal[s] = audio[j];
        }

        return new PhaseReconstruction(signal, null);
    }

    /// <summary>A stream: mel frames in one at a time, audio out as soon as it is final (see <see cref="VocoderStream"/>).
    /// The stream runs this instance's model; use one stream at a time per instance (runs are serialised).</summary>
    /// <param name="chunkFrames">Frames per model run, ≥ 1.</param>
    /// <returns>A new stream.</returns>
    /// <exception cref="InvalidOperationException">The model has no <c>context_frames</c> metadata (it cannot be run in exact
    /// chunks).</exception>
    /// <remarks>A stream uses the model's phase: <see cref="FglaIterations"/> (FGLA needs the whole spectrogram) applies to
    /// offline synthesis only.</remarks>
    public VocoderStream CreateStream(int chunkFrames)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkFrames, 1);
        if (Model.ContextFrames is null)
        {
            throw new InvalidOperationException($"The model '{Model.Source}' has no context_frames metadata, so it cannot be streamed in exact chunks.");
        }

        return new VocoderStream(this, chunkFrames, Model.ContextFrames.Value);
    }

    /// <summary>Samples of the ISTFT output stream (<see cref="StreamingStftSynthesizer"/>, which starts <c>N/2</c> before
    /// frame 0's centre) that precede the family's output: <c>N/2</c> for centred heads, the convention's padding for
    /// heads on the mel's own grid.</summary>
    internal int StreamSkip => Model.Spectrum.Centered ? _n / 2 : _offset;

    internal int BinCount => _k;

    internal object Gate => _gate;

    internal StftSettings SpectrumSettings => _plan.Settings;

    /// <summary>Frees the ONNX Runtime session. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _binding.Dispose();
            _session.Dispose();
            _plan.Dispose();
        }
    }

    private static bool FitsGrid(StftSettings s, MelConvention c) =>
        s.FftSize == c.FftSize && s.Hop == c.Hop && s.WindowLength == c.WindowLength && s.WindowKind == c.Window
        && s.SampleRate == c.SampleRate && s.Symmetry == WindowSymmetry.Periodic && (s.IsCentered || s.Equals(c.CreateStftSettings()));

    /// <summary>Every model run has the same width (one binding shape, so no allocation): the window of
    /// <c>chunk + 2·context</c> frames around a chunk, slid inwards at the ends of the spectrogram. Output frame t depends on
    /// frames t ± context; inside the window they are real frames, and a window edge closer than that is the spectrogram's
    /// own edge, where the graph's zero padding is what a one-pass run sees too.</summary>
    /// <summary>Frames per model run: <see cref="ChunkFrames"/>, else <see cref="DefaultChunkFrames"/> for a model with known
    /// context (exact: every run sees each output frame's whole receptive field), else the whole spectrogram.</summary>
    private int EffectiveChunk(int frameCount) =>
        Model.ContextFrames is null ? frameCount : Math.Min(frameCount, ChunkFrames > 0 ? ChunkFrames : DefaultChunkFrames);

    private int WindowStart(int c0, int frames, int width) => Math.Clamp(c0 - (Model.ContextFrames ?? 0), 0, frames - width);

    /// <summary>The inverse STFT of time-invariant planes into the family's output (see the class remarks), optionally
    /// refined by <see cref="FglaIterations"/> of FGLA started from <see cref="FglaStart"/>.</summary>
    private void Inverse(Span<float> re, Span<float> im, int frames, Span<float> destination, CancellationToken cancellationToken, IProgress<ReconstructionProgress>? progress)
    {
        StftSettings settings = _plan.Settings;
        if (FglaIterations > 0)
        {
            var magnitudes = new MagnitudeSpectrogram(frames, _k);
            Phase.Spectral.SpectralOps.Magnitude(re, im, magnitudes.Values);
            Phase.Iterative.PhaseInitialization initialization = FglaStart switch
            {
                VocoderFglaStart.Spsi => Phase.Iterative.PhaseInitialization.Spsi,
                VocoderFglaStart.Pghi => Phase.Iterative.PhaseInitialization.From(new Phase.GradientTheorem.Pghi(settings)),
                _ => Phase.Iterative.PhaseInitialization.FromSpectrogram(new ComplexSpectrogram(re.ToArray(), im.ToArray(), frames, _k)),
            };
            var fgla = new Phase.Iterative.FastGriffinLim(settings) { Iterations = FglaIterations };
            int natural = Model.Spectrum.NaturalLength(frames);
            float[] refined = fgla.Reconstruct(magnitudes, initialization,
                new ReconstructionOptions { SignalLength = natural, CancellationToken = cancellationToken, Progress = progress }).Signal;
            destination.Clear();
            int count = Math.Min(destination.Length, refined.Length - _offset);
            refined.AsSpan(_offset, Math.Max(0, count)).CopyTo(destination);
            return;
        }

        if (_offset == 0)
        {
            _plan.Inverse(re, im, destination);
            return;
        }

        int length = _offset + destination.Length;
        if (_signal.Length < length)
        {
            _signal = new float[length];
        }

        _plan.Inverse(re, im, _signal.AsSpan(0, length));
        _signal.AsSpan(_offset, destination.Length).CopyTo(destination);
    }

    private void EnsureSpectrum(int frames)
    {
        if (_real.Length < frames * _k)
        {
            _real = new float[frames * _k];
            _imag = new float[frames * _k];
        }
    }

    internal void RunWindow(ReadOnlySpan<float> mel, int frames, MelLayout layout, int w0, int w1, int c0, int c1, Span<float> re, Span<float> im)
    {
        int width = w1 - w0;
        Bind(1, width);
        Span<float> input = _binding.Input(0);
        FillInput(mel, frames, layout, w0, width, input);
        _binding.Run();
        Collect(0, width, w0, c0, c1, re, im);
    }

    private void RunBatchWindow(float[] packed, int batch, int frames, MelLayout layout, int w0, int w1, int c0, int c1, (float[] Re, float[] Im)[] spectra)
    {
        int m = Model.MelCount, width = w1 - w0, per = frames * m;
        Bind(batch, width);
        Span<float> input = _binding.Input(0);
        for (int b = 0; b < batch; b++)
        {
            FillInput(packed.AsSpan(b * per, per), frames, layout, w0, width, input.Slice(b * m * width, m * width));
        }

        _binding.Run();
        for (int b = 0; b < batch; b++)
        {
            Collect(b, width, w0, c0, c1, spectra[b].Re, spectra[b].Im);
        }
    }

    private void Bind(int batch, int width)
    {
        _inShape[0] = batch;
        _inShape[1] = Model.MelCount;
        _inShape[2] = width;
        _outShape[0] = batch;
        _outShape[1] = _k;
        _outShape[2] = width;
        _binding.BindInput(0, _inShape);
        for (int o = 0; o < _outputCount; o++)
        {
            _binding.BindOutput(o, _outShape);
        }
    }

    private void FillInput(ReadOnlySpan<float> mel, int frames, MelLayout layout, int w0, int width, Span<float> input)
    {
        int m = Model.MelCount;
        for (int b = 0; b < m; b++)
        {
            Span<float> row = input.Slice(b * width, width);
            if (layout == MelLayout.MelsByFrames)
            {
                mel.Slice((b * frames) + w0, width).CopyTo(row);
            }
            else
            {
                for (int t = 0; t < width; t++)
                {
                    row[t] = mel[((w0 + t) * m) + b];
                }
            }
        }
    }

    /// <summary>Frames c0 … c1 of batch item <paramref name="item"/> (window starting at w0) into frame-major planes.</summary>
    private void Collect(int item, int width, int w0, int c0, int c1, Span<float> re, Span<float> im)
    {
        int plane = _k * width, offset = item * plane;
        ReadOnlySpan<float> a = _binding.Output(0).Slice(offset, plane), b = _binding.Output(1).Slice(offset, plane);
        ReadOnlySpan<float> c = Model.OutputKind == VocoderOutputKind.MagnitudeCosSin ? _binding.Output(2).Slice(offset, plane) : default;
        float scale = Model.Spectrum.Normalized ? MathF.Sqrt(_n) : 1f;
        for (int t = c0; t < c1; t++)
        {
            int col = t - w0;
            Span<float> rf = re.Slice(t * _k, _k), jf = im.Slice(t * _k, _k);
            for (int k = 0; k < _k; k++)
            {
                int i = (k * width) + col;
                float r, j;
                switch (Model.OutputKind)
                {
                    case VocoderOutputKind.MagnitudeCosSin:
                        r = a[i] * b[i];
                        j = a[i] * c[i];
                        break;
                    case VocoderOutputKind.MagnitudePhase:
                        (float sin, float cos) = MathF.SinCos(b[i]);
                        r = a[i] * cos;
                        j = a[i] * sin;
                        break;
                    default:
                        r = a[i];
                        j = b[i];
                        break;
                }

                if (!float.IsFinite(r) || !float.IsFinite(j))
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"The model '{Model.Source}' produced a non-finite spectrum at frame {t}, bin {k}; check that the mels follow its convention ({Model.MelConventionName ?? "unknown"})."));
                }

                rf[k] = r * scale;
                jf[k] = j * scale;
            }
        }
    }
}

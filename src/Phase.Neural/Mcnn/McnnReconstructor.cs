using Phase.Stft;

namespace Phase.Neural.Mcnn;

/// <summary>
/// <c>mcnn</c>: offline spectrogram inversion by the multi-head convolutional network (<see cref="McnnModel"/>): one
/// forward pass from magnitudes to waveform, no phase and no iterations, then level matching. Long inputs run in
/// chunks of <see cref="ChunkFrames"/> frames with <see cref="McnnModel.ContextFrames"/> frames of context.
/// </summary>
/// <remarks>
/// <para><b>Chunks and level.</b> Each chunk's input carries <c>M</c> = <see cref="McnnModel.ContextFrames"/> frames of
/// context on each side (zero frames beyond the ends of the input), more than the network's receptive field, and every
/// chunk is normalised by the level <c>g = max S</c> of the whole input, on both backends: the managed backend passes
/// <c>g</c> directly; for ONNX Runtime (whose graph divides by the maximum of what it is given) one more frame holding
/// <c>g</c> in bin 0 is appended after the context, out of reach of the kept frames. So the output is the same for any
/// chunk size and on both backends (to float rounding): one pass over the input extended by <c>M</c> zero frames.</para>
/// <para><b>Level matching</b> (<see cref="MatchLevels"/>, on by default): the network output is then multiplied by
/// per-frame least-squares gains (the gain that best fits each frame's magnitudes, at most +12 dB, interpolated
/// linearly between frame centres) and by one global gain that gives it the target's energy. This sets the level (the
/// raw output of the shipped model is 0.3–1.3 dB too quiet on speech: its SC training rewards a quieter output wherever
/// the spectral shape is wrong) and removes what the network adds where the target is silent (a buzz 25–37 dB below
/// the signal's level, loudest in the first and last 1024 samples, which are usually silent). It does not change the
/// spectral shape within a frame. Measured on held-out speech (shipped model): SC −7.25 → −7.28 dB, STOI 0.864 → 0.871.</para>
/// <para><b>Placement.</b> Frame <c>n</c>'s hop block starts at its centre (sample <c>n·H</c> for centred settings,
/// <c>n·H + N/2</c> for uncentred ones); the output has the requested length (default
/// <see cref="StftSettings.DefaultSignalLength"/>), zero where the network gives nothing.</para>
/// <para><b>Progress and cancellation.</b> The cancellation token is checked before every chunk and progress is
/// reported after every chunk (frames done of the total), so a long input stops within one chunk (about 7 ms for
/// 128 frames of the shipped model on one core).</para>
/// <para>Immutable and thread-safe; every call allocates its own scratch once (about 4 MB with 128-frame chunks for the shipped model) and the output.</para>
/// </remarks>
public sealed class McnnReconstructor : IPhaseReconstructor
{
    private readonly McnnModel? _model;
    private readonly int _chunkFrames = 128;

    /// <summary>Creates MCNN with the shipped model and the managed backend, or with the model set in <see cref="Model"/>.</summary>
    /// <param name="settings">STFT settings of the magnitudes; must match the model (22050 Hz, Hann 1024, FFT 1024, hop
    /// 256 for the shipped model; a model set in <see cref="Model"/> is checked against its own metadata). The shipped
    /// model is checked when first used (<see cref="Reconstruct"/>), never before a model of the caller's is applied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public McnnReconstructor(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    /// <summary>Throws unless <see cref="Model"/> (the shipped model when none was set) can run on <see cref="Settings"/>.</summary>
    /// <exception cref="ArgumentException">The settings differ from the model's (the message names each difference).</exception>
    public void ThrowIfIncompatible()
    {
        if (_model is null)
        {
            try
            {
                McnnModel.Shipped.ThrowIfIncompatible(Settings, "settings");
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException(NeuralMethods.WithoutParamSuffix(e).TrimEnd('.') + ". For other settings, use an MCNN model trained for them: " +
                    "Model = McnnModel.Load(path) (CLI: --param model=PATH).", "settings", e);
            }
        }
    }

    /// <inheritdoc/>
    public string Name => "mcnn";

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <summary>The network (default <see cref="McnnModel.Shipped"/>).</summary>
    /// <exception cref="ArgumentException">The model was trained for other STFT settings.</exception>
    public McnnModel Model
    {
        get => _model ?? McnnModel.Shipped;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            value.ThrowIfIncompatible(Settings, nameof(Model));
            _model = value;
        }
    }

    /// <summary>Frames per chunk, 8 … 4096 (default 128; about 1.5 s at hop 256 and 22050 Hz).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Out of range.</exception>
    public int ChunkFrames
    {
        get => _chunkFrames;
        init => _chunkFrames = value is >= 8 and <= 4096 ? value : throw new ArgumentOutOfRangeException(nameof(ChunkFrames), value, "The chunk must be 8 … 4096 frames.");
    }

    /// <summary>Which engine runs the network (default <see cref="NeuralBackend.Managed"/>).</summary>
    public NeuralBackend Backend { get; init; } = NeuralBackend.Managed;

    /// <summary>Whether the network output goes through level matching (default true; see the remarks): per-frame
    /// least-squares gains and one global gain to the target's energy. False gives the raw network output.</summary>
    public bool MatchLevels { get; init; } = true;

    /// <summary>ONNX Runtime options (execution provider, device, fallback) when <see cref="Backend"/> is
    /// <see cref="NeuralBackend.OnnxRuntime"/>; null for the CPU provider.</summary>
    public OnnxRuntime.OnnxRuntimeOptions? OnnxRuntimeOptions { get; init; }

    /// <summary>Inverts a magnitude spectrogram.</summary>
    /// <param name="magnitudes">Target magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <param name="options">Output length, spectrogram request, cancellation (checked before every chunk), progress
    /// (frames done, after every chunk); the seed is not used.</param>
    /// <returns>The waveform (and its STFT if asked for).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a magnitude is invalid.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <exception cref="NotSupportedException">The ONNX Runtime backend was chosen but is not part of this build.</exception>
    public PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(magnitudes);
        ThrowIfIncompatible();
        magnitudes.ThrowIfInvalidFor(Settings, nameof(magnitudes));
        options ??= ReconstructionOptions.Default;
        int frames = magnitudes.FrameCount;
        int length = options.SignalLength ?? Settings.DefaultSignalLength(frames);
        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), length, "The signal length must be at least 1.");
        }

        McnnModel model = Model;
        var network = new float[(long)frames * model.Hop];
        IProgress<ReconstructionProgress>? progress = options.Progress;
        Action<int>? chunkDone = progress is null ? null : done => progress.Report(new ReconstructionProgress(done, frames, "frame"));
        if (Backend == NeuralBackend.Managed)
        {
            model.SynthesizeChunks(magnitudes.Values, frames, network, ChunkFrames, options.CancellationToken, chunkDone);
        }
        else
        {
            RunOnnxRuntime(model, magnitudes.Values, frames, network, options.CancellationToken, chunkDone);
        }

        var signal = new float[length];
        int offset = Settings.IsCentered ? 0 : Settings.FftSize / 2;
        int copy = Math.Max(0, Math.Min(network.Length, length - offset));
        network.AsSpan(0, copy).CopyTo(signal.AsSpan(offset));
        if (MatchLevels)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            LevelMatch.Apply(signal, magnitudes, Settings);
        }

        ComplexSpectrogram? spectrogram = null;
        if (options.ReturnSpectrogram)
        {
            using var plan = new StftPlan(Settings);
            spectrogram = plan.Forward(signal);
        }

        return new PhaseReconstruction(signal, spectrogram);
    }

    private void RunOnnxRuntime(McnnModel model, ReadOnlySpan<float> magnitudes, int frames, Span<float> destination, CancellationToken cancellation, Action<int>? chunkDone)
    {
        model.ThrowIfInvalid(magnitudes, frames, destination.Length, ChunkFrames);
        using var runner = new Backends.OnnxRuntimeMcnnRunner(model, OnnxRuntimeOptions);
        RunChunks(model, magnitudes, frames, destination, ChunkFrames, runner.Run, cancellation, chunkDone);
    }

    /// <summary>Runs a graph that normalises by the maximum of its own input over chunks so that every chunk is
    /// normalised by the level of the whole input: each chunk's input (with <see cref="McnnModel.ContextFrames"/> frames
    /// of context) is followed by one frame holding the whole input's level <c>g</c> in bin 0, which is more than the
    /// receptive field away from the kept frames.</summary>
    internal static void RunChunks(McnnModel model, ReadOnlySpan<float> magnitudes, int frames, Span<float> destination, int chunkFrames, ChunkRunner run, CancellationToken cancellation, Action<int>? chunkDone)
    {
        int hop = model.Hop, bins = model.BinCount, context = model.ContextFrames;
        float level = McnnModel.Level(magnitudes);
        int longest = Math.Min(frames, chunkFrames) + (2 * context) + 1;
        var input = new float[longest * bins];
        var output = new float[longest * hop];
        for (int start = 0; start < frames; start += chunkFrames)
        {
            cancellation.ThrowIfCancellationRequested();
            int end = Math.Min(frames, start + chunkFrames);
            int count = end - start + (2 * context) + 1;
            Span<float> chunk = input.AsSpan(0, count * bins);
            model.FillChunk(magnitudes, frames, start, end, chunk[..((count - 1) * bins)]);
            Span<float> anchor = chunk[((count - 1) * bins)..];
            anchor.Clear();
            anchor[0] = level;
            Span<float> chunkOut = output.AsSpan(0, count * hop);
            run(chunk, count, chunkOut);
            chunkOut.Slice(context * hop, (end - start) * hop).CopyTo(destination.Slice(start * hop, (end - start) * hop));
            chunkDone?.Invoke(end);
        }
    }

    /// <summary>Runs the network on <paramref name="frames"/> frames of magnitudes into <c>frames·H</c> samples.</summary>
    internal delegate void ChunkRunner(ReadOnlySpan<float> magnitudes, int frames, Span<float> destination);
}

using Phase.Stft;

namespace Phase.Neural.Mcnn;

/// <summary>
/// <c>mcnn</c>: offline spectrogram inversion by the multi-head convolutional network (<see cref="McnnModel"/>): one
/// forward pass from magnitudes to waveform, no phase and no iterations. Long inputs run in chunks of
/// <see cref="ChunkFrames"/> frames with overlapping context.
/// </summary>
/// <remarks>
/// <para><b>Chunks.</b> Managed backend: each chunk is extended by <see cref="McnnModel.ChunkMarginFrames"/> frames on
/// both sides (more than the network's receptive field) and normalised by the level of the whole input, so the output
/// equals one pass over the whole input. ONNX Runtime backend: the graph normalises each chunk by its own maximum,
/// so neighbouring chunks disagree slightly; their outputs are cross-faded linearly over one hop around each
/// boundary.</para>
/// <para><b>Placement.</b> Frame <c>n</c>'s hop block starts at its centre (sample <c>n·H</c> for centred settings,
/// <c>n·H + N/2</c> for uncentred ones); the output has the requested length (default
/// <see cref="StftSettings.DefaultSignalLength"/>), zero where the network gives nothing.</para>
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

    /// <summary>ONNX Runtime options (execution provider, device, fallback) when <see cref="Backend"/> is
    /// <see cref="NeuralBackend.OnnxRuntime"/>; null for the CPU provider.</summary>
    public OnnxRuntime.OnnxRuntimeOptions? OnnxRuntimeOptions { get; init; }

    /// <summary>Inverts a magnitude spectrogram.</summary>
    /// <param name="magnitudes">Target magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <param name="options">Output length, spectrogram request, cancellation (checked per chunk); the seed is not used.</param>
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
        if (Backend == NeuralBackend.Managed)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            model.Synthesize(magnitudes.Values, frames, network, ChunkFrames);
        }
        else
        {
            RunOnnxRuntime(model, magnitudes.Values, frames, network, options.CancellationToken);
        }

        var signal = new float[length];
        int offset = Settings.IsCentered ? 0 : Settings.FftSize / 2;
        int copy = Math.Max(0, Math.Min(network.Length, length - offset));
        network.AsSpan(0, copy).CopyTo(signal.AsSpan(offset));
        options.Progress?.Report(new ReconstructionProgress(frames, frames, "frame"));
        ComplexSpectrogram? spectrogram = null;
        if (options.ReturnSpectrogram)
        {
            using var plan = new StftPlan(Settings);
            spectrogram = plan.Forward(signal);
        }

        return new PhaseReconstruction(signal, spectrogram);
    }

    private void RunOnnxRuntime(McnnModel model, ReadOnlySpan<float> magnitudes, int frames, Span<float> destination, CancellationToken cancellation)
    {
        using var runner = new Backends.OnnxRuntimeMcnnRunner(model, OnnxRuntimeOptions);
        CrossFade.Run(model, magnitudes, frames, destination, ChunkFrames, runner.Run, cancellation);
    }

    /// <summary>Chunked synthesis with a linear cross-fade of one hop around each chunk boundary.</summary>
    internal static class CrossFade
    {
        public delegate void ChunkRunner(ReadOnlySpan<float> magnitudes, int frames, Span<float> destination);

        public static void Run(McnnModel model, ReadOnlySpan<float> magnitudes, int frames, Span<float> destination, int chunkFrames, ChunkRunner run, CancellationToken cancellation)
        {
            int hop = model.Hop, bins = model.BinCount, margin = McnnModel.ChunkMarginFrames;
            int half = hop / 2;
            var chunk = new float[(long)(chunkFrames + (2 * margin)) * hop];
            destination.Clear();
            for (int start = 0; start < frames; start += chunkFrames)
            {
                cancellation.ThrowIfCancellationRequested();
                int end = Math.Min(frames, start + chunkFrames);
                int from = Math.Max(0, start - margin), to = Math.Min(frames, end + margin);
                Span<float> output = chunk.AsSpan(0, (to - from) * hop);
                run(magnitudes.Slice(from * bins, (to - from) * bins), to - from, output);

                // This chunk owns samples [start·H − H/2, end·H + H/2) (clipped), with linear ramps of one hop at
                // inner boundaries; the ramps of neighbours add to one.
                int a = start == 0 ? 0 : (start * hop) - half;
                int b = end == frames ? frames * hop : (end * hop) + half;
                for (int t = a; t < b; t++)
                {
                    float weight = 1f;
                    if (start > 0 && t < (start * hop) + half)
                    {
                        weight = (t - ((start * hop) - half) + 0.5f) / hop;
                    }
                    else if (end < frames && t >= (end * hop) - half)
                    {
                        weight = (((end * hop) + half) - t - 0.5f) / hop;
                    }

                    destination[t] += weight * output[t - (from * hop)];
                }
            }
        }
    }
}

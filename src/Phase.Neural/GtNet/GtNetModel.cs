using System.Globalization;
using Phase.GradientTheorem;
using Phase.Neural.Managed;
using Phase.Neural.Onnx;

namespace Phase.Neural.GtNet;

/// <summary>
/// The phase-derivative network ("gtnet"; after Fernandez et al. 2025): a tiny causal convolutional network that maps
/// the magnitudes of the frames <c>n − P … n + L</c> to the phase derivatives of frame <c>n</c>, which
/// <see cref="LeastSquaresIntegration"/> integrates into phase. An <see cref="IPhaseGradientEstimator"/> whose sources
/// run managed SIMD inference with the weights read from the ONNX model.
/// </summary>
/// <remarks>
/// <para><b>Architecture</b> (the one the managed inference implements; any other graph is refused when loading):
/// input <c>S</c> <c>[batch, C = P + 1 + L, K]</c>; <c>M = max S</c> over the context;
/// <c>Λ = ln max(S, 10⁻⁵M, 10⁻³⁰) − ln max(M, 10⁻³⁰)</c>; hidden layers <c>h ← ReLU(conv_i(h))</c> (1-D convolutions
/// over frequency, 'same' zero padding, weights shared across bins); output
/// <c>conv_out(h) + conv_skip(Λ)</c> with two channels: the advance deviation <c>d[k]</c> (rad per hop) and the
/// frequency step <c>v[k]</c> (rad per bin), exactly the quantities of <see cref="IPhaseGradientSource"/>. The skip
/// convolution starts training at the analytic (PGHI) relations, so the network learns a correction to them.</para>
/// <para>The shipped models (<see cref="Causal"/>, <see cref="Lookahead"/>) are embedded in this assembly; their cards
/// are in <c>docs/neural.md</c>.</para>
/// <para>Immutable and thread-safe; <see cref="CreateSource"/> may be called concurrently.</para>
/// </remarks>
public sealed class GtNetModel : IPhaseGradientEstimator
{
    private static readonly Lazy<GtNetModel> s_causal = new(() => FromResource("gtnet-causal.onnx"));
    private static readonly Lazy<GtNetModel> s_lookahead = new(() => FromResource("gtnet-lookahead.onnx"));

    private readonly ConvLayer[] _hidden;

    private GtNetModel(OnnxModel onnx, NeuralModelMetadata metadata, ConvLayer[] hidden, ConvLayer output, ConvLayer skip, int context, int bins, long parameters)
    {
        Onnx = onnx;
        Metadata = metadata;
        _hidden = hidden;
        OutputLayer = output;
        SkipLayer = skip;
        ContextFrames = context;
        BinCount = bins;
        ParameterCount = parameters;
        LookaheadFrames = metadata.LookaheadFrames ?? 0;
        HistoryFrames = context - 1 - LookaheadFrames;
    }

    /// <summary>The shipped zero-look-ahead model (<c>onnx-models/gtnet-causal.onnx</c>), loaded once on first use.</summary>
    public static GtNetModel Causal => s_causal.Value;

    /// <summary>The shipped one-frame-look-ahead model (<c>onnx-models/gtnet-lookahead.onnx</c>), loaded once on first use.</summary>
    public static GtNetModel Lookahead => s_lookahead.Value;

    /// <summary>The shipped model with the given look-ahead.</summary>
    /// <param name="lookaheadFrames">0 (causal) or 1.</param>
    /// <returns><see cref="Causal"/> or <see cref="Lookahead"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Any other look-ahead.</exception>
    public static GtNetModel Shipped(int lookaheadFrames) => lookaheadFrames switch
    {
        0 => Causal,
        1 => Lookahead,
        _ => throw new ArgumentOutOfRangeException(nameof(lookaheadFrames), lookaheadFrames, "The shipped gtnet models have look-ahead 0 (causal) or 1 frame."),
    };

    /// <inheritdoc/>
    public string Name => LookaheadFrames == 0 ? "gtnet-causal" : "gtnet";

    /// <summary>The ONNX model the weights came from.</summary>
    public OnnxModel Onnx { get; }

    /// <summary>The model's STFT and shape metadata.</summary>
    public NeuralModelMetadata Metadata { get; }

    /// <inheritdoc/>
    public int LookaheadFrames { get; }

    /// <inheritdoc/>
    public int HistoryFrames { get; }

    /// <summary>Input frames per estimate, <c>C = P + 1 + L</c>.</summary>
    public int ContextFrames { get; }

    /// <summary>Bins per frame <c>K</c> the model was built for.</summary>
    public int BinCount { get; }

    /// <summary>Trainable parameters (weights and biases).</summary>
    public long ParameterCount { get; }

    /// <summary>Multiply-accumulates per frame of the network (all layers, <c>K</c> bins).</summary>
    public long MultiplyAccumulatesPerFrame =>
        (_hidden.Sum(l => l.MultiplyAccumulatesPerBin) + OutputLayer.MultiplyAccumulatesPerBin + SkipLayer.MultiplyAccumulatesPerBin) * BinCount;

    internal IReadOnlyList<ConvLayer> HiddenLayers => _hidden;

    internal ConvLayer OutputLayer { get; }

    internal ConvLayer SkipLayer { get; }

    /// <summary>Loads a gtnet model from an ONNX file and checks that it is the architecture described in the remarks.</summary>
    /// <param name="path">Path of the <c>.onnx</c> file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is corrupt or truncated, lacks metadata, or is not a gtnet graph; the
    /// message says what is wrong.</exception>
    public static GtNetModel Load(string path) => FromOnnx(OnnxModel.Load(path));

    /// <summary>Loads a gtnet model from the bytes of an ONNX file.</summary>
    /// <param name="bytes">The file contents.</param>
    /// <param name="source">A name for messages.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid gtnet model.</exception>
    public static GtNetModel Load(ReadOnlySpan<byte> bytes, string source) => FromOnnx(OnnxModel.Load(bytes, source));

    /// <summary>Builds the managed network from a loaded ONNX model after checking its metadata and graph.</summary>
    /// <param name="onnx">The model.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onnx"/> is null.</exception>
    /// <exception cref="InvalidDataException">The model is not a gtnet graph this class can run.</exception>
    public static GtNetModel FromOnnx(OnnxModel onnx)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        NeuralModelMetadata meta = NeuralModelMetadata.Read(onnx);
        if (meta.ModelKind != "gtnet")
        {
            throw new InvalidDataException($"ONNX model '{DisplayText.Escape(onnx.Source, 400)}' is a '{DisplayText.Escape(meta.ModelKind)}' model, not a gtnet phase-derivative network.");
        }

        return GtNetGraph.Build(onnx, meta, (hidden, output, skip, context, bins, parameters) =>
            new GtNetModel(onnx, meta, hidden, output, skip, context, bins, parameters));
    }

    /// <summary>Creates a per-stream source running the managed inference.</summary>
    /// <param name="settings">The STFT settings of the magnitudes; must match the model's metadata.</param>
    /// <returns>A new source (allocation-free per frame).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException">The settings differ from those the model was trained for.</exception>
    public IPhaseGradientSource CreateSource(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ThrowIfIncompatible(settings, nameof(settings));
        return new GtNetGradientSource(this);
    }

    /// <summary>Throws unless the model can run on magnitudes computed with <paramref name="settings"/>.</summary>
    /// <param name="settings">STFT settings.</param>
    /// <param name="paramName">Parameter name for the exception.</param>
    /// <exception cref="ArgumentException">The settings differ from the model's metadata (the message names each difference).</exception>
    public void ThrowIfIncompatible(StftSettings settings, string paramName)
    {
        Metadata.ThrowIfIncompatible(settings, paramName);
        if (settings.BinCount != BinCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The gtnet model '{Onnx.Source}' takes {BinCount} bins; the settings have {settings.BinCount}."), paramName);
        }
    }

    private static GtNetModel FromResource(string name)
    {
        using Stream stream = typeof(GtNetModel).Assembly.GetManifestResourceStream("Phase.Neural.Models." + name)
            ?? throw new InvalidOperationException($"The embedded model '{name}' is missing from Phase.Neural (a build problem).");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Load(memory.GetBuffer().AsSpan(0, (int)memory.Length), name + " (embedded)");
    }
}

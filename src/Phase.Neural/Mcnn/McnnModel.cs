using System.Globalization;
using System.Numerics.Tensors;
using Phase.Neural.Managed;
using Phase.Neural.Onnx;

namespace Phase.Neural.Mcnn;

/// <summary>
/// MCNN (Arik, Jun, Diamos 2018): a multi-head convolutional network that maps an STFT magnitude spectrogram straight to
/// a waveform, run by managed SIMD inference with the weights read from the ONNX model.
/// </summary>
/// <remarks>
/// <para><b>Architecture</b> (any other graph is refused when loading): <c>g = max S</c> over the input;
/// <c>x = S/g</c>, time-major; each of the heads applies transposed 1-D convolutions over time (layer <c>i</c>: stride
/// <c>s_i</c>, width <c>w_i</c>, <c>c_i</c> channels, ELU after all but the last; <c>Π s_i = H</c>) and a trainable
/// scale; the heads are summed into <c>y</c>; the waveform is <c>g·c·a·y/(1 + |b·y|)</c> (scaled softsign, <c>c</c> the
/// graph's output level factor). Scaling the input scales the output: the model is level-equivariant.</para>
/// <para><b>Output placement.</b> For <c>T</c> frames the network gives <c>T·H</c> samples; sample <c>n·H + j</c> is the
/// <c>j</c>-th sample after frame <c>n</c>'s centre. A signal of length <c>L</c> keeps the first <c>L</c>.</para>
/// <para><b>Cost.</b> <see cref="MultiplyAccumulatesPerFrame"/> multiply-adds per frame, mostly the first layer (one
/// matrix product of the <c>T × K</c> magnitudes with all heads' first-layer weights at once).</para>
/// <para>Immutable and thread-safe; every <see cref="Synthesize"/> call uses its own scratch.</para>
/// </remarks>
public sealed class McnnModel
{
    /// <summary>Frames of context kept on each side of a chunk, ≥ the network's receptive field (about ±3.1 frames for the shipped model).</summary>
    internal const int ChunkMarginFrames = 4;

    private static readonly Lazy<McnnModel> s_shipped = new(() => FromResource("mcnn.onnx"));

    private readonly TransposedConvLayer[][] _heads;
    private readonly float[] _firstLayerWeights; // [K][heads · w0 · c0]: all heads' first layers side by side
    private readonly float[] _headScales;
    private readonly float _a;
    private readonly float _b;
    private readonly float _outputScale;

    private McnnModel(OnnxModel onnx, NeuralModelMetadata metadata, McnnGraph.Parts parts)
    {
        Onnx = onnx;
        Metadata = metadata;
        _heads = parts.Heads;
        _headScales = parts.HeadScales;
        _a = parts.A;
        _b = parts.B;
        _outputScale = parts.OutputScale;
        BinCount = parts.Bins;
        Hop = _heads[0].Aggregate(1, (acc, l) => acc * l.Stride);
        TransposedConvLayer l0 = _heads[0][0];
        int columns = l0.Columns;
        _firstLayerWeights = new float[BinCount * columns * _heads.Length];
        for (int c = 0; c < BinCount; c++)
        {
            for (int h = 0; h < _heads.Length; h++)
            {
                _heads[h][0].Reordered.AsSpan(c * columns, columns).CopyTo(_firstLayerWeights.AsSpan(((c * _heads.Length) + h) * columns, columns));
            }
        }

        ParameterCount = _heads.Sum(h => h.Sum(l => (long)l.Reordered.Length + l.Bias.Length) + 1) + 2;
        long macs = 0;
        foreach (TransposedConvLayer[] head in _heads)
        {
            long steps = 1;
            foreach (TransposedConvLayer l in head)
            {
                macs += steps * l.MultiplyAccumulatesPerInputStep;
                steps *= l.Stride;
            }
        }

        MultiplyAccumulatesPerFrame = macs;
    }

    /// <summary>The shipped model (<c>onnx-models/mcnn.onnx</c>), loaded once on first use.</summary>
    public static McnnModel Shipped => s_shipped.Value;

    /// <summary>The ONNX model the weights came from.</summary>
    public OnnxModel Onnx { get; }

    /// <summary>The model's STFT and shape metadata.</summary>
    public NeuralModelMetadata Metadata { get; }

    /// <summary>Bins per frame <c>K</c>.</summary>
    public int BinCount { get; }

    /// <summary>Samples per frame, the product of the strides (the hop).</summary>
    public int Hop { get; }

    /// <summary>Number of heads.</summary>
    public int HeadCount => _heads.Length;

    /// <summary>Layers per head.</summary>
    public int LayerCount => _heads[0].Length;

    /// <summary>Trainable parameters.</summary>
    public long ParameterCount { get; }

    /// <summary>Multiply-accumulates per input frame (all heads and layers).</summary>
    public long MultiplyAccumulatesPerFrame { get; }

    /// <summary>Loads an MCNN model from an ONNX file and checks its metadata and graph.</summary>
    /// <param name="path">Path of the <c>.onnx</c> file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is corrupt, lacks metadata or is not an MCNN graph (the message says what).</exception>
    public static McnnModel Load(string path) => FromOnnx(OnnxModel.Load(path));

    /// <summary>Loads an MCNN model from the bytes of an ONNX file.</summary>
    /// <param name="bytes">The file contents.</param>
    /// <param name="source">A name for messages.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid MCNN model.</exception>
    public static McnnModel Load(ReadOnlySpan<byte> bytes, string source) => FromOnnx(OnnxModel.Load(bytes, source));

    /// <summary>Builds the managed network from a loaded ONNX model after checking its metadata and graph.</summary>
    /// <param name="onnx">The model.</param>
    /// <returns>The network.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="onnx"/> is null.</exception>
    /// <exception cref="InvalidDataException">The model is not an MCNN graph this class can run.</exception>
    public static McnnModel FromOnnx(OnnxModel onnx)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        NeuralModelMetadata meta = NeuralModelMetadata.Read(onnx);
        if (meta.ModelKind != "mcnn")
        {
            throw new InvalidDataException($"ONNX model '{DisplayText.Escape(onnx.Source, 400)}' is a '{DisplayText.Escape(meta.ModelKind)}' model, not MCNN.");
        }

        return new McnnModel(onnx, meta, McnnGraph.Read(onnx, meta));
    }

    /// <summary>Throws unless the model can run on magnitudes computed with <paramref name="settings"/>.</summary>
    /// <param name="settings">STFT settings.</param>
    /// <param name="paramName">Parameter name for the exception.</param>
    /// <exception cref="ArgumentException">The settings differ from the model's metadata.</exception>
    public void ThrowIfIncompatible(StftSettings settings, string paramName)
    {
        Metadata.ThrowIfIncompatible(settings, paramName);
        if (settings.BinCount != BinCount || settings.Hop != Hop)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The MCNN model '{Onnx.Source}' takes {BinCount} bins and hop {Hop}; the settings have {settings.BinCount} and {settings.Hop}."), paramName);
        }
    }

    /// <summary>The waveform for a whole magnitude spectrogram: <c>T·H</c> samples (see the remarks for placement),
    /// computed in chunks of <paramref name="chunkFrames"/> frames with <see cref="ChunkMarginFrames"/> frames of context
    /// on each side and the level <c>g</c> of the whole input, so the result equals one pass over the whole input.</summary>
    /// <param name="magnitudes">Frame-major magnitudes, <c>T·K</c> values, finite and non-negative.</param>
    /// <param name="frames">Frame count <c>T ≥ 1</c>.</param>
    /// <param name="destination">Receives <c>T·H</c> samples.</param>
    /// <param name="chunkFrames">Frames per chunk, 8 … 4096 (default 128). Scratch, allocated once per call, grows with it:
    /// about 30 KB per chunk frame for the shipped model (4 MB at 128).</param>
    /// <exception cref="ArgumentException">A length does not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkFrames"/> or <paramref name="frames"/> is out of range.</exception>
    public void Synthesize(ReadOnlySpan<float> magnitudes, int frames, Span<float> destination, int chunkFrames = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkFrames, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkFrames, 4096);
        if (magnitudes.Length != (long)frames * BinCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{frames} frames of {BinCount} bins need {(long)frames * BinCount} magnitudes; got {magnitudes.Length}."), nameof(magnitudes));
        }

        if (destination.Length != (long)frames * Hop)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{frames} frames give {(long)frames * Hop} samples; the destination holds {destination.Length}."), nameof(destination));
        }

        float level = MathF.Max(TensorPrimitives.Max(magnitudes), 1e-30f);
        var workspace = new Workspace(this, Math.Min(frames, chunkFrames + (2 * ChunkMarginFrames)));
        for (int start = 0; start < frames; start += chunkFrames)
        {
            int end = Math.Min(frames, start + chunkFrames);
            int from = Math.Max(0, start - ChunkMarginFrames), to = Math.Min(frames, end + ChunkMarginFrames);
            int count = to - from;
            Span<float> chunkOut = workspace.Output.AsSpan(0, count * Hop);
            Run(magnitudes.Slice(from * BinCount, count * BinCount), count, level, chunkOut, workspace);
            chunkOut.Slice((start - from) * Hop, (end - start) * Hop).CopyTo(destination.Slice(start * Hop, (end - start) * Hop));
        }
    }

    /// <summary>One pass of the network over <paramref name="frames"/> frames with level <paramref name="level"/>.</summary>
    internal void Run(ReadOnlySpan<float> magnitudes, int frames, float level, Span<float> destination, Workspace ws)
    {
        int bins = BinCount;
        Span<float> x = ws.Input.AsSpan(0, frames * bins);
        TensorPrimitives.Multiply(magnitudes, 1f / level, x);
        TransposedConvLayer l0 = _heads[0][0];
        int columns0 = l0.Columns * _heads.Length;
        Span<float> z0 = ws.FirstProduct.AsSpan(0, frames * columns0);
        Gemm.Multiply(x, frames, bins, _firstLayerWeights, columns0, z0);
        Span<float> sum = ws.HeadSum.AsSpan(0, frames * Hop);
        sum.Clear();
        for (int h = 0; h < _heads.Length; h++)
        {
            TransposedConvLayer[] head = _heads[h];
            int steps = frames;
            Span<float> act = ws.ActivationA;
            head[0].OverlapAdd(z0, steps, columns0, h * l0.Columns, act, ws.Scratch);
            steps *= head[0].Stride;
            for (int i = 1; i < head.Length; i++)
            {
                TransposedConvLayer layer = head[i];
                Span<float> z = ws.Product.AsSpan(0, steps * layer.Columns);
                Gemm.Multiply(act[..(steps * layer.InChannels)], steps, layer.InChannels, layer.Reordered, layer.Columns, z);
                Span<float> next = (i & 1) == 1 ? ws.ActivationB : ws.ActivationA;
                layer.OverlapAdd(z, steps, layer.Columns, 0, next, ws.Scratch);
                act = next;
                steps *= layer.Stride;
            }

            TensorPrimitives.MultiplyAdd(act[..(frames * Hop)], _headScales[h], sum, sum);
        }

        // out = g·c·a·y / (1 + |b·y|)
        Span<float> den = ws.Scratch.AsSpan(0, sum.Length);
        TensorPrimitives.Multiply(sum, _b, den);
        TensorPrimitives.Abs(den, den);
        TensorPrimitives.Add(den, 1f, den);
        TensorPrimitives.Divide(sum, den, destination);
        TensorPrimitives.Multiply(destination, level * _outputScale * _a, destination);
    }

    private static McnnModel FromResource(string name)
    {
        using Stream stream = typeof(McnnModel).Assembly.GetManifestResourceStream("Phase.Neural.Models." + name)
            ?? throw new InvalidOperationException($"The embedded model '{name}' is missing from Phase.Neural (a build problem).");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Load(memory.GetBuffer().AsSpan(0, (int)memory.Length), name + " (embedded)");
    }

    /// <summary>Scratch for passes of up to <c>maxFrames</c> frames.</summary>
    internal sealed class Workspace
    {
        public Workspace(McnnModel model, int maxFrames)
        {
            TransposedConvLayer[] head = model._heads[0];
            Input = new float[maxFrames * model.BinCount];
            FirstProduct = new float[maxFrames * head[0].Columns * model._heads.Length];
            long act = 0, product = 0;
            long steps = maxFrames;
            foreach (TransposedConvLayer l in head)
            {
                product = Math.Max(product, steps * l.Columns);
                steps *= l.Stride;
                act = Math.Max(act, steps * l.OutChannels);
            }

            ActivationA = new float[act];
            ActivationB = new float[act];
            Product = new float[product];
            Scratch = new float[Math.Max(act, maxFrames * model.Hop)];
            HeadSum = new float[maxFrames * model.Hop];
            Output = new float[maxFrames * model.Hop];
        }

        public float[] Input { get; }

        public float[] FirstProduct { get; }

        public float[] Product { get; }

        public float[] ActivationA { get; }

        public float[] ActivationB { get; }

        public float[] Scratch { get; }

        public float[] HeadSum { get; }

        public float[] Output { get; }
    }
}

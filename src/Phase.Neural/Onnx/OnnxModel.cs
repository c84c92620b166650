using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Phase.Neural.Onnx.Proto;

namespace Phase.Neural.Onnx;

/// <summary>
/// An ONNX model read from its protobuf encoding (the subset of <c>onnx.proto</c> in <c>Onnx/onnx-subset.proto</c>):
/// metadata, graph inputs and outputs, nodes and float initializers. Phase.Neural reads its shipped models with it and
/// checks that a model is the architecture the managed inference implements.
/// </summary>
/// <remarks>
/// <para>Loading checks the container, not the architecture: the bytes must be a protobuf <c>ModelProto</c> with a graph
/// that has at least one node, one input and one output, an opset of the default domain, and initializers whose stored
/// data agree with their shapes. Architecture checks belong to the model classes (<see cref="GtNet.GtNetModel"/>,
/// <see cref="Mcnn.McnnModel"/>).</para>
/// <para>Immutable and thread-safe after loading. Loading allocates the decoded graph; initializer data is decoded on
/// request (<see cref="GetInitializer"/>).</para>
/// </remarks>
public sealed class OnnxModel
{
    private readonly ModelProto _proto;
    private readonly Dictionary<string, TensorProto> _initializers;

    private OnnxModel(ModelProto proto, string source, byte[] bytes)
    {
        _proto = proto;
        Bytes = bytes;
        Source = source;
        GraphProto graph = proto.Graph;
        _initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (TensorProto t in graph.Initializer)
        {
            _initializers[t.Name] = t;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (StringStringEntryProto entry in proto.MetadataProps)
        {
            metadata[entry.Key] = entry.Value;
        }

        Metadata = new ReadOnlyDictionary<string, string>(metadata);
        Inputs = graph.Input.Where(i => !_initializers.ContainsKey(i.Name)).Select(ToValueInfo).ToArray();
        Outputs = graph.Output.Select(ToValueInfo).ToArray();
        Nodes = graph.Node.Select(n => new OnnxNode(n)).ToArray();
        OpsetVersion = proto.OpsetImport.Where(o => string.IsNullOrEmpty(o.Domain) || o.Domain == "ai.onnx").Select(o => o.Version).DefaultIfEmpty(0).Max();
    }

    /// <summary>Where the model came from (a file path or a resource name), for messages.</summary>
    public string Source { get; }

    /// <summary>The ONNX IR version of the file.</summary>
    public long IrVersion => _proto.IrVersion;

    /// <summary>The opset version of the default (<c>ai.onnx</c>) domain.</summary>
    public long OpsetVersion { get; }

    /// <summary>The program that wrote the model (for example <c>pytorch 1.13.0</c>).</summary>
    public string Producer => (_proto.ProducerName + " " + _proto.ProducerVersion).Trim();

    /// <summary>The model's metadata (<c>metadata_props</c>), key → value.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The graph inputs that are not initializers, in graph order.</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    /// <summary>The graph outputs, in graph order.</summary>
    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>The file's bytes (for handing the same model to ONNX Runtime).</summary>
    internal ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The nodes in graph (topological) order.</summary>
    internal IReadOnlyList<OnnxNode> Nodes { get; }

    /// <summary>Loads a model from a file.</summary>
    /// <param name="path">Path of an <c>.onnx</c> file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a regular file of a size a model can have (a device such
    /// as <c>/dev/zero</c>, a pipe, a growing file, over 2 GB: refused before reading it), or is not a valid ONNX model
    /// (corrupt, truncated, no graph, bad or non-finite initializer data, a node without the inputs its operator needs,
    /// a node reading a value nothing produces); the message names the file and what is wrong.</exception>
    public static OnnxModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Load(ModelFile.ReadAllBytes(path), path);
    }

    /// <summary>Loads a model from its bytes.</summary>
    /// <param name="bytes">The contents of an <c>.onnx</c> file.</param>
    /// <param name="source">A name for messages (for example the file or resource name).</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <exception cref="InvalidDataException">The bytes are not a valid ONNX model (see <see cref="Load(string)"/>); the
    /// message names <paramref name="source"/> and what is wrong.</exception>
    public static OnnxModel Load(ReadOnlySpan<byte> bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (bytes.IsEmpty)
        {
            throw Invalid(source, "the file is empty");
        }

        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"ONNX model '{DisplayText.Escape(source, 400)}' is corrupt or truncated: it is not a valid protobuf ModelProto ({e.Message}).", e);
        }

        Validate(proto, source);
        return new OnnxModel(proto, source, bytes.ToArray());
    }

    /// <summary>Whether the graph has an initializer (a constant tensor, usually a weight) of this name.</summary>
    /// <param name="name">Initializer name.</param>
    /// <returns>True if present.</returns>
    public bool HasInitializer(string name) => _initializers.ContainsKey(name);

    /// <summary>Decodes a float initializer.</summary>
    /// <param name="name">Initializer name (for example <c>layers.0.weight</c>).</param>
    /// <param name="shape">Receives the tensor's dimensions.</param>
    /// <returns>The values, row-major (C order), a new array.</returns>
    /// <exception cref="InvalidDataException">No such initializer, or it is not a float tensor.</exception>
    public float[] GetInitializer(string name, out long[] shape)
    {
        if (!_initializers.TryGetValue(name, out TensorProto? t))
        {
            throw Invalid(Source, $"the initializer '{name}' is missing");
        }

        shape = t.Dims.ToArray();
        if (t.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw Invalid(Source, string.Create(CultureInfo.InvariantCulture, $"the initializer '{name}' has data type {t.DataType}; only float (1) is supported"));
        }

        long count = ElementCount(shape);
        var values = new float[count];
        if (t.HasRawData)
        {
            ReadOnlySpan<byte> raw = t.RawData.Span;
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.Cast<byte, float>(raw).CopyTo(values);
            }
            else
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]);
                }
            }
        }
        else
        {
            t.FloatData.CopyTo(values, 0);
        }

        return values;
    }

    internal OnnxNode? FindProducer(string valueName) => Nodes.FirstOrDefault(n => n.Outputs.Contains(valueName));

    internal static InvalidDataException Invalid(string source, string what) =>
        new($"ONNX model '{DisplayText.Escape(source, 400)}' is not valid: {what}.");

    private static void Validate(ModelProto proto, string source)
    {
        if (proto.Graph is null)
        {
            throw new InvalidDataException($"ONNX model '{DisplayText.Escape(source, 400)}' is corrupt or truncated: it has no graph.");
        }

        GraphProto g = proto.Graph;
        if (g.Node.Count == 0 || g.Input.Count == 0 || g.Output.Count == 0)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"ONNX model '{DisplayText.Escape(source, 400)}' is corrupt or truncated: its graph has {g.Node.Count} nodes, {g.Input.Count} inputs and {g.Output.Count} outputs (each must be at least 1)."));
        }

        if (!proto.OpsetImport.Any(o => (string.IsNullOrEmpty(o.Domain) || o.Domain == "ai.onnx") && o.Version > 0))
        {
            throw new InvalidDataException($"ONNX model '{DisplayText.Escape(source, 400)}' is corrupt or truncated: it imports no opset of the default domain.");
        }

        foreach (TensorProto t in g.Initializer)
        {
            if (string.IsNullOrEmpty(t.Name))
            {
                throw Invalid(source, "an initializer has no name");
            }

            if (t.DataLocation == TensorProto.Types.DataLocation.External)
            {
                throw Invalid(source, $"the initializer '{Text(t.Name)}' is stored in an external file, which Phase does not read");
            }

            long count;
            try
            {
                count = ElementCount(t.Dims);
            }
            catch (OverflowException)
            {
                throw Invalid(source, $"the initializer '{Text(t.Name)}' has an impossible shape");
            }

            if (t.Dims.Any(d => d < 0) || count > int.MaxValue / 8)
            {
                throw Invalid(source, $"the initializer '{Text(t.Name)}' has an impossible shape [{string.Join(", ", t.Dims)}]");
            }

            int elementSize = t.DataType switch
            {
                (int)TensorProto.Types.DataType.Float or (int)TensorProto.Types.DataType.Int32 or (int)TensorProto.Types.DataType.Uint32 => 4,
                (int)TensorProto.Types.DataType.Int64 or (int)TensorProto.Types.DataType.Double or (int)TensorProto.Types.DataType.Uint64 => 8,
                (int)TensorProto.Types.DataType.Int8 or (int)TensorProto.Types.DataType.Uint8 or (int)TensorProto.Types.DataType.Bool => 1,
                (int)TensorProto.Types.DataType.Float16 or (int)TensorProto.Types.DataType.Bfloat16 or (int)TensorProto.Types.DataType.Int16 or (int)TensorProto.Types.DataType.Uint16 => 2,
                _ => 0,
            };
            if (t.HasRawData && elementSize > 0 && t.RawData.Length != count * elementSize)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"ONNX model '{DisplayText.Escape(source, 400)}' is corrupt or truncated: the initializer '{Text(t.Name)}' of shape [{string.Join(", ", t.Dims)}] needs {count * elementSize} bytes but holds {t.RawData.Length}."));
            }

            if (!t.HasRawData && t.DataType == (int)TensorProto.Types.DataType.Float && t.FloatData.Count != count)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"ONNX model '{DisplayText.Escape(source, 400)}' is corrupt or truncated: the initializer '{Text(t.Name)}' of shape [{string.Join(", ", t.Dims)}] needs {count} floats but holds {t.FloatData.Count}."));
            }

            ThrowIfNotFinite(source, t, $"the initializer '{Text(t.Name)}'");
        }

        ValidateWiring(proto, source);
    }

    /// <summary>Float weights must be finite: a NaN or infinite weight makes every output NaN (or silently wrong), so it
    /// is refused when the model is loaded, with the tensor and the first bad element.</summary>
    private static void ThrowIfNotFinite(string source, TensorProto t, string what)
    {
        if (t.DataType != (int)TensorProto.Types.DataType.Float)
        {
            return;
        }

        int bad = -1;
        float value = 0f;
        if (t.HasRawData)
        {
            ReadOnlySpan<byte> raw = t.RawData.Span;
            for (int i = 0; i + 4 <= raw.Length; i += 4)
            {
                float v = BinaryPrimitives.ReadSingleLittleEndian(raw[i..]);
                if (!float.IsFinite(v))
                {
                    bad = i / 4;
                    value = v;
                    break;
                }
            }
        }
        else
        {
            for (int i = 0; i < t.FloatData.Count; i++)
            {
                if (!float.IsFinite(t.FloatData[i]))
                {
                    bad = i;
                    value = t.FloatData[i];
                    break;
                }
            }
        }

        if (bad >= 0)
        {
            throw Invalid(source, string.Create(CultureInfo.InvariantCulture,
                $"{what} holds a non-finite weight ({value}) at element {bad}; a network with NaN or infinite weights produces no usable audio (the file is damaged, or training diverged)"));
        }
    }

    /// <summary>
    /// Every node must have the inputs its operator requires (for the operators Phase's graphs use) and read only values
    /// that a graph input, an initializer or an earlier node produces; Constant nodes must hold finite floats. A node
    /// that lost an input is reported here, naming it, instead of failing later inside a graph reader.
    /// </summary>
    private static void ValidateWiring(ModelProto proto, string source)
    {
        GraphProto g = proto.Graph;
        var available = new HashSet<string>(StringComparer.Ordinal);
        foreach (ValueInfoProto v in g.Input)
        {
            available.Add(v.Name);
        }

        foreach (TensorProto t in g.Initializer)
        {
            available.Add(t.Name);
        }

        for (int i = 0; i < g.Node.Count; i++)
        {
            NodeProto node = g.Node[i];
            string label = string.Create(CultureInfo.InvariantCulture,
                $"node {i} ({Text(node.OpType)}{(string.IsNullOrEmpty(node.Name) ? string.Empty : " '" + Text(node.Name) + "'")})");
            int present = node.Input.Count(x => !string.IsNullOrEmpty(x));
            if (string.IsNullOrEmpty(node.Domain) && MinimumInputs(node.OpType) is int needed && CountLeading(node.Input) < needed)
            {
                throw Invalid(source, string.Create(CultureInfo.InvariantCulture,
                    $"{label} has {present} input{(present == 1 ? string.Empty : "s")} ({string.Join(", ", node.Input.Select(x => "'" + Text(x) + "'"))}); {Text(node.OpType)} needs at least {needed} — the graph is damaged"));
            }

            foreach (string x in node.Input)
            {
                if (!string.IsNullOrEmpty(x) && !available.Contains(x))
                {
                    throw Invalid(source, $"{label} reads '{Text(x)}', which no graph input, initializer or earlier node produces — the graph is damaged or not in topological order");
                }
            }

            if (node.Output.Count == 0 || node.Output.Any(string.IsNullOrEmpty))
            {
                throw Invalid(source, $"{label} has no (or an unnamed) output — the graph is damaged");
            }

            if (node.OpType == "Constant" && node.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } constant)
            {
                ThrowIfNotFinite(source, constant, $"{label}");
            }

            foreach (string y in node.Output)
            {
                available.Add(y);
            }
        }

        foreach (ValueInfoProto output in g.Output)
        {
            if (!available.Contains(output.Name))
            {
                throw Invalid(source, $"the graph output '{Text(output.Name)}' is produced by no node — the graph is damaged");
            }
        }
    }

    /// <summary>Inputs counted from the front up to the first empty name (an empty name marks an omitted optional input).</summary>
    private static int CountLeading(IEnumerable<string> inputs) => inputs.TakeWhile(x => !string.IsNullOrEmpty(x)).Count();

    /// <summary>The required inputs of the default-domain operators Phase's models use (ONNX operator definitions);
    /// null for operators Phase does not know (left to the architecture checks and ONNX Runtime).</summary>
    private static int? MinimumInputs(string op) => op switch
    {
        "Conv" or "ConvTranspose" or "Add" or "Sub" or "Mul" or "Div" or "MatMul" or "Pow" or "Reshape" or "Expand"
            or "Gather" or "Concat" => op == "Concat" ? 1 : 2,
        "Gemm" => 2,
        "Relu" or "Elu" or "Sigmoid" or "Tanh" or "Abs" or "Log" or "Exp" or "Sqrt" or "Neg" or "Softsign" or "Identity"
            or "Transpose" or "Squeeze" or "Unsqueeze" or "ReduceMax" or "ReduceMean" or "ReduceSum" or "Clip" or "Cast"
            or "Shape" or "LeakyRelu" or "Softplus" or "Reciprocal" or "Flatten" or "Pad" or "Slice" => 1,
        "Max" or "Min" or "Sum" or "Mean" => 1,
        "Constant" => 0,
        _ => null,
    };

    /// <summary>Text from the file, escaped for messages.</summary>
    internal static string Text(string? text) => DisplayText.Escape(text);

    private static long ElementCount(IEnumerable<long> dims)
    {
        long count = 1;
        foreach (long d in dims)
        {
            count = checked(count * d);
        }

        return count;
    }

    private static OnnxValueInfo ToValueInfo(ValueInfoProto v)
    {
        long[] dims = [];
        string[] names = [];
        int elementType = 0;
        if (v.Type?.TensorType is { } tt)
        {
            elementType = tt.ElemType;
            if (tt.Shape is { } shape)
            {
                dims = shape.Dim.Select(d => d.HasDimValue ? d.DimValue : -1L).ToArray();
                names = shape.Dim.Select(d => d.HasDimParam ? d.DimParam : string.Empty).ToArray();
            }
        }

        return new OnnxValueInfo(v.Name, elementType, dims, names);
    }
}

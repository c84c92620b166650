using Phase.Neural.Onnx.Proto;

namespace Phase.Neural.Onnx;

/// <summary>One node of an ONNX graph: operator, inputs, outputs and attributes (ints, floats).</summary>
internal sealed class OnnxNode
{
    private readonly NodeProto _node;

    public OnnxNode(NodeProto node)
    {
        _node = node;
        Inputs = node.Input.ToArray();
        Outputs = node.Output.ToArray();
    }

    public string OpType => _node.OpType;

    public string Domain => _node.Domain;

    public string Name => _node.Name;

    public IReadOnlyList<string> Inputs { get; }

    public IReadOnlyList<string> Outputs { get; }

    public long[]? Ints(string name) => _node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray();

    public long? Int(string name) => _node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.I : null;

    public float? Float(string name) => _node.Attribute.FirstOrDefault(a => a.Name == name) is { } a ? a.F : null;

    /// <summary>The float value of a <c>Constant</c> node holding a scalar or one-element float tensor.</summary>
    public float? ConstantScalar()
    {
        if (OpType != "Constant")
        {
            return null;
        }

        TensorProto? t = _node.Attribute.FirstOrDefault(a => a.Name == "value")?.T;
        if (t is null || t.DataType != (int)TensorProto.Types.DataType.Float)
        {
            return null;
        }

        if (t.HasRawData && t.RawData.Length == 4)
        {
            return BitConverter.ToSingle(t.RawData.Span);
        }

        return t.FloatData.Count == 1 ? t.FloatData[0] : null;
    }

    public override string ToString() => $"{OpType}({string.Join(", ", Inputs)}) -> {string.Join(", ", Outputs)}";
}

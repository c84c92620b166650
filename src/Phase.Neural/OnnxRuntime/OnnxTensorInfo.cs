namespace Phase.Neural.OnnxRuntime;

/// <summary>Name, element type and declared shape of one model input or output, as ONNX Runtime reports them.</summary>
/// <param name="Name">The input or output name used in <see cref="OnnxRuntimeSession.Run"/>.</param>
/// <param name="ElementType">Element type; <see cref="OnnxTensorElementType.Undefined"/> when the value is not a tensor.</param>
/// <param name="Shape">Declared dimensions; −1 marks a dimension fixed only at run time (symbolic or unknown).</param>
/// <param name="SymbolicDimensions">The symbolic name of each dimension (for example <c>"batch"</c>), or an empty
/// string where the dimension has none; same length as <paramref name="Shape"/>.</param>
public sealed record OnnxTensorInfo(
    string Name,
    OnnxTensorElementType ElementType,
    IReadOnlyList<long> Shape,
    IReadOnlyList<string> SymbolicDimensions)
{
    /// <summary><see langword="true"/> when every dimension of <see cref="Shape"/> is fixed (≥ 0).</summary>
    public bool IsStatic => Shape.All(d => d >= 0);

    /// <summary>The shape as text, symbolic dimensions by name: <c>[batch, 4]</c>.</summary>
    /// <returns>The formatted shape.</returns>
    public string FormatShape() =>
        "[" + string.Join(", ", Shape.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : SymbolicDimensions[i].Length > 0 ? SymbolicDimensions[i] : "?")) + "]";
}

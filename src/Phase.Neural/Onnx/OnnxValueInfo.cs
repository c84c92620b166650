namespace Phase.Neural.Onnx;

/// <summary>A graph input or output of an <see cref="OnnxModel"/>: name, element type and shape.</summary>
/// <param name="Name">The tensor name (for example <c>magnitude</c>).</param>
/// <param name="ElementType">The ONNX element type code (1 = float).</param>
/// <param name="Shape">The dimensions; −1 for a symbolic (dynamic) dimension.</param>
/// <param name="DimensionNames">The symbolic names of dynamic dimensions (for example <c>batch</c>), empty for fixed ones.</param>
public sealed record OnnxValueInfo(string Name, int ElementType, IReadOnlyList<long> Shape, IReadOnlyList<string> DimensionNames)
{
    /// <summary>The shape as text, for messages: <c>[batch, 4, 513]</c>.</summary>
    /// <returns>The shape.</returns>
    public string ShapeText() =>
        "[" + string.Join(", ", Shape.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : (DimensionNames.Count > i && DimensionNames[i].Length > 0 ? DimensionNames[i] : "?"))) + "]";
}

using System.Collections.Immutable;
using System.Globalization;

namespace Phase.IO;

/// <summary>What a .npy file's header declares: format version, dtype, memory order and shape.</summary>
/// <remarks>Immutable and thread-safe. Returned by <see cref="NpyFile.ReadHeader(string)"/> and attached to arrays read
/// from files (<see cref="NpyArray{T}.Source"/>).</remarks>
public sealed class NpyHeader
{
    internal NpyHeader(int majorVersion, int minorVersion, string descr, NpyElementType elementType, bool isBigEndian,
        bool fortranOrder, ImmutableArray<int> shape, long elementCount, int dataOffset)
    {
        MajorVersion = majorVersion;
        MinorVersion = minorVersion;
        Descr = descr;
        ElementType = elementType;
        IsBigEndian = isBigEndian;
        FortranOrder = fortranOrder;
        Shape = shape;
        ElementCount = elementCount;
        DataOffset = dataOffset;
    }

    /// <summary>Format major version: 1, 2 or 3 (2 allows headers over 64 KiB, 3 a UTF-8 header).</summary>
    public int MajorVersion { get; }

    /// <summary>Format minor version (0).</summary>
    public int MinorVersion { get; }

    /// <summary>The dtype string as written, e.g. <c>&lt;f4</c>.</summary>
    public string Descr { get; }

    /// <summary>The element type.</summary>
    public NpyElementType ElementType { get; }

    /// <summary>Whether elements are stored big-endian (<c>'&gt;'</c>).</summary>
    public bool IsBigEndian { get; }

    /// <summary>Whether the data is stored column-major (Fortran order); readers convert it to row-major (C order).</summary>
    public bool FortranOrder { get; }

    /// <summary>The dimensions (empty for a 0-d scalar array).</summary>
    public ImmutableArray<int> Shape { get; }

    /// <summary>The product of the dimensions (1 for a 0-d array).</summary>
    public long ElementCount { get; }

    /// <summary>Bytes before the array data (magic, version, header length, header); a multiple of 64 for files NumPy wrote.</summary>
    public int DataOffset { get; }

    /// <summary>Bytes per element: 2, 4 or 8.</summary>
    public int ItemSize => ElementType switch
    {
        NpyElementType.Float16 => 2,
        NpyElementType.Float32 => 4,
        _ => 8,
    };

    /// <summary>The shape in Python syntax, e.g. <c>(80, 513)</c> or <c>(5,)</c>.</summary>
    /// <returns>The shape text.</returns>
    public string ShapeText() => FormatShape(Shape.AsSpan());

    /// <summary>A one-line description, e.g. <c>&lt;f4 (80, 513) C order, format 1.0</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Descr} {ShapeText()} {(FortranOrder ? "Fortran" : "C")} order, format {MajorVersion}.{MinorVersion}");

    internal static string FormatShape(ReadOnlySpan<int> shape) => shape.Length switch
    {
        0 => "()",
        1 => string.Create(CultureInfo.InvariantCulture, $"({shape[0]},)"),
        _ => "(" + string.Join(", ", shape.ToArray().Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
    };
}

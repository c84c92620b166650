using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace Phase.Tests.OnnxRuntime;

/// <summary>Reads the little-endian float32, C-order <c>.npy</c> files numpy's <c>np.save</c> writes (format 1.0/2.0).</summary>
internal static partial class NpyFile
{
    public static (float[] Data, long[] Shape) ReadFloat32(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{path} is not a .npy file.");
        }

        int major = bytes[6];
        int headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int headerStart = major == 1 ? 10 : 12;
        string header = Encoding.ASCII.GetString(bytes, headerStart, headerLength);
        if (!header.Contains("'descr': '<f4'", StringComparison.Ordinal) || !header.Contains("'fortran_order': False", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: only little-endian float32 C-order arrays are supported ({header.Trim()}).");
        }

        var shapeText = ShapePattern().Match(header).Groups[1].Value;
        long[] shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        long count = shape.Aggregate(1L, (a, b) => a * b);
        int offset = headerStart + headerLength;
        if (bytes.Length - offset != count * sizeof(float))
        {
            throw new InvalidDataException($"{path}: {bytes.Length - offset} data bytes for shape ({shapeText}).");
        }

        var data = new float[count];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + 4 * i));
        }

        return (data, shape);
    }

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}

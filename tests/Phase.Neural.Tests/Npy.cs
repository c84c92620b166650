using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Phase.Tests;

/// <summary>Reads the .npy reference vectors written by onnx-models/training (little-endian float32/float64, C order).</summary>
internal static partial class Npy
{
    public static (float[] Data, int[] Shape) Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{path} is not an .npy file");
        }

        int major = bytes[6];
        int headerLength = major == 1 ? BitConverter.ToUInt16(bytes, 8) : BitConverter.ToInt32(bytes, 8);
        int offset = major == 1 ? 10 : 12;
        string header = Encoding.ASCII.GetString(bytes, offset, headerLength);
        string descr = DescrPattern().Match(header).Groups[1].Value;
        if (header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: Fortran order is not supported");
        }

        int[] shape = ShapePattern().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int count = shape.Aggregate(1, (a, b) => a * b);
        int start = offset + headerLength;
        var data = new float[count];
        switch (descr)
        {
            case "<f4":
                Buffer.BlockCopy(bytes, start, data, 0, count * 4);
                break;
            case "<f8":
                for (int i = 0; i < count; i++)
                {
                    data[i] = (float)BitConverter.ToDouble(bytes, start + (8 * i));
                }

                break;
            default:
                throw new InvalidDataException($"{path}: dtype {descr} is not supported");
        }

        return (data, shape);
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}

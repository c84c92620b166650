using System.Buffers.Binary;
using System.Text;

namespace Phase.Tests;

/// <summary>Builds .npy bytes by hand from the format description (NEP 1), independent of Phase's writer.</summary>
internal static class NpyBuilder
{
    public static byte[] Build(string header, byte[] data, int major = 1, int minor = 0, long? declaredLength = null,
        Encoding? encoding = null, bool pad = true)
    {
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] text = (encoding ?? Encoding.Latin1).GetBytes(header);
        int total = 8 + lengthBytes + text.Length + 1;
        int padding = pad ? (64 - total % 64) % 64 : 0;
        var ms = new MemoryStream();
        ms.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, (byte)minor]);
        long len = declaredLength ?? (text.Length + padding + 1);
        var lenBytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(lenBytes, (uint)len);
        ms.Write(lenBytes, 0, lengthBytes);
        ms.Write(text);
        for (int i = 0; i < padding; i++)
        {
            ms.WriteByte((byte)' ');
        }

        ms.WriteByte((byte)'\n');
        ms.Write(data);
        return ms.ToArray();
    }

    public static string Dict(string descr, bool fortran, string shape) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";

    public static byte[] F4(params float[] values)
    {
        var b = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 * i), values[i]);
        }

        return b;
    }

    public static string Shape(int[] shape) => shape.Length switch
    {
        0 => "()",
        1 => $"({shape[0]},)",
        _ => "(" + string.Join(", ", shape) + ")",
    };
}

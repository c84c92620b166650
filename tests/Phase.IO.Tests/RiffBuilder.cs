using System.Buffers.Binary;
using System.Text;

namespace Phase.Tests;

/// <summary>Builds RIFF/WAVE bytes chunk by chunk, straight from the specification, independent of Phase's writer.</summary>
internal static class RiffBuilder
{
    public static byte[] Chunk(string id, byte[] payload, bool pad = true, uint? declaredSize = null)
    {
        var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes(id));
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, declaredSize ?? (uint)payload.Length);
        ms.Write(size);
        ms.Write(payload);
        if (pad && payload.Length % 2 == 1)
        {
            ms.WriteByte(0);
        }

        return ms.ToArray();
    }

    public static byte[] Riff(params byte[][] chunks) => RiffWithSize(null, "RIFF", chunks);

    public static byte[] RiffWithSize(uint? riffSize, string magic, params byte[][] chunks)
    {
        byte[] body = chunks.SelectMany(c => c).ToArray();
        var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes(magic));
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, riffSize ?? (uint)(4 + body.Length));
        ms.Write(size);
        ms.Write("WAVE"u8);
        ms.Write(body);
        return ms.ToArray();
    }

    /// <summary>A classic fmt payload (16 bytes, or 18 with cbSize when <paramref name="cbSize"/> is given).</summary>
    public static byte[] Fmt(int tag, int channels, int rate, int bits, int? blockAlign = null, int? cbSize = null)
    {
        int align = blockAlign ?? channels * ((bits + 7) / 8);
        var f = new byte[cbSize is null ? 16 : 18];
        BinaryPrimitives.WriteUInt16LittleEndian(f, (ushort)tag);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(4), (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(8), (uint)(rate * align));
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(14), (ushort)bits);
        if (cbSize is int cb)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(16), (ushort)cb);
        }

        return f;
    }

    /// <summary>A WAVE_FORMAT_EXTENSIBLE fmt payload (40 bytes) with sub-format {subTag-0000-0010-8000-00AA00389B71}.</summary>
    public static byte[] FmtExtensible(int subTag, int channels, int rate, int containerBits, int validBits, uint mask = 0,
        int? blockAlign = null, byte[]? guid = null)
    {
        int align = blockAlign ?? channels * containerBits / 8;
        var f = new byte[40];
        BinaryPrimitives.WriteUInt16LittleEndian(f, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(4), (uint)rate);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(8), (uint)(rate * align));
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(14), (ushort)containerBits);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(18), (ushort)validBits);
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(20), mask);
        byte[] g = guid ?? [(byte)subTag, (byte)(subTag >> 8), 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        g.CopyTo(f, 24);
        return f;
    }

    public static byte[] Pcm16(params short[] samples)
    {
        var b = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(2 * i), samples[i]);
        }

        return b;
    }

    /// <summary>A minimal valid 16-bit mono file with the given samples.</summary>
    public static byte[] SimplePcm16(int rate, params short[] samples) =>
        Riff(Chunk("fmt ", Fmt(1, 1, rate, 16)), Chunk("data", Pcm16(samples)));
}

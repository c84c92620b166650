using System.Buffers.Binary;
using System.IO.Compression;

namespace Phase.Testing;

/// <summary>
/// A minimal, strict PNG reader for tests (8-bit greyscale, RGB, RGBA; non-interlaced): checks the signature, the
/// chunk order and every chunk's CRC (computed bit by bit, independently of the encoder's table), inflates the IDAT
/// stream with System.IO.Compression and undoes all five scanline filters.
/// </summary>
public static class PngDecoder
{
    /// <summary>A decoded image: row-major pixels, top row first.</summary>
    public sealed record Image(int Width, int Height, int ColorType, int Channels, byte[] Pixels, IReadOnlyList<string> Chunks);

    /// <summary>Decodes a PNG file.</summary>
    public static Image Read(string path) => Decode(File.ReadAllBytes(path));

    /// <summary>Decodes PNG bytes; throws <see cref="InvalidDataException"/> on anything malformed.</summary>
    public static Image Decode(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(signature))
        {
            throw new InvalidDataException("not a PNG signature");
        }

        int pos = 8, width = 0, height = 0, colorType = -1;
        var chunks = new List<string>();
        using var idat = new MemoryStream();
        while (true)
        {
            if (pos + 12 > png.Length)
            {
                throw new InvalidDataException("truncated chunk");
            }

            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            if (length < 0 || pos + 12 + length > png.Length)
            {
                throw new InvalidDataException($"chunk {type} overruns the file");
            }

            uint stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            uint crc = BitwiseCrc(png.AsSpan(pos + 4, 4 + length));
            if (crc != stored)
            {
                throw new InvalidDataException($"chunk {type}: CRC {crc:X8}, stored {stored:X8}");
            }

            ReadOnlySpan<byte> data = png.AsSpan(pos + 8, length);
            chunks.Add(type);
            if (chunks.Count == 1 && type != "IHDR")
            {
                throw new InvalidDataException("IHDR must come first");
            }

            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    colorType = data[9];
                    if (length != 13 || data[8] != 8 || data[10] != 0 || data[11] != 0 || data[12] != 0 || colorType is not (0 or 2 or 6))
                    {
                        throw new InvalidDataException("unsupported IHDR");
                    }

                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            pos += 12 + length;
            if (type == "IEND")
            {
                if (pos != png.Length)
                {
                    throw new InvalidDataException("bytes after IEND");
                }

                break;
            }
        }

        int channels = colorType switch { 0 => 1, 2 => 3, _ => 4 };
        int stride = width * channels;
        idat.Position = 0;
        using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        byte[] filtered = raw.ToArray();
        if (filtered.Length != height * (stride + 1))
        {
            throw new InvalidDataException($"inflated {filtered.Length} bytes, expected {height * (stride + 1)}");
        }

        var pixels = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            byte filter = filtered[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int x = filtered[y * (stride + 1) + 1 + i];
                int a = i >= channels ? pixels[y * stride + i - channels] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
                int c = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels] : 0;
                int predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => PaethPredictor(a, b, c),
                    _ => throw new InvalidDataException($"row {y}: filter type {filter}"),
                };
                pixels[y * stride + i] = (byte)((x + predictor) & 0xFF);
            }
        }

        return new Image(width, height, colorType, channels, pixels, chunks);
    }

    private static int PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }

        return pb <= pc ? b : c;
    }

    private static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte d in data)
        {
            crc ^= d;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }

        return ~crc;
    }
}

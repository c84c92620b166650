using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Phase.IO.Png;

/// <summary>
/// A small PNG encoder (ISO/IEC 15948): 8-bit greyscale, RGB or RGBA images, non-interlaced, written with
/// <see cref="ZLibStream"/> from System.IO.Compression — no image library needed. Used by <c>phase plot</c>.
/// </summary>
/// <remarks>
/// <para><b>Format.</b> Signature, <c>IHDR</c>, the zlib stream of the filtered scanlines split into <c>IDAT</c> chunks
/// of at most 64 KiB, <c>IEND</c>; every chunk carries its CRC-32. Each scanline gets the filter (None, Sub, Up,
/// Average or Paeth) with the smallest sum of absolute filtered bytes, the heuristic libpng uses; smooth images such as
/// spectrograms compress several times better than unfiltered. No time stamps or other ancillary chunks: the same
/// pixels always give the same bytes.</para>
/// <para><b>Cost.</b> <c>O(width·height)</c>; about 1 MB of pixels per ten milliseconds plus the deflate time. Allocates the
/// compressed image and two scanlines. Thread-safe (no shared state).</para>
/// </remarks>
public static class PngFile
{
    /// <summary>Largest width or height accepted (the format allows 2³¹ − 1; more would not fit in memory anyway).</summary>
    public const int MaxDimension = 1 << 20;

    private const int IdatChunkSize = 1 << 16;

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes an image to a file, atomically (a temporary file in the same directory moved into place).</summary>
    /// <param name="path">Destination file; its directory must exist.</param>
    /// <param name="pixels">Row-major pixels, top row first, <c>width·height·channels</c> bytes.</param>
    /// <param name="width">Width in pixels, 1 … <see cref="MaxDimension"/>.</param>
    /// <param name="height">Height in pixels, 1 … <see cref="MaxDimension"/>.</param>
    /// <param name="colorType">Pixel layout (default RGB).</param>
    /// <exception cref="ArgumentException">Bad dimensions, pixel count or path.</exception>
    /// <exception cref="IOException">The file could not be written (the destination is then unchanged).</exception>
    public static void Write(string path, ReadOnlySpan<byte> pixels, int width, int height, PngColorType colorType = PngColorType.Rgb)
    {
        Validate(pixels.Length, width, height, colorType);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string name = Path.GetFileName(full);
        if (name.Length == 0 || Directory.Exists(full))
        {
            throw new ArgumentException($"'{path}' is a directory; pass a file path.", nameof(path));
        }

        string directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot write '{path}': directory '{directory}' does not exist.");
        }

        // All or nothing: a hidden temporary file in the same directory (so the rename stays on one volume), flushed,
        // then moved over the destination; on any failure the temporary file is deleted and the destination untouched.
        string temporary = Path.Combine(directory, "." + name + "." + Path.GetRandomFileName() + ".tmp");
        bool moved = false;
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                WriteCore(file, pixels, width, height, colorType);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
            moved = true;
        }
        finally
        {
            if (!moved)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (IOException)
                {
                    // Best effort: the original failure is the one to report.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }

    /// <summary>Writes an image to a stream (left open).</summary>
    /// <param name="stream">Destination stream.</param>
    /// <param name="pixels">Row-major pixels, top row first, <c>width·height·channels</c> bytes.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="colorType">Pixel layout.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">Bad dimensions or pixel count.</exception>
    public static void Write(Stream stream, ReadOnlySpan<byte> pixels, int width, int height, PngColorType colorType = PngColorType.Rgb)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Validate(pixels.Length, width, height, colorType);
        WriteCore(stream, pixels, width, height, colorType);
    }

    /// <summary>Bytes per pixel of a colour type.</summary>
    /// <param name="colorType">The colour type.</param>
    /// <returns>1, 3 or 4.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined colour type.</exception>
    public static int ChannelCount(PngColorType colorType) => colorType switch
    {
        PngColorType.Grayscale => 1,
        PngColorType.Rgb => 3,
        PngColorType.Rgba => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(colorType), colorType, "Use Grayscale, Rgb or Rgba."),
    };

    private static void Validate(int pixelBytes, int width, int height, PngColorType colorType)
    {
        int channels = ChannelCount(colorType);
        if (width is < 1 or > MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(width), width, $"The width must be 1 … {MaxDimension} pixels.");
        }

        if (height is < 1 or > MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(height), height, $"The height must be 1 … {MaxDimension} pixels.");
        }

        long expected = (long)width * height * channels;
        if (pixelBytes != expected)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"pixels has {pixelBytes} bytes but a {width} × {height} {colorType} image needs {expected} ({channels} per pixel)."), "pixels");
        }
    }

    private static void WriteCore(Stream stream, ReadOnlySpan<byte> pixels, int width, int height, PngColorType colorType)
    {
        int channels = ChannelCount(colorType);
        int stride = width * channels;
        stream.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;                 // bit depth
        header[9] = (byte)colorType;
        header[10] = 0;                // compression: deflate
        header[11] = 0;                // filter method: adaptive, five types
        header[12] = 0;                // no interlace
        WriteChunk(stream, "IHDR"u8, header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var filtered = new byte[1 + stride];
            var best = new byte[1 + stride];
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> row = pixels.Slice(y * stride, stride);
                ReadOnlySpan<byte> above = y > 0 ? pixels.Slice((y - 1) * stride, stride) : default;
                long bestScore = long.MaxValue;
                for (byte filter = 0; filter <= 4; filter++)
                {
                    long score = Filter(filter, row, above, channels, filtered);
                    if (score < bestScore)
                    {
                        bestScore = score;
                        (filtered, best) = (best, filtered);
                    }
                }

                zlib.Write(best);
            }
        }

        ReadOnlySpan<byte> data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        do
        {
            int n = Math.Min(IdatChunkSize, data.Length);
            WriteChunk(stream, "IDAT"u8, data[..n]);
            data = data[n..];
        }
        while (!data.IsEmpty);

        WriteChunk(stream, "IEND"u8, []);
    }

    /// <summary>Filters one scanline into <paramref name="destination"/> (filter byte first); returns the sum of the
    /// filtered bytes read as signed values, the selection heuristic.</summary>
    private static long Filter(byte filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, int bpp, Span<byte> destination)
    {
        destination[0] = filter;
        long score = 0;
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0;          // left
            int b = above.IsEmpty ? 0 : above[i];         // up
            int c = i >= bpp && !above.IsEmpty ? above[i - bpp] : 0; // up-left
            int predicted = filter switch
            {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) >> 1,
                _ => Paeth(a, b, c),
            };
            byte v = unchecked((byte)(row[i] - predicted));
            destination[1 + i] = v;
            score += Math.Abs((int)(sbyte)v);
        }

        return score;
    }

    /// <summary>The Paeth predictor: whichever of left, up, up-left is closest to left + up − up-left (ties in that order).</summary>
    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        stream.Write(type);
        stream.Write(data);
        uint crc = PngCrc32.Update(PngCrc32.Update(0xFFFFFFFFu, type), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        stream.Write(word);
    }
}

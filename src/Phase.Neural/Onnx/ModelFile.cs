using System.Globalization;

namespace Phase.Neural.Onnx;

/// <summary>Reads model files safely: only regular files of a size a model can have, checked before reading, so a
/// device (<c>/dev/zero</c>), a pipe or a file that keeps growing is refused instead of being read until memory runs
/// out.</summary>
internal static class ModelFile
{
    /// <summary>The largest model Phase reads: protobuf messages are limited to 2 GB.</summary>
    public const long MaxBytes = int.MaxValue;

    /// <summary>The file's bytes, after checking that it is a regular file of at most <see cref="MaxBytes"/>
    /// that holds exactly the bytes its size says.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">A directory, device, pipe, growing or oversized file.</exception>
    public static byte[] ReadAllBytes(string path)
    {
        using FileStream stream = Open(path);
        long length = stream.Length;
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        ThrowIfMoreData(stream, path, length);
        return bytes;
    }

    /// <summary>Checks <paramref name="path"/> as <see cref="ReadAllBytes"/> does, reading at most one byte past the
    /// size the file reports.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">A directory, device, pipe, growing or oversized file.</exception>
    public static void ThrowIfNotRegular(string path)
    {
        using FileStream stream = Open(path);
        long length = stream.Length;
        if (stream.CanSeek)
        {
            stream.Seek(length, SeekOrigin.Begin);
        }

        ThrowIfMoreData(stream, path, length);
    }

    private static FileStream Open(string path)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new InvalidDataException($"ONNX model '{DisplayText.Escape(full, 400)}' is a directory, not a model file.");
        }

        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"ONNX model '{DisplayText.Escape(full, 400)}' does not exist.", full);
        }

        var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        try
        {
            if (!stream.CanSeek)
            {
                throw NotRegular(full, "it cannot be seeked (a pipe, socket or terminal)");
            }

            long length = stream.Length;
            if (length > MaxBytes)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"ONNX model '{DisplayText.Escape(full, 400)}' is {length} bytes, over the {MaxBytes}-byte protobuf limit; Phase reads no external-data models."));
            }

            return stream;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static void ThrowIfMoreData(FileStream stream, string path, long length)
    {
        Span<byte> probe = stackalloc byte[1];
        if (stream.Read(probe) != 0)
        {
            throw NotRegular(Path.GetFullPath(path), string.Create(CultureInfo.InvariantCulture,
                $"it reports {length} bytes but yields more (a device such as /dev/zero, or a file still being written)"));
        }
    }

    private static InvalidDataException NotRegular(string path, string why) =>
        new($"ONNX model '{DisplayText.Escape(path, 400)}' is not a regular file: {why}. Pass the path of an .onnx file.");
}

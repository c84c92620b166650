using System.Globalization;

namespace Phase.IO;

/// <summary>
/// Reads a stream forward while counting the bytes consumed, so errors can name offsets and every declared size can
/// be checked against what the stream really holds before anything is allocated.
/// </summary>
/// <remarks>For a seekable stream <see cref="Remaining"/> is exact; for a non-seekable one it is unknown (null) and
/// readers must grow their buffers only as bytes actually arrive.</remarks>
internal sealed class SourceReader
{
    private readonly Stream _stream;
    private readonly long _end;

    public SourceReader(Stream stream, string source)
    {
        _stream = stream;
        Source = source;
        if (stream.CanSeek)
        {
            long length = stream.Length;
            long position = stream.Position;
            _end = length - position;
            if (_end < 0)
            {
                _end = 0;
            }
        }
        else
        {
            _end = -1;
        }
    }

    /// <summary>The file or stream name used in messages.</summary>
    public string Source { get; }

    /// <summary>Bytes consumed since the reader was created (the offset of the next byte relative to the start).</summary>
    public long Offset { get; private set; }

    /// <summary>Whether the underlying stream can seek (and <see cref="Remaining"/> is known).</summary>
    public bool CanSeek => _end >= 0;

    /// <summary>Bytes left in a seekable stream, or null when unknown.</summary>
    public long? Remaining => _end >= 0 ? _end - Offset : null;

    /// <summary>Reads up to <c>buffer.Length</c> bytes, fewer only at the end of the stream.</summary>
    public int ReadAtMost(Span<byte> buffer)
    {
        int total = _stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        Offset += total;
        return total;
    }

    /// <summary>Reads exactly <c>buffer.Length</c> bytes or throws <see cref="InvalidDataException"/> naming <paramref name="what"/>.</summary>
    public void ReadExactly(Span<byte> buffer, string what)
    {
        long start = Offset;
        int got = ReadAtMost(buffer);
        if (got < buffer.Length)
        {
            throw IoErrors.Invalid(Source, string.Create(CultureInfo.InvariantCulture,
                $"the file is truncated: {what} at offset {start} needs {buffer.Length} bytes but only {got} remain."));
        }
    }

    /// <summary>Skips <paramref name="count"/> bytes; returns the number actually skipped (less only at the end).</summary>
    public long SkipAtMost(long count)
    {
        if (count <= 0)
        {
            return 0;
        }

        if (CanSeek)
        {
            long n = Math.Min(count, Remaining!.Value);
            _stream.Seek(n, SeekOrigin.Current);
            Offset += n;
            return n;
        }

        // Non-seekable: read and discard through a small buffer, so a lying size costs time bounded by the real length.
        Span<byte> scratch = stackalloc byte[4096];
        long skipped = 0;
        while (skipped < count)
        {
            int want = (int)Math.Min(scratch.Length, count - skipped);
            int got = ReadAtMost(scratch[..want]);
            skipped += got;
            if (got < want)
            {
                break;
            }
        }

        return skipped;
    }

    /// <summary>Moves to an absolute offset (relative to where the reader started); seekable streams only.</summary>
    public void SeekTo(long offset)
    {
        _stream.Seek(offset - Offset, SeekOrigin.Current);
        Offset = offset;
    }
}

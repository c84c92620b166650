namespace Phase.IO;

/// <summary>
/// Writes a file all-or-nothing: the content goes to a temporary file in the destination's directory (so the final
/// rename stays on one volume), which is flushed to disk and then moved over the destination. Until
/// <see cref="Commit"/> the destination is untouched; disposing without committing deletes the temporary file.
/// </summary>
/// <remarks>
/// <para>Usage: <c>using var file = AtomicFile.Create(path, "path", token); Write(file.Stream); file.Commit();</c>. An
/// exception thrown between <see cref="Create"/> and <see cref="Commit"/> — including the
/// <see cref="OperationCanceledException"/> that <see cref="Stream"/> throws on its next write once the token is
/// cancelled — therefore leaves neither a partial destination nor a stray temporary file.</para>
/// <para>A destination that is a symbolic link is written through: the link's final target is replaced and the link
/// stays. On Unix an existing destination keeps its permission bits (the new file gets them before the move). I/O
/// errors name the destination the caller gave, never the temporary file. Not thread-safe.</para>
/// </remarks>
internal sealed class AtomicFile : IDisposable
{
    private readonly string _userPath;
    private readonly string _destination;
    private readonly CancellationToken _cancellationToken;
    private FileStream? _file;
    private CancellableStream? _stream;
    private bool _committed;

    private AtomicFile(string userPath, string destination, string temporary, FileStream file, CancellationToken cancellationToken)
    {
        _userPath = userPath;
        _destination = destination;
        TemporaryPath = temporary;
        _file = file;
        _cancellationToken = cancellationToken;
        _stream = new CancellableStream(this, file, cancellationToken);
    }

    /// <summary>The stream to write the content to. Each write checks the cancellation token first; I/O errors are
    /// rethrown naming the destination.</summary>
    public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(AtomicFile));

    /// <summary>The temporary file's full path (exposed for tests).</summary>
    public string TemporaryPath { get; }

    /// <summary>Opens a new temporary file next to <paramref name="path"/> (next to its final target if it is a
    /// symbolic link).</summary>
    /// <param name="path">The destination file.</param>
    /// <param name="paramName">The parameter name to use in argument errors.</param>
    /// <param name="cancellationToken">Cancels the write: the next write to <see cref="Stream"/>, and
    /// <see cref="Commit"/>, throw <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ArgumentException">The path is empty or names a directory.</exception>
    /// <exception cref="DirectoryNotFoundException">The destination directory does not exist.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable (the message names <paramref name="path"/>).</exception>
    /// <exception cref="IOException">The temporary file cannot be created (the message names <paramref name="path"/>).</exception>
    /// <exception cref="OperationCanceledException">The token is already cancelled.</exception>
    public static AtomicFile Create(string path, string paramName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, paramName);
        cancellationToken.ThrowIfCancellationRequested();
        string full = Path.GetFullPath(path);
        string name = Path.GetFileName(full);
        if (name.Length == 0 || Directory.Exists(full))
        {
            throw new ArgumentException($"'{path}' is a directory; pass a file path.", paramName);
        }

        // Write through a symbolic link to its final target (replacing the link itself by a regular file would
        // silently detach it).
        string destination = full;
        var info = new FileInfo(full);
        if (info.LinkTarget is { } linkTarget)
        {
            try
            {
                destination = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? destination;
            }
            catch (IOException)
            {
                // A dangling link (or a chain that ends in one): create the file it points at.
                destination = Path.GetFullPath(linkTarget, Path.GetDirectoryName(full) ?? ".");
            }

            if (Directory.Exists(destination))
            {
                throw new ArgumentException($"'{path}' is a link to the directory '{destination}'; pass a file path.", paramName);
            }
        }

        string directory = Path.GetDirectoryName(destination) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot write '{path}': directory '{directory}' does not exist.");
        }

        // Hidden, unique, same directory. CreateNew guarantees we never clobber someone else's file.
        // The name is shortened so that the temporary name stays within the usual 255-character limit whenever the
        // destination's does.
        string stem = Path.GetFileName(destination);
        stem = stem.Length > 200 ? stem[..200] : stem;
        string temporary = Path.Combine(directory, "." + stem + "." + Path.GetRandomFileName() + ".tmp");
        FileStream stream;
        try
        {
            stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Rename(e, path, temporary, directory);
        }

        return new AtomicFile(path, destination, temporary, stream, cancellationToken);
    }

    /// <summary>Flushes the content to disk, gives it the existing destination's permissions (Unix) and moves the
    /// temporary file over the destination.</summary>
    /// <exception cref="OperationCanceledException">The token was cancelled; nothing is moved.</exception>
    /// <exception cref="IOException">Flushing or moving failed (the message names the destination).</exception>
    public void Commit()
    {
        FileStream stream = _file ?? throw new ObjectDisposedException(nameof(AtomicFile));
        _cancellationToken.ThrowIfCancellationRequested();
        try
        {
            stream.Flush(flushToDisk: true);
            stream.Dispose();
            _file = null;
            _stream = null;
            if (!OperatingSystem.IsWindows() && File.Exists(_destination))
            {
                File.SetUnixFileMode(TemporaryPath, File.GetUnixFileMode(_destination));
            }

            _cancellationToken.ThrowIfCancellationRequested();
            File.Move(TemporaryPath, _destination, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Rename(e, _userPath, TemporaryPath, Path.GetDirectoryName(_destination) ?? ".");
        }

        _committed = true;
    }

    /// <summary>Closes and deletes the temporary file unless <see cref="Commit"/> succeeded.</summary>
    public void Dispose()
    {
        try
        {
            _file?.Dispose();
        }
        catch (IOException)
        {
            // Closing can fail (e.g. disk full on the last flush); the file is deleted below either way.
        }

        _file = null;
        _stream = null;
        if (!_committed)
        {
            try
            {
                File.Delete(TemporaryPath);
            }
            catch (IOException)
            {
                // Best effort: the original exception (being propagated) matters more than a leftover temporary.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>The same kind of exception with the temporary path in its message replaced by the user's path.</summary>
    private static Exception Rename(Exception e, string userPath, string temporary, string directory)
    {
        string message = e.Message.Contains(temporary, StringComparison.Ordinal)
            ? e.Message.Replace(temporary, userPath, StringComparison.Ordinal)
            : e.Message;
        if (!message.Contains(userPath, StringComparison.Ordinal))
        {
            message = $"Cannot write '{userPath}': {message}";
        }

        return e switch
        {
            UnauthorizedAccessException => new UnauthorizedAccessException(
                $"Cannot write '{userPath}': permission denied (the directory '{directory}' must be writable).", e),
            DirectoryNotFoundException => new DirectoryNotFoundException(message, e),
            PathTooLongException => new PathTooLongException(message, e),
            _ => new IOException(message, e),
        };
    }

    /// <summary>The temporary file's stream as callers see it: checks cancellation before each write and renames
    /// I/O errors after the destination.</summary>
    private sealed class CancellableStream(AtomicFile owner, FileStream inner, CancellationToken cancellationToken) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position
        {
            get => inner.Position;
            set => inner.Position = value;
        }

        public override void Flush() => Guard(inner.Flush);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                inner.Write(buffer);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Rename(e, owner._userPath, owner.TemporaryPath, Path.GetDirectoryName(owner._destination) ?? ".");
            }
        }

        public override void WriteByte(byte value)
        {
            ReadOnlySpan<byte> one = [value];
            Write(one);
        }

        private void Guard(Action action)
        {
            try
            {
                action();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Rename(e, owner._userPath, owner.TemporaryPath, Path.GetDirectoryName(owner._destination) ?? ".");
            }
        }
    }
}

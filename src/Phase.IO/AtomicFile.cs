namespace Phase.IO;

/// <summary>
/// Writes a file all-or-nothing: the content goes to a temporary file in the destination's directory (so the final
/// rename stays on one volume), which is flushed to disk and then moved over the destination. Until
/// <see cref="Commit"/> the destination is untouched; disposing without committing deletes the temporary file.
/// </summary>
/// <remarks>
/// Usage: <c>using var file = AtomicFile.Create(path); Write(file.Stream); file.Commit();</c>. An exception thrown
/// between <see cref="Create"/> and <see cref="Commit"/> therefore leaves neither a partial destination nor a stray
/// temporary file. Not thread-safe.
/// </remarks>
internal sealed class AtomicFile : IDisposable
{
    private readonly string _destination;
    private FileStream? _stream;
    private bool _committed;

    private AtomicFile(string destination, string temporary, FileStream stream)
    {
        _destination = destination;
        TemporaryPath = temporary;
        _stream = stream;
    }

    /// <summary>The stream to write the content to.</summary>
    public Stream Stream => _stream ?? throw new ObjectDisposedException(nameof(AtomicFile));

    /// <summary>The temporary file's full path (exposed for tests).</summary>
    public string TemporaryPath { get; }

    /// <summary>Opens a new temporary file next to <paramref name="path"/>.</summary>
    /// <param name="path">The destination file.</param>
    /// <param name="paramName">The parameter name to use in argument errors.</param>
    /// <exception cref="ArgumentException">The path is empty or names a directory.</exception>
    /// <exception cref="DirectoryNotFoundException">The destination directory does not exist.</exception>
    public static AtomicFile Create(string path, string paramName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path, paramName);
        string full = Path.GetFullPath(path);
        string name = Path.GetFileName(full);
        if (name.Length == 0 || Directory.Exists(full))
        {
            throw new ArgumentException($"'{path}' is a directory; pass a file path.", paramName);
        }

        string directory = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot write '{path}': directory '{directory}' does not exist.");
        }

        // Hidden, unique, same directory. CreateNew guarantees we never clobber someone else's file.
        string temporary = Path.Combine(directory, "." + name + "." + Path.GetRandomFileName() + ".tmp");
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        return new AtomicFile(full, temporary, stream);
    }

    /// <summary>Flushes the content to disk and moves the temporary file over the destination.</summary>
    public void Commit()
    {
        FileStream stream = _stream ?? throw new ObjectDisposedException(nameof(AtomicFile));
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        _stream = null;
        File.Move(TemporaryPath, _destination, overwrite: true);
        _committed = true;
    }

    /// <summary>Closes and deletes the temporary file unless <see cref="Commit"/> succeeded.</summary>
    public void Dispose()
    {
        _stream?.Dispose();
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
}

namespace Phase.Cli;

/// <summary>Whether two paths name the same file: full paths with every symbolic link (in any directory of the path
/// as well as the last component) resolved, compared as the file system compares names.</summary>
/// <remarks>Hard links to one file are not detected (that needs the file system's inode), nor are bind mounts.</remarks>
internal static class PathIdentity
{
    private const int MaxLinkHops = 40;

    /// <summary>Names are case-insensitive on Windows and (by default) macOS.</summary>
    private static readonly StringComparison NameComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static bool SameFile(string a, string b) =>
        string.Equals(Canonical(a), Canonical(b), NameComparison);

    /// <summary>Throws a usage error when writing <paramref name="output"/> would replace <paramref name="input"/>.</summary>
    public static void ThrowIfSameFile(string input, string output, string what = "the output")
    {
        if (File.Exists(output) && SameFile(input, output))
        {
            throw new CliUsageException($"{what} '{output}' is the input file '{input}'; writing it would destroy the input. Choose another output path.");
        }
    }

    /// <summary>The full path with symbolic links resolved component by component (a missing tail is kept as given).</summary>
    public static string Canonical(string path)
    {
        int hops = 0;
        return Resolve(Path.GetFullPath(path), ref hops);
    }

    private static string Resolve(string full, ref int hops)
    {
        string? parent = Path.GetDirectoryName(full);
        if (parent is null)
        {
            return full; // the root
        }

        string resolved = Path.Combine(Resolve(parent, ref hops), Path.GetFileName(full));
        string? target;
        try
        {
            target = new FileInfo(resolved).LinkTarget;
        }
        catch (IOException)
        {
            return resolved;
        }
        catch (UnauthorizedAccessException)
        {
            return resolved;
        }

        if (target is null || ++hops > MaxLinkHops)
        {
            return resolved;
        }

        return Resolve(Path.GetFullPath(target, Path.GetDirectoryName(resolved)!), ref hops);
    }
}

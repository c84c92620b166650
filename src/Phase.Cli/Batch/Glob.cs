using System.Text;
using System.Text.RegularExpressions;

namespace Phase.Cli.Batch;

/// <summary>
/// File-name patterns expanded by Phase itself (so quoting them works the same in every shell and on Windows):
/// <c>*</c> any run of characters within one name, <c>?</c> one character, <c>[abc]</c> / <c>[a-z]</c> / <c>[!a-z]</c>
/// one character of (not of) a set, and a whole path segment <c>**</c> for any number of directories (zero included).
/// Wildcards do not match a leading dot (hidden files), as in POSIX shells. Names compare as the file system does
/// (ordinal on Linux, ignoring case on Windows and macOS).
/// </summary>
internal static class Glob
{
    private static readonly bool IgnoreCase = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();

    /// <summary>Whether <paramref name="text"/> contains a wildcard (<c>*</c>, <c>?</c> or <c>[</c>).</summary>
    public static bool HasWildcards(string text) => text.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>The matches of <paramref name="pattern"/>: files and directories, with the directory that the pattern's
    /// literal leading part names (relative output names are taken below it).</summary>
    public static (string BaseDirectory, IReadOnlyList<string> Matches) Expand(string pattern)
    {
        string[] segments = pattern.Split(DirectorySeparators(), StringSplitOptions.None);
        int firstWild = Array.FindIndex(segments, HasWildcards);
        string literal = string.Join(Path.DirectorySeparatorChar, segments[..firstWild]);
        if (literal.Length == 0 && Path.IsPathRooted(pattern))
        {
            literal = Path.GetPathRoot(pattern)!;
        }

        string baseDirectory = Path.GetFullPath(literal.Length == 0 ? "." : literal);
        var matches = new List<string>();
        if (Directory.Exists(baseDirectory))
        {
            Match(baseDirectory, segments.AsSpan(firstWild).ToArray().Where(s => s.Length > 0).ToArray(), 0, matches);
        }

        matches.Sort(StringComparer.Ordinal);
        return (baseDirectory, matches.Distinct(StringComparer.Ordinal).ToArray());
    }

    private static char[] DirectorySeparators() =>
        Path.DirectorySeparatorChar == Path.AltDirectorySeparatorChar ? [Path.DirectorySeparatorChar] : [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    private static void Match(string directory, string[] segments, int index, List<string> matches)
    {
        if (index == segments.Length)
        {
            matches.Add(directory);
            return;
        }

        string segment = segments[index];
        bool last = index == segments.Length - 1;
        if (segment == "**")
        {
            // Zero directories, then every visible subdirectory at any depth.
            Match(directory, segments, index + 1, matches);
            foreach (string sub in SafeEntries(directory, directories: true))
            {
                Match(sub, segments, index, matches);
            }

            return;
        }

        if (!HasWildcards(segment))
        {
            string next = Path.Combine(directory, segment);
            if (last ? File.Exists(next) || Directory.Exists(next) : Directory.Exists(next))
            {
                Match(next, segments, index + 1, matches);
            }

            return;
        }

        Regex regex = ToRegex(segment);
        IEnumerable<string> candidates = last
            ? SafeEntries(directory, directories: true).Concat(SafeEntries(directory, directories: false))
            : SafeEntries(directory, directories: true);
        foreach (string candidate in candidates)
        {
            if (regex.IsMatch(Path.GetFileName(candidate)))
            {
                Match(candidate, segments, index + 1, matches);
            }
        }
    }

    /// <summary>Visible (not dot-) entries; a directory that cannot be listed contributes nothing.</summary>
    private static IEnumerable<string> SafeEntries(string directory, bool directories)
    {
        try
        {
            string[] entries = directories ? Directory.GetDirectories(directory) : Directory.GetFiles(directory);
            return entries.Where(e => !Path.GetFileName(e).StartsWith('.'));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>One path segment as an anchored regular expression.</summary>
    internal static Regex ToRegex(string segment)
    {
        var sb = new StringBuilder("^");
        if (segment.Length > 0 && segment[0] is '*' or '?' or '[')
        {
            sb.Append(@"(?!\.)"); // wildcards do not match a leading dot
        }

        for (int i = 0; i < segment.Length; i++)
        {
            char c = segment[i];
            switch (c)
            {
                case '*':
                    sb.Append(".*");
                    break;
                case '?':
                    sb.Append('.');
                    break;
                case '[':
                    int close = i + 2 < segment.Length ? segment.IndexOf(']', i + 2) : -1;
                    if (close < 0)
                    {
                        sb.Append(@"\[");
                        break;
                    }

                    string set = segment[(i + 1)..close];
                    bool negate = set[0] is '!' or '^';
                    if (negate)
                    {
                        set = set[1..];
                    }

                    sb.Append(negate ? "[^" : "[");
                    foreach (char s in set)
                    {
                        sb.Append(s is '\\' or '[' or ']' or '^' ? "\\" + s : s.ToString());
                    }

                    sb.Append(']');
                    i = close;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant | (IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
    }
}

namespace Phase.Cli.Batch;

/// <summary>
/// Turns the inputs of a many-file run — files, directories and patterns — into a sorted, duplicate-free list of
/// <see cref="BatchItem"/>s. A file keeps its name; a directory contributes every visible .wav and .npy file below it
/// (recursively) with its relative path; a pattern (see <see cref="Glob"/>) contributes its matches with their path
/// below the pattern's literal leading directory (a matched directory contributes like a directory). The list is
/// sorted by relative output path (ordinal), so every run over the same files sees them in the same order.
/// </summary>
internal static class InputExpansion
{
    public sealed record Expanded(IReadOnlyList<BatchItem> Items, IReadOnlyList<(string Input, string Message)> Problems);

    public static bool IsAudioInput(string path) =>
        path.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) || Inputs.IsNpy(path);

    public static Expanded Expand(IReadOnlyList<string> inputs)
    {
        var items = new List<BatchItem>();
        var problems = new List<(string, string)>();
        foreach (string input in inputs)
        {
            if (File.Exists(input))
            {
                items.Add(new BatchItem(Path.GetFullPath(input), WavName(Path.GetFileName(input))));
            }
            else if (Directory.Exists(input))
            {
                int before = items.Count;
                AddDirectory(Path.GetFullPath(input), items);
                if (items.Count == before)
                {
                    problems.Add((input, "the directory holds no .wav or .npy files."));
                }
            }
            else if (Glob.HasWildcards(input))
            {
                (string baseDirectory, IReadOnlyList<string> matches) = Glob.Expand(input);
                int before = items.Count;
                foreach (string match in matches)
                {
                    if (Directory.Exists(match))
                    {
                        AddDirectory(match, items, baseDirectory);
                    }
                    else if (IsAudioInput(match))
                    {
                        items.Add(new BatchItem(match, WavName(Relative(baseDirectory, match))));
                    }
                }

                if (items.Count == before)
                {
                    problems.Add((input, "no .wav or .npy file matches the pattern."));
                }
            }
            else
            {
                problems.Add((input, "the input file does not exist."));
            }
        }

        // The same file named twice (a.wav and *.wav) is processed once.
        var unique = items
            .GroupBy(i => PathIdentity.Canonical(i.Input), StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(i => i.RelativeOutput, StringComparer.Ordinal)
            .ThenBy(i => i.Input, StringComparer.Ordinal)
            .ToList();
        return new Expanded(unique, problems);
    }

    private static void AddDirectory(string directory, List<BatchItem> items, string? baseDirectory = null)
    {
        foreach (string file in VisibleFiles(directory))
        {
            if (IsAudioInput(file))
            {
                items.Add(new BatchItem(file, WavName(Relative(baseDirectory ?? directory, file))));
            }
        }
    }

    /// <summary>Files below <paramref name="directory"/>, skipping hidden (dot) files and directories — among them the
    /// temporary files of writes in progress.</summary>
    private static IEnumerable<string> VisibleFiles(string directory)
    {
        var pending = new Stack<string>();
        pending.Push(directory);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            string[] files, subdirectories;
            try
            {
                files = Directory.GetFiles(current);
                subdirectories = Directory.GetDirectories(current);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (string file in files.Where(f => !Path.GetFileName(f).StartsWith('.')))
            {
                yield return file;
            }

            foreach (string sub in subdirectories.Where(d => !Path.GetFileName(d).StartsWith('.')))
            {
                pending.Push(sub);
            }
        }
    }

    private static string Relative(string baseDirectory, string path) =>
        Path.GetRelativePath(baseDirectory, path).Replace(Path.DirectorySeparatorChar, '/');

    private static string WavName(string relative) => Path.ChangeExtension(relative, ".wav");
}

using System.CommandLine;
using System.Globalization;

namespace Phase.Cli.Batch;

/// <summary>
/// The options of a many-file run (<c>--jobs</c>, <c>--shard</c>, <c>--overwrite</c>), which inputs make a run a
/// many-file one, and the resolved plan: the files to do, those skipped, the problems found while expanding.
/// </summary>
internal sealed class BatchOptions
{
    public Option<int?> Jobs { get; } = new("--jobs", "-j")
    {
        Description = "Files converted at once in a many-file run (default: the number of cores). Each file runs on one thread.",
    };

    public Option<string?> Shard { get; } = new("--shard")
    {
        Description = "Take only shard i of n (0 ≤ i < n), e.g. --shard $SLURM_ARRAY_TASK_ID/8: a file belongs to the shard FNV-1a-64(its output name) mod n, so n machines split a corpus without overlap.",
    };

    public Option<bool> Overwrite { get; } = new("--overwrite")
    {
        Description = "In a many-file run, replace outputs that already exist (by default they are skipped, so an interrupted run can be resumed).",
    };

    /// <summary>The resolved work of a many-file run.</summary>
    /// <param name="OutputDirectory">Full path of the output directory (created).</param>
    /// <param name="ToRun">Files to convert, in sorted order.</param>
    /// <param name="Skipped">Files of this shard whose output exists (without --overwrite).</param>
    /// <param name="Found">Files the inputs expanded to.</param>
    /// <param name="InShard">Of those, the files of this shard.</param>
    /// <param name="Problems">Inputs that gave no file (missing, empty directory, pattern without matches).</param>
    /// <param name="Jobs">Files at once.</param>
    /// <param name="Shard">The shard taken.</param>
    public sealed record Plan(string OutputDirectory, IReadOnlyList<BatchItem> ToRun, int Skipped, int Found, int InShard,
        IReadOnlyList<(string Input, string Message)> Problems, int Jobs, Shard Shard);

    public void AddTo(Command command)
    {
        command.Options.Add(Jobs);
        command.Options.Add(Shard);
        command.Options.Add(Overwrite);
    }

    /// <summary>A run is a many-file one when there are several inputs, an input is a directory or a pattern, or the
    /// output is an existing directory or ends with a path separator. Otherwise it is the single-file
    /// <c>phase invert in -o out.wav</c>.</summary>
    public static bool IsBatch(IReadOnlyList<string> inputs, string output) =>
        inputs.Count > 1
        || Directory.Exists(inputs[0])
        || (Glob.HasWildcards(inputs[0]) && !File.Exists(inputs[0]))
        || Directory.Exists(output)
        || output.EndsWith(Path.DirectorySeparatorChar)
        || output.EndsWith(Path.AltDirectorySeparatorChar);

    /// <summary>Expands the inputs, takes the shard, checks names and creates the output directory.</summary>
    /// <exception cref="CliUsageException">Bad --jobs/--shard, an output name two inputs share, an output that would
    /// replace its own input, or an output directory that looks like a file name.</exception>
    public Plan Resolve(ParseResult result, IReadOnlyList<string> inputs, string outputDirectory)
    {
        int jobs = result.GetValue(Jobs) ?? Environment.ProcessorCount;
        if (jobs < 1)
        {
            throw new CliUsageException($"--jobs {jobs.ToString(CultureInfo.InvariantCulture)}: use at least 1 (the default is the number of cores, {Environment.ProcessorCount}).");
        }

        Shard shard = result.GetValue(Shard) is { } text ? Batch.Shard.Parse(text) : Batch.Shard.All;
        if (File.Exists(outputDirectory))
        {
            throw new CliUsageException($"-o '{outputDirectory}' is a file; with several inputs, a directory or a pattern, -o names the output directory.");
        }

        if (!Directory.Exists(outputDirectory) && (outputDirectory.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) || outputDirectory.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)))
        {
            throw new CliUsageException($"-o '{outputDirectory}' looks like a file name, but with several inputs, a directory or a pattern -o names the output directory (created if missing).");
        }

        InputExpansion.Expanded expanded = InputExpansion.Expand(inputs);
        string fullOutput = Path.GetFullPath(outputDirectory);
        var clash = expanded.Items.GroupBy(i => i.RelativeOutput, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new CliUsageException($"'{Inputs.Printable(clash.First().Input)}' and '{Inputs.Printable(clash.Skip(1).First().Input)}' would both be written to '{Inputs.Printable(clash.Key)}'; convert them in separate runs or to separate output directories.");
        }

        var inShard = expanded.Items.Where(i => shard.Contains(i.RelativeOutput)).ToList();
        bool overwrite = result.GetValue(Overwrite);
        var toRun = new List<BatchItem>(inShard.Count);
        int skipped = 0;
        foreach (BatchItem item in inShard)
        {
            string output = Path.Combine(fullOutput, item.RelativeOutput.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(output) && PathIdentity.SameFile(item.Input, output))
            {
                throw new CliUsageException($"the output for '{Inputs.Printable(item.Input)}' would be the input file itself; choose an output directory other than the input's.");
            }

            if (File.Exists(output) && !overwrite)
            {
                skipped++;
            }
            else
            {
                toRun.Add(item);
            }
        }

        Directory.CreateDirectory(fullOutput);
        return new Plan(fullOutput, toRun, skipped, expanded.Items.Count, inShard.Count, expanded.Problems, jobs, shard);
    }
}

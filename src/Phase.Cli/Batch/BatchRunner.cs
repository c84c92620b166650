using System.Collections.Concurrent;

namespace Phase.Cli.Batch;

/// <summary>
/// Runs per-file work over many files in parallel: <c>jobs</c> files at a time, each on one thread, one progress bar for
/// the whole run. A file that fails is recorded and the run goes on; cancellation (Ctrl+C) stops it (files already
/// written stay, the one being written is not left half-done).
/// </summary>
internal static class BatchRunner
{
    /// <summary>Runs <paramref name="work"/> on every item; results come back in the items' order.</summary>
    /// <param name="items">The files, in their (sorted) order.</param>
    /// <param name="outputDirectory">Each output is <c>outputDirectory/item.RelativeOutput</c>; missing subdirectories
    /// are created.</param>
    /// <param name="jobs">Files processed at once (≥ 1).</param>
    /// <param name="context">Where the progress bar is drawn.</param>
    /// <param name="label">The progress bar's label.</param>
    /// <param name="work">Does one file: input item, output path, a context that collects its messages, the token.</param>
    /// <param name="cancellationToken">Stops the run; <see cref="OperationCanceledException"/> is thrown.</param>
    public static IReadOnlyList<BatchResult<T>> Run<T>(IReadOnlyList<BatchItem> items, string outputDirectory, int jobs,
        CliContext context, string label, Func<BatchItem, string, CliContext, CancellationToken, T> work,
        CancellationToken cancellationToken)
    {
        var results = new BatchResult<T>[items.Count];
        var gate = new Lock();
        int done = 0;
        using var bar = new ProgressBar(context, label);
        bar.Report(new ReconstructionProgress(0, items.Count, "file"));
        var options = new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancellationToken };

        // One item at a time per worker (no chunking), so a few long files do not hold up short ones behind them.
        var partitioner = Partitioner.Create(Enumerable.Range(0, items.Count), EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(partitioner, options, i =>
        {
            BatchItem item = items[i];
            string output = Path.Combine(outputDirectory, item.RelativeOutput.Replace('/', Path.DirectorySeparatorChar));
            var messages = new StringWriter();
            var fileContext = new CliContext(TextWriter.Null, messages, interactiveError: false);
            T? value = default;
            string? error = null;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(output)!);
                value = work(item, output, fileContext, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                error = Describe(e);
            }

            string[] warnings = messages.ToString()
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => l.StartsWith("phase: warning: ", StringComparison.Ordinal))
                .Select(l => l["phase: warning: ".Length..])
                .ToArray();
            results[i] = new BatchResult<T>(item, output, value, error, warnings);
            lock (gate)
            {
                bar.Report(new ReconstructionProgress(++done, items.Count, "file"));
            }
        });
        return results;
    }

    /// <summary>The one-line message the single-file command would print for <paramref name="e"/>.</summary>
    private static string Describe(Exception e) => e switch
    {
        CliUsageException => e.Message,
        ArgumentException a => StftOptions.StripParamSuffix(a),
        InvalidDataException or NotSupportedException or IOException or UnauthorizedAccessException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}

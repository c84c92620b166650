namespace Phase.Cli.Batch;

/// <summary>How one file of a many-file run ended.</summary>
/// <typeparam name="T">What the per-file work returns.</typeparam>
/// <param name="Item">The input and its output name.</param>
/// <param name="Output">The output file's path.</param>
/// <param name="Value">The work's result; default when it failed.</param>
/// <param name="Error">The failure, one line; null on success.</param>
/// <param name="Warnings">Warnings the work printed for this file ("phase: warning: …" lines).</param>
internal sealed record BatchResult<T>(BatchItem Item, string Output, T? Value, string? Error, IReadOnlyList<string> Warnings)
{
    public bool Failed => Error is not null;
}

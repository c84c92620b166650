namespace Phase.Cli;

/// <summary>Where a command writes: standard output for results, standard error for progress, warnings and errors.
/// Tests pass string writers.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, bool interactiveError, CancellationToken cancellation = default)
{
    /// <summary>Results (tables, numbers).</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Progress, warnings and errors.</summary>
    public TextWriter Err { get; } = error;

    /// <summary>Whether standard error is a terminal (a progress bar redraws in place only then).</summary>
    public bool InteractiveError { get; } = interactiveError;

    /// <summary>Cancelled by Ctrl+C / SIGTERM (see <see cref="Program.Main"/>); commands pass it to their work.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The process console.</summary>
    public static CliContext FromConsole(CancellationToken cancellation) => new(Console.Out, Console.Error, !Console.IsErrorRedirected, cancellation);

    /// <summary>Writes a warning line to standard error.</summary>
    public void Warn(string message) => Err.WriteLine($"phase: warning: {message}");
}

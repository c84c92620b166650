namespace Phase.Cli;

/// <summary>Entry point of the <c>phase</c> tool.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>The exit code: 0 success, 1 failure (unreadable input, I/O), 2 usage error, 130 cancelled.</returns>
    public static int Main(string[] args) => Cli.Invoke(args, CliContext.FromConsole());
}

using System.CommandLine;

namespace Phase.Cli;

/// <summary>Entry point of the <c>phase</c> tool.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>The process exit code: 0 on success.</returns>
    public static int Main(string[] args)
    {
        var root = new RootCommand("phase: reconstruct audio from STFT magnitude spectrograms.");
        return root.Parse(args).Invoke();
    }
}

using System.Runtime.InteropServices;

namespace Phase.Cli;

/// <summary>Entry point of the <c>phase</c> tool.</summary>
public static class Program
{
    /// <summary>Runs the command line.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>The exit code: 0 success, 1 failure (unreadable input, I/O), 2 usage error, 130 cancelled.</returns>
    /// <remarks>Ctrl+C (SIGINT) and SIGTERM cancel cooperatively: the running command stops at its next check, a file
    /// being written is discarded (its temporary file deleted, the destination untouched) and the exit code is 130. A
    /// second Ctrl+C ends the process at once.</remarks>
    public static int Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        void OnSignal(PosixSignalContext signal)
        {
            if (!cancel.IsCancellationRequested)
            {
                signal.Cancel = true; // keep the process alive so it can clean up
                cancel.Cancel();
            }
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        return Cli.Invoke(args, CliContext.FromConsole(cancel.Token));
    }
}

namespace Phase.Cli;

/// <summary>Process exit codes of the <c>phase</c> tool.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Success = 0;

    /// <summary>The work failed: unreadable or corrupt input, invalid values, I/O errors.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: unknown option, missing argument, a value out of range.</summary>
    public const int Usage = 2;

    /// <summary>Cancelled (Ctrl+C).</summary>
    public const int Cancelled = 130;
}

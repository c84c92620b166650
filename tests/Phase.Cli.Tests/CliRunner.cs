using Phase.Cli;

namespace Phase.Tests;

/// <summary>Runs the phase command line in-process with captured output.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Err);

    public static Result Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Cli.Cli.Invoke(args, new CliContext(output, error, interactiveError: false));
        return new Result(code, output.ToString(), error.ToString());
    }
}

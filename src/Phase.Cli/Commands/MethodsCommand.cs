using System.CommandLine;

namespace Phase.Cli.Commands;

/// <summary><c>phase methods</c>: the available reconstruction methods, their latency and parameters.</summary>
internal static class MethodsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("methods", "List the available reconstruction methods with their latency (at the default STFT settings) and parameters.");
        command.SetAction(_ => Cli.Run(context, () =>
        {
            var settings = StftSettings.Default;
            var table = new TextTable("method", "kind", "latency", "parameters", "description");
            foreach (var m in PhaseReconstructors.Available)
            {
                table.Add(m.Name, m.IsStreaming ? "streaming" : "offline", Format.Latency(m.Latency(settings), settings.SampleRate),
                    m.Parameters.Count == 0 ? "-" : string.Join(", ", m.Parameters), m.Description);
            }

            context.Out.WriteLine($"Latency at {settings}:");
            table.Write(context.Out);
            return ExitCodes.Success;
        }));
        return command;
    }
}

using System.CommandLine;
using Phase.Effects;

namespace Phase.Cli.Commands;

/// <summary><c>phase stretch in.wav -o out.wav --rate 1.25 [--method pvdr|pv]</c>: changes the duration, keeps the pitch.</summary>
internal static class StretchCommand
{
    public static Command Create(CliContext context)
    {
        var shared = new EffectCommand();
        var rate = new Option<double>("--rate", "-r")
        {
            Description = "Duration factor 0.25 … 4: the output is round(rate × input length) samples long, so 1.25 is 25 % longer (slower) and 0.5 twice as fast.",
            Required = true,
        };
        var command = new Command("stretch", "Time-stretch a WAV file: change its duration by --rate without changing its pitch (phase vocoder done right, or the classic phase vocoder).");
        command.Options.Add(rate);
        shared.AddTo(command);
        command.SetAction(result => Cli.Run(context, () =>
        {
            var stretch = new TimeStretch(result.GetValue(rate), shared.GetMethod(result), result.GetValue(shared.Window));
            return shared.Run(context, result, stretch.ToString(), x => stretch.Process(x));
        }));
        return command;
    }
}

using System.CommandLine;
using Phase.Effects;

namespace Phase.Cli.Commands;

/// <summary><c>phase pitch in.wav -o out.wav --semitones -3 [--method pvdr|pv]</c>: changes the pitch, keeps the duration.</summary>
internal static class PitchCommand
{
    public static Command Create(CliContext context)
    {
        var shared = new EffectCommand();
        var semitones = new Option<double>("--semitones", "-s")
        {
            Description = "Shift in semitones, -24 … 24 (fractions allowed): every frequency is multiplied by 2^(s/12).",
            Required = true,
        };
        var command = new Command("pitch", "Pitch-shift a WAV file by --semitones, keeping its duration (time-stretch, then polyphase resampling).");
        command.Options.Add(semitones);
        shared.AddTo(command);
        command.SetAction(result => Cli.Run(context, () =>
        {
            var shift = new PitchShift(result.GetValue(semitones), shared.GetMethod(result), result.GetValue(shared.Window));
            return shared.Run(context, result, shift.ToString(), x => shift.Process(x));
        }));
        return command;
    }
}

using System.CommandLine;
using Phase.IO;
using Phase.Stft;

namespace Phase.Cli.Commands;

/// <summary><c>phase spec in.wav -o mag.npy</c>: STFT magnitudes with the chosen settings, written as .npy.</summary>
internal static class SpecCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "Input WAV file." };
        var output = new Option<string>("--output", "-o") { Description = "Output .npy file.", Required = true };
        var layout = new Option<string>("--layout")
        {
            Description = "Array orientation: frames-bins (F × K, the default) or bins-frames (K × F, as librosa returns).",
            DefaultValueFactory = _ => "frames-bins",
        };
        layout.AcceptOnlyFromAmong("frames-bins", "bins-frames");
        var channel = new Option<string>("--channel")
        {
            Description = "Channel to analyse: mix (mono mix-down, default), all (writes channels × …), or a 0-based index.",
            DefaultValueFactory = _ => "mix",
        };
        var stft = new StftOptions();
        var command = new Command("spec", "Compute STFT magnitudes |X[n,k]| of a WAV file and write them as a float32 .npy array.");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.Options.Add(layout);
        command.Options.Add(channel);
        stft.AddTo(command);
        command.SetAction(result => Cli.Run(context, () =>
        {
            string inputPath = result.GetValue(input)!;
            WavData wav = Inputs.ReadWav(inputPath);
            PathIdentity.ThrowIfSameFile(inputPath, result.GetValue(output)!);
            StftSettings settings = stft.Build(result, wav.SampleRate);
            var channels = Inputs.SelectChannels(wav, result.GetValue(channel)!);
            var spectrogramLayout = result.GetValue(layout) == "bins-frames" ? SpectrogramLayout.BinsByFrames : SpectrogramLayout.FramesByBins;
            using var plan = new StftPlan(settings);
            var spectrograms = channels.Select(c => plan.ForwardMagnitude(c.Samples)).ToArray();
            int frames = spectrograms[0].FrameCount, bins = settings.BinCount;
            int rows = spectrogramLayout == SpectrogramLayout.FramesByBins ? frames : bins;
            int cols = spectrogramLayout == SpectrogramLayout.FramesByBins ? bins : frames;
            var data = new float[spectrograms.Length * frames * bins];
            for (int c = 0; c < spectrograms.Length; c++)
            {
                spectrograms[c].ToNpyArray(spectrogramLayout).Values.CopyTo(data.AsSpan(c * frames * bins));
            }

            string path = result.GetValue(output)!;
            int[] shape = spectrograms.Length == 1 && result.GetValue(channel) != "all" ? [rows, cols] : [spectrograms.Length, rows, cols];
            NpyFile.Write(path, data, shape, context.Cancellation);
            context.Out.WriteLine($"wrote {path}: shape ({string.Join(", ", shape)}) float32 magnitudes, " +
                $"{(spectrogramLayout == SpectrogramLayout.FramesByBins ? "frames × bins" : "bins × frames")}; {settings}");
            return ExitCodes.Success;
        }));
        return command;
    }
}

using System.CommandLine;
using Phase.IO;
using Phase.Mel;
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
        var mel = new Option<bool>("--mel") { Description = "Write a mel spectrogram instead, in the convention of --preset (stored values: compressed and normalised as that family's models emit them)." };
        var melPreset = new MelPresetOptions();
        var command = new Command("spec", "Compute STFT magnitudes |X[n,k]| of a WAV file (or, with --mel --preset NAME, a TTS family's mel spectrogram) and write them as a float32 .npy array.");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.Options.Add(layout);
        command.Options.Add(channel);
        stft.AddTo(command);
        command.Options.Add(mel);
        melPreset.AddTo(command);
        command.SetAction(result => Cli.Run(context, () =>
        {
            string inputPath = result.GetValue(input)!;
            PathIdentity.ThrowIfSameFile(inputPath, result.GetValue(output)!);
            MelConvention? convention = melPreset.Convention(result);
            if (result.GetValue(mel) || convention is not null)
            {
                if (convention is null)
                {
                    throw new CliUsageException($"--mel needs --preset NAME ({string.Join(", ", MelConvention.PresetNames)}); it fixes every setting of the mel spectrogram.");
                }

                return WriteMel(context, result, convention, inputPath, result.GetValue(output)!, result.GetValue(channel)!,
                    result.GetResult(layout) is { Implicit: false } ? result.GetValue(layout) : null, stft);
            }

            WavData wav = Inputs.ReadWav(inputPath);
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

    private static int WriteMel(CliContext context, ParseResult result, MelConvention convention, string inputPath, string path, string channel, string? layout, StftOptions stft)
    {
        MelPresetOptions.ThrowIfConflicting(result, convention, [stft.Window, stft.WindowLength, stft.FftSize, stft.Hop, stft.Padding, stft.WindowParameter]);
        if (layout is not null)
        {
            convention = convention with { Layout = layout == "bins-frames" ? MelLayout.MelsByFrames : MelLayout.FramesByMels };
        }

        WavData wav = Inputs.ReadWav(inputPath);
        var channels = Inputs.SelectChannels(wav, channel);
        var items = new List<float[]>();
        int frames = 0;
        int[] shape = [];
        foreach (var c in channels)
        {
            float[] samples = MelPresetOptions.AtConventionRate(c.Samples, wav.SampleRate, convention, context);
            float[] values;
            try
            {
                values = convention.Compute(samples, out frames);
            }
            catch (ArgumentException e)
            {
                throw new CliUsageException($"'{inputPath}': {StftOptions.StripParamSuffix(e)}", e);
            }

            items.Add(convention.ToLayout(values, frames, out shape));
        }

        int[] fullShape = items.Count == 1 && channel != "all" ? shape : [items.Count, .. shape];
        NpyFile.Write(path, items.SelectMany(v => v).ToArray(), fullShape);
        context.Out.WriteLine($"wrote {path}: shape ({string.Join(", ", fullShape)}) float32 mel spectrogram, " +
            $"{(convention.Layout == MelLayout.MelsByFrames ? "[n_mels, T]" : "[T, n_mels]")}; {convention}; a vocoder of this family makes {convention.OutputLength(frames)} samples from it");
        return ExitCodes.Success;
    }
}

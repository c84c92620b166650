using System.CommandLine;
using Phase.IO;
using Phase.Metrics;
using Phase.Stft;

namespace Phase.Cli.Commands;

/// <summary>
/// <c>phase invert in.wav|mag.npy -o out.wav --method NAME</c>. From a WAV: computes the magnitudes, discards the phase,
/// reconstructs and reports SC, STOI, ESTOI and × real time ("how good is this method on my audio"). From an .npy
/// magnitude spectrogram: reconstructs to WAV and reports SC and × real time.
/// </summary>
internal static class InvertCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "Input WAV file, .npy magnitudes (frames × bins, bins × frames, or channels × …), or a .npy mel spectrogram (with --preset NAME, or --mel N and --db/--log/--log10/--linear)." };
        var output = new Option<string>("--output", "-o") { Description = "Output WAV file.", Required = true };
        var method = new Option<string>("--method", "-m") { Description = "Reconstruction method (see `phase methods`).", DefaultValueFactory = _ => "fgla" };
        var sampleRate = new Option<int?>("--sample-rate") { Description = "Sample rate of .npy magnitudes in Hz (default 22050; WAV inputs use their own)." };
        var layout = new Option<string>("--layout") { Description = "Orientation of .npy input: auto (from the bin count, or the mel count with --mel), frames-bins, bins-frames; for mels also frames-mels, mels-frames.", DefaultValueFactory = _ => "auto" };
        layout.AcceptOnlyFromAmong("auto", "frames-bins", "bins-frames", "frames-mels", "mels-frames");
        var channel = new Option<string>("--channel") { Description = "WAV input channels: all (default), mix, or a 0-based index.", DefaultValueFactory = _ => "all" };
        var format = new Option<string>("--format") { Description = "Output sample format: pcm16 (default), pcm24, float32.", DefaultValueFactory = _ => "pcm16" };
        format.AcceptOnlyFromAmong("pcm16", "pcm24", "float32");
        var stft = new StftOptions();
        var methodOptions = new MethodOptions();
        var mel = new MelOptions();
        var melPreset = new MelPresetOptions();
        var command = new Command("invert", "Reconstruct a waveform from STFT magnitudes (WAV, .npy magnitudes, or a .npy mel spectrogram with --mel) with the chosen method.");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.Options.Add(method);
        command.Options.Add(sampleRate);
        command.Options.Add(layout);
        command.Options.Add(channel);
        command.Options.Add(format);
        stft.AddTo(command);
        methodOptions.AddTo(command);
        mel.AddTo(command);
        melPreset.AddTo(command);
        command.SetAction((result, cancellationToken) => Task.FromResult(Cli.Run(context, () =>
        {
            string inputPath = result.GetValue(input)!;
            ReconstructorDescriptor descriptor = Cli.GetMethod(result.GetValue(method)!);
            ReconstructorParameters parameters = methodOptions.Build(result);
            int seed = result.GetValue(methodOptions.Seed);

            bool fromNpy = Inputs.IsNpy(inputPath);
            float[][]? references = null;
            IReadOnlyList<MagnitudeSpectrogram> targets;
            StftSettings settings;
            int[] lengths;
            bool fromMel = result.GetValue(mel.Mel) is not null;
            MelPresetOptions.Prepared? preset = melPreset.Convention(result) is { } convention
                ? MelPresetOptions.PrepareInvert(result, convention, inputPath, result.GetValue(layout)!, mel, stft, sampleRate, context)
                : null;
            if (preset is null && !fromMel)
            {
                mel.ThrowIfMelOptionsWithoutMel(result);
            }

            if (preset is null && fromMel && !fromNpy)
            {
                throw new CliUsageException($"--mel needs a .npy mel spectrogram; '{inputPath}' is not a .npy file.");
            }

            if (preset is not null)
            {
                settings = preset.Settings;
                targets = preset.Targets;
                lengths = preset.Lengths;
            }
            else if (fromMel)
            {
                settings = stft.Build(result, result.GetValue(sampleRate) ?? 22050);
                targets = [mel.ReadMagnitudes(inputPath, result, settings, result.GetValue(layout)!, context)];
                lengths = targets.Select(t => settings.DefaultSignalLength(t.FrameCount)).ToArray();
            }
            else if (fromNpy)
            {
                string chosenLayout = result.GetValue(layout)!;
                if (chosenLayout is "frames-mels" or "mels-frames")
                {
                    throw new CliUsageException($"--layout {chosenLayout} is for mel spectrograms; add --mel N, or use frames-bins / bins-frames.");
                }

                settings = stft.Build(result, result.GetValue(sampleRate) ?? 22050);
                targets = Inputs.ReadMagnitudes(inputPath, settings, chosenLayout, context);
                lengths = targets.Select(t => settings.DefaultSignalLength(t.FrameCount)).ToArray();
            }
            else
            {
                if (result.GetValue(sampleRate) is int sr)
                {
                    context.Warn($"--sample-rate {sr} is ignored for WAV input (the file says {Inputs.ReadWav(inputPath).SampleRate} Hz).");
                }

                WavData wav = Inputs.ReadWav(inputPath);
                settings = stft.Build(result, wav.SampleRate);
                var channels = Inputs.SelectChannels(wav, result.GetValue(channel)!);
                references = channels.Select(c => c.Samples).ToArray();
                using var plan = new StftPlan(settings);
                targets = references.Select(x => plan.ForwardMagnitude(x)).ToArray();
                lengths = references.Select(x => x.Length).ToArray();
            }

            IPhaseReconstructor reconstructor = Cli.CreateMethod(descriptor, settings, parameters);
            ReconstructionRunner.Outcome[]? vocoded = preset is not null && reconstructor is Phase.Neural.Vocoder.VocoderReconstructor vocoder
                ? MelPresetOptions.Vocode(preset, vocoder)
                : null;
            var signals = new float[targets.Count][];
            var table = new TextTable(references is null ? ["channel", "SC", "× real time"] : ["channel", "SC", "STOI", "ESTOI", "× real time"]);
            for (int c = 0; c < targets.Count; c++)
            {
                ReconstructionRunner.Outcome outcome;
                if (vocoded is not null)
                {
                    outcome = vocoded[c];
                }
                else
                {
                    using var bar = new ProgressBar(context, $"{descriptor.Name} ch{c}");
                    outcome = ReconstructionRunner.Run(reconstructor, targets[c], lengths[c], seed, bar, cancellationToken);
                }

                signals[c] = preset is null ? outcome.Signal : preset.Convention.TrimReconstruction(outcome.Signal, preset.FrameCount);
                double speed = lengths[c] / (double)settings.SampleRate / outcome.ElapsedSeconds;
                if (references is null)
                {
                    table.Add($"{c}", Format.Db(outcome.SpectralConvergenceDb) + " dB", Format.Speed(speed));
                }
                else
                {
                    IntelligibilityScores s = QualityMetrics.Intelligibility(outcome.Signal, references[c], settings.SampleRate);
                    table.Add($"{c}", Format.Db(outcome.SpectralConvergenceDb) + " dB", Format.Score(s.Stoi), Format.Score(s.Estoi), Format.Speed(speed));
                }
            }

            string outputPath = result.GetValue(output)!;
            WavSampleFormat sampleFormat = result.GetValue(format) switch
            {
                "pcm24" => WavSampleFormat.Pcm24,
                "float32" => WavSampleFormat.Float32,
                _ => WavSampleFormat.Pcm16,
            };
            WavWriteResult written = WavFile.Write(outputPath, new AudioBuffer(settings.SampleRate, signals), sampleFormat);
            if (written.Clipped)
            {
                context.Warn($"{written.ClippedSampleCount} samples exceeded full scale and were clipped; use --format float32 to keep them.");
            }

            string described = MethodOptions.Describe(parameters);
            context.Out.WriteLine($"{descriptor.Name}{(described.Length > 0 ? " (" + described + ")" : "")}, {settings}");
            table.Write(context.Out);
            context.Out.WriteLine($"wrote {outputPath}");
            return ExitCodes.Success;
        })));
        return command;
    }
}

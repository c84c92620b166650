using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Phase.Cli.Batch;
using Phase.Cli.Invert;
using Phase.IO;
using Phase.Mel;

namespace Phase.Cli.Commands;

/// <summary>
/// <c>phase invert in.wav|mag.npy -o out.wav --method NAME</c>. From a WAV: computes the magnitudes, discards the phase,
/// reconstructs and reports SC, STOI, ESTOI and × real time ("how good is this method on my audio"). From an .npy
/// magnitude spectrogram: reconstructs to WAV and reports SC and × real time.
/// </summary>
/// <remarks>
/// Many files per run: <c>phase invert a.wav b.npy dir/ 'corpus/**/*.wav' -o OUTDIR</c> — several inputs, directories
/// or patterns (expanded by Phase) write OUTDIR/&lt;name&gt;.wav with the relative names kept, <c>--jobs</c> files at a
/// time, skipping existing outputs unless <c>--overwrite</c>, <c>--shard i/n</c> for a deterministic subset. Options are
/// parsed once into an <see cref="InvertRequest"/>; <see cref="InvertFile.Run"/> does one file, the same way for both.
/// </remarks>
internal static class InvertCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string[]>("input")
        {
            Description = "Input WAV file, .npy magnitudes (frames × bins, bins × frames, or channels × …), or a .npy mel spectrogram (with --preset NAME, or --mel N and --db/--log/--log10/--linear). " +
                "Several inputs, directories (every .wav/.npy below them) and quoted patterns ('data/*.wav', 'corpus/**/*.npy') convert many files into the directory -o names.",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o") { Description = "Output WAV file; for several inputs, a directory or a pattern, the output directory (created if missing).", Required = true };
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
        var batch = new BatchOptions();
        var streamOptions = new StreamOptions();
        var command = new Command("invert", "Reconstruct a waveform from STFT magnitudes (WAV, .npy magnitudes, or a .npy mel spectrogram with --mel) with the chosen method; many files at once into an output directory.");
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
        batch.AddTo(command);
        streamOptions.AddTo(command);
        command.SetAction((result, cancellationToken) => Task.FromResult(Cli.Run(context, () =>
        {
            // Everything that does not depend on an input file is checked here, once, before any file is touched.
            bool fromMel = result.GetValue(mel.Mel) is not null;
            MelConvention? preset = melPreset.Convention(result);
            if (preset is null && !fromMel)
            {
                mel.ThrowIfMelOptionsWithoutMel(result);
            }

            mel.Validate(result);
            ReconstructorDescriptor descriptor = Cli.GetMethod(result.GetValue(method)!);
            var request = new InvertRequest
            {
                Result = result,
                Method = descriptor,
                Streamed = streamOptions.Enabled(result, descriptor),
                KeepDelay = result.GetValue(streamOptions.KeepDelay),
                Parameters = methodOptions.Build(result),
                Seed = result.GetValue(methodOptions.Seed),
                SampleRate = result.GetValue(sampleRate),
                SampleRateOption = sampleRate,
                Preset = preset,
                Layout = result.GetValue(layout)!,
                Channel = result.GetValue(channel)!,
                Format = result.GetValue(format) switch
                {
                    "pcm24" => WavSampleFormat.Pcm24,
                    "float32" => WavSampleFormat.Float32,
                    _ => WavSampleFormat.Pcm16,
                },
                Stft = stft,
                Mel = mel,
            };
            string[] inputs = result.GetValue(input)!;
            string outputPath = result.GetValue(output)!;
            return BatchOptions.IsBatch(inputs, outputPath)
                ? RunMany(context, request, batch, inputs, outputPath, cancellationToken)
                : RunOne(context, request, inputs[0], outputPath, cancellationToken);
        })));
        return command;
    }

    /// <summary><c>phase invert in -o out.wav</c>: one file, a table per channel.</summary>
    private static int RunOne(CliContext context, InvertRequest request, string inputPath, string outputPath, CancellationToken cancellationToken)
    {
        InvertOutcome outcome = InvertFile.Run(request, inputPath, outputPath, context,
            c => new ProgressBar(context, $"{request.Method.Name} ch{c}"), cancellationToken);
        foreach (string note in outcome.Notes)
        {
            context.Err.WriteLine($"phase: {note}");
        }

        var table = new TextTable(outcome.FromWav ? ["channel", "SC", "STOI", "ESTOI", "× real time"] : ["channel", "SC", "× real time"]);
        for (int c = 0; c < outcome.Channels.Count; c++)
        {
            ChannelOutcome ch = outcome.Channels[c];
            string sc = Format.Decibels(ch.SpectralConvergenceDb);
            if (outcome.FromWav)
            {
                table.Add($"{c}", sc, ch.Scores is { } s ? Format.Score(s.Stoi) : "n/a", ch.Scores is { } e ? Format.Score(e.Estoi) : "n/a", Format.Speed(ch.Speed));
            }
            else
            {
                table.Add($"{c}", sc, Format.Speed(ch.Speed));
            }
        }

        string described = MethodOptions.Describe(request.Parameters);
        context.Out.WriteLine($"{request.Method.Name}{(described.Length > 0 ? " (" + described + ")" : "")}, {outcome.Settings}");
        table.Write(context.Out);
        context.Out.WriteLine($"wrote {outputPath}");
        context.Out.WriteLine(RuntimeFeature.IsDynamicCodeCompiled
            ? "× real time: duration / wall time of one Reconstruct call, plan creation included, the first in this process: it includes one-time JIT compilation (a many-file run or `phase demo` shows the steady state)."
            : "× real time: duration / wall time of one Reconstruct call, plan creation included, the first in this process (a native build: no JIT compilation, but first-touch memory is included; a many-file run or `phase demo` shows the steady state).");
        return ExitCodes.Success;
    }

    /// <summary>Many files into an output directory: one row per file, failures listed at the end (exit 1 if any).</summary>
    private static int RunMany(CliContext context, InvertRequest request, BatchOptions batch, string[] inputs, string outputDirectory, CancellationToken cancellationToken)
    {
        BatchOptions.Plan plan = batch.Resolve(request.Result, inputs, outputDirectory);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<BatchResult<InvertOutcome>> results = plan.ToRun.Count == 0 ? [] : BatchRunner.Run(
            plan.ToRun, plan.OutputDirectory, plan.Jobs, context, request.Method.Name,
            (item, output, log, token) => InvertFile.Run(request, item.Input, output, log, _ => null, token),
            cancellationToken);
        double wall = clock.Elapsed.TotalSeconds;

        string described = MethodOptions.Describe(request.Parameters);
        StftSettings? first = results.FirstOrDefault(r => !r.Failed)?.Value!.Settings;
        context.Out.WriteLine($"{request.Method.Name}{(described.Length > 0 ? " (" + described + ")" : "")}{(first is null ? "" : $", {first}")}");
        var table = new TextTable("file", "channels", "SC", "STOI", "ESTOI", "× real time");
        double audioSeconds = 0;
        foreach (BatchResult<InvertOutcome> r in results.Where(r => !r.Failed))
        {
            InvertOutcome o = r.Value!;
            audioSeconds += o.Channels.Sum(c => c.AudioSeconds);
            var scored = o.Channels.Where(c => c.Scores is not null).ToArray();
            double[] sc = [.. o.Channels.Select(c => c.SpectralConvergenceDb).Where(v => !double.IsNaN(v))]; // silent channels have none
            table.Add(Inputs.Printable(r.Item.RelativeOutput), $"{o.Channels.Count}",
                Format.Decibels(sc.Length > 0 ? sc.Average() : double.NaN),
                scored.Length > 0 ? Format.Score(scored.Average(c => c.Scores!.Value.Stoi)) : "n/a",
                scored.Length > 0 ? Format.Score(scored.Average(c => c.Scores!.Value.Estoi)) : "n/a",
                Format.Speed(o.Channels.Sum(c => c.AudioSeconds) / o.Channels.Sum(c => c.ElapsedSeconds)));
        }

        if (results.Any(r => !r.Failed))
        {
            table.Write(context.Out);
        }

        // Notes and warnings after the table, grouped by file, so a long run's log stays readable.
        foreach (BatchResult<InvertOutcome> r in results)
        {
            foreach (string warning in r.Warnings)
            {
                context.Err.WriteLine($"phase: warning: {Inputs.Printable(r.Item.RelativeOutput)}: {warning}");
            }

            foreach (string note in r.Value?.Notes ?? [])
            {
                context.Err.WriteLine($"phase: {Inputs.Printable(r.Item.RelativeOutput)}: {note}");
            }
        }

        var failures = plan.Problems.Select(p => (Input: p.Input, p.Message))
            .Concat(results.Where(r => r.Failed).Select(r => (Input: r.Item.Input, Message: r.Error!)))
            .ToArray();
        int written = results.Count(r => !r.Failed);
        string shard = plan.Shard.Count > 1 ? FormattableString.Invariant($" (shard {plan.Shard}: {plan.InShard} of {plan.Found} files)") : "";
        string speed = written > 0
            ? FormattableString.Invariant($"; {audioSeconds:F1} s of audio in {wall:F1} s with {plan.Jobs} job(s), {Format.Speed(audioSeconds / wall)} real time")
            : "";
        context.Out.WriteLine(FormattableString.Invariant(
            $"{written} written, {plan.Skipped} skipped{(plan.Skipped > 0 ? " (output exists; --overwrite replaces it)" : "")}, {failures.Length} failed{shard} → {Inputs.Printable(plan.OutputDirectory)}{speed}"));
        if (written > 0)
        {
            context.Out.WriteLine(RuntimeFeature.IsDynamicCodeCompiled
                ? "× real time per file: duration / wall time of its Reconstruct calls; the first file on each job also pays for one-time JIT compilation."
                : "× real time per file: duration / wall time of its Reconstruct calls (a native build: no JIT compilation to pay on the first file).");
        }

        if (failures.Length == 0)
        {
            return ExitCodes.Success;
        }

        context.Err.WriteLine($"phase: error: {failures.Length} input(s) failed:");
        foreach ((string failed, string message) in failures)
        {
            // Reader errors already start with the file's path.
            string text = message.StartsWith(failed + ": ", StringComparison.Ordinal) ? message[(failed.Length + 2)..] : message;
            context.Err.WriteLine($"  {Inputs.Printable(failed)}: {Inputs.Printable(text)}");
        }

        return ExitCodes.Failure;
    }
}

using System.CommandLine;
using System.Diagnostics;
using Phase.IO;
using Phase.Metrics;
using Phase.Spectral;
using Phase.Stft;

namespace Phase.Cli.Commands;

/// <summary>
/// <c>phase demo</c>: reconstructs the embedded speech clip with every available method and prints a table of quality
/// (spectral convergence, STOI, ESTOI), speed (× real time, one call including plan creation) and latency. Two
/// reference rows frame the table: the true phase (the STFT round trip, the best any method can do) and random phase
/// (no reconstruction at all).
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var methods = new Option<string?>("--method", "-m") { Description = "Comma-separated methods to run (default: all; see `phase methods`)." };
        var output = new Option<string?>("--output-dir") { Description = "Also write each reconstruction as a WAV file into this directory." };
        var stft = new StftOptions();
        var methodOptions = new MethodOptions();
        var command = new Command("demo", "Reconstruct the embedded speech clip with every method; print quality, speed and latency.");
        command.Options.Add(methods);
        command.Options.Add(output);
        stft.AddTo(command);
        methodOptions.AddTo(command);
        command.SetAction((result, cancellationToken) => Task.FromResult(Cli.Run(context, () =>
        {
            WavData wav = Inputs.ReadDemoClip();
            float[] clip = wav.Channel(0).ToArray();
            StftSettings settings = stft.Build(result, wav.SampleRate);
            ReconstructorParameters given = methodOptions.Build(result);
            int seed = result.GetValue(methodOptions.Seed);
            string? outputDir = result.GetValue(output);
            if (outputDir is not null)
            {
                Directory.CreateDirectory(outputDir);
            }

            bool explicitlySelected = result.GetValue(methods) is not null;
            var selected = result.GetValue(methods) is string list
                ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Cli.GetMethod).ToArray()
                : PhaseReconstructors.Available.ToArray();

            double duration = clip.Length / (double)settings.SampleRate;
            context.Out.WriteLine($"Demo clip: {duration:F2} s of synthetic speech (festival, CMU SLT voice), {settings}");
            if (IsUnoptimisedBuild())
            {
                context.Out.WriteLine("Note: this is a Debug build; the JIT does not optimise it, so the speed column is 10–50× too slow. Use -c Release.");
            }

            context.Out.WriteLine();

            MagnitudeSpectrogram target;
            using (var plan = new StftPlan(settings))
            {
                target = plan.ForwardMagnitude(clip);
            }

            var table = new TextTable("method", "latency", "SC (dB)", "STOI", "ESTOI", "× real time", "parameters");
            void AddRow(string name, string latency, float[] y, double seconds, string parameters)
            {
                double sc = ReconstructionRunner.SpectralConvergence(settings, y, target);
                IntelligibilityScores s = QualityMetrics.Intelligibility(y, clip, settings.SampleRate);
                table.Add(name, latency, Format.Db(sc), Format.Score(s.Stoi), Format.Score(s.Estoi), Format.Speed(duration / seconds), parameters);
                if (outputDir is not null)
                {
                    WavFile.Write(Path.Combine(outputDir, name + ".wav"), y, settings.SampleRate, WavSampleFormat.Float32);
                }
            }

            // Reference rows: true phase and random phase, through the same STFT.
            RoundTrip(settings, clip);
            RandomPhase(settings, target, clip.Length, seed);
            var clock = Stopwatch.StartNew();
            float[] oracle = RoundTrip(settings, clip);
            AddRow("true-phase", "-", oracle, clock.Elapsed.TotalSeconds, "STFT→ISTFT with the original phase");
            clock.Restart();
            float[] random = RandomPhase(settings, target, clip.Length, seed);
            AddRow("random-phase", "-", random, clock.Elapsed.TotalSeconds, "no reconstruction");

            foreach (ReconstructorDescriptor m in selected)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReconstructorParameters p = MethodOptions.Restrict(given, m);
                IPhaseReconstructor reconstructor;
                try
                {
                    reconstructor = Cli.CreateMethod(m, settings, p);
                }
                catch (CliUsageException e) when (!explicitlySelected)
                {
                    // Running "every method": one that cannot work with these settings (a neural model trained for
                    // other STFT settings) is reported and skipped rather than ending the demo. Named with --method,
                    // the same failure is an error.
                    table.Add(m.Name, "-", "-", "-", "-", "-", "skipped: " + FirstLine(e.Message));
                    continue;
                }
                catch (Phase.Neural.OnnxRuntime.OnnxRuntimeNotFoundException) when (!explicitlySelected)
                {
                    // A method that runs only on ONNX Runtime (vocoder) in a tool built without the native library:
                    // skipped with the way to get it, not the end of the demo.
                    table.Add(m.Name, "-", "-", "-", "-", "-", "skipped: needs ONNX Runtime (build the tool with -p:PhaseOnnxRuntime=cpu; docs/onnxruntime.md)");
                    continue;
                }

                WarmUp(reconstructor, target, seed);
                ReconstructionRunner.Outcome outcome;
                using (var bar = new ProgressBar(context, m.Name))
                {
                    outcome = ReconstructionRunner.Run(reconstructor, target, clip.Length, seed, bar, cancellationToken);
                }

                string described = MethodOptions.Describe(p);
                AddRow(m.Name, Format.Latency(m.Latency(settings, p), settings.SampleRate), outcome.Signal, outcome.ElapsedSeconds,
                    described.Length > 0 ? described : "defaults");
            }

            table.Write(context.Out);
            if (selected.Length == 0)
            {
                context.Out.WriteLine();
                context.Out.WriteLine("No reconstruction methods are registered in this build.");
            }

            context.Out.WriteLine();
            context.Out.WriteLine("SC: spectral convergence of |STFT(y)| against the clip's magnitudes (lower is better). STOI/ESTOI against the clip (1 is best).");
            context.Out.WriteLine("× real time: clip duration / wall time of one call on this machine (after a short warm-up run), plan creation included.");
            return ExitCodes.Success;
        })));
        return command;
    }

    /// <summary>True when the algorithm assemblies were compiled without optimisation (a Debug build).</summary>
    private static bool IsUnoptimisedBuild() =>
        typeof(StftPlan).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false)
            .OfType<DebuggableAttribute>().Any(a => a.IsJITOptimizerDisabled);

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>Runs the method once on the first frames so the timed call measures steady-state speed, not the JIT.</summary>
    private static void WarmUp(IPhaseReconstructor reconstructor, MagnitudeSpectrogram target, int seed)
    {
        int frames = Math.Min(target.FrameCount, 32);
        var head = new MagnitudeSpectrogram(target.Values[..(frames * target.BinCount)].ToArray(), frames, target.BinCount);
        reconstructor.Reconstruct(head, new ReconstructionOptions { Seed = seed });
    }

    private static float[] RoundTrip(StftSettings settings, float[] x)
    {
        using var plan = new StftPlan(settings);
        return plan.Inverse(plan.Forward(x), x.Length);
    }

    private static float[] RandomPhase(StftSettings settings, MagnitudeSpectrogram target, int length, int seed)
    {
        var rng = new Random(seed);
        var phase = new float[target.Values.Length];
        for (int i = 0; i < phase.Length; i++)
        {
            phase[i] = (float)((2 * rng.NextDouble() - 1) * Math.PI);
        }

        var spectrogram = new ComplexSpectrogram(target.FrameCount, target.BinCount);
        SpectralOps.PolarToComplex(target.Values, phase, spectrogram.Real, spectrogram.Imaginary);
        using var plan = new StftPlan(settings);
        return plan.Inverse(spectrogram, length);
    }
}

using System.Globalization;
using System.Text;
using Phase.GradientTheorem;
using Phase.IO;
using Phase.Iterative;
using Phase.Metrics;
using Phase.Neural.GtNet;
using Phase.Neural.Mcnn;
using Phase.Stft;

namespace Phase.Benchmarks.Neural;

/// <summary>
/// Quality of the neural methods next to the classical ones at equal latency, on the demo clip and the held-out speech
/// fixtures (or the wav files given): SC of |STFT(y)| against the target, STOI and ESTOI against the original. Not a
/// benchmark (no timing): <c>dotnet run -c Release --project benchmarks/Phase.Benchmarks -- --neural-quality
/// [--variants] [--no-stoi] [wav …]</c>. <c>--variants</c> adds the least-squares weight sweep for the network.
/// </summary>
public static class NeuralQualityReport
{
    public const string Command = "--neural-quality";

    public static int Run(string[] args)
    {
        bool variants = args.Contains("--variants", StringComparer.Ordinal);
        bool noStoi = args.Contains("--no-stoi", StringComparer.Ordinal);
        string[] files = [.. args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))];
        if (files.Length == 1 && Directory.Exists(files[0]))
        {
            files = [.. Directory.GetFiles(files[0], "*.wav").Order(StringComparer.Ordinal)];
        }

        string root = FindRoot();
        List<string> clips = files.Length > 0
            ? [.. files]
            : [Path.Combine(root, "src", "Phase.Cli", "Resources", "demo.wav"), .. Directory.GetFiles(Path.Combine(root, "tests", "fixtures", "speech"), "*.wav").Order(StringComparer.Ordinal)];
        var settings = new StftSettings(1024, 256, sampleRate: 22050);
        List<(string Name, Func<IPhaseReconstructor> Method)> methods =
        [
            ("gtnet, look-ahead 1", () => new GtNetReconstructor(settings)),
            ("RTPGHI, look-ahead 1", () => new Rtpghi(settings)),
            ("gtls (analytic), look-ahead 1", () => new LeastSquaresIntegration(settings)),
            ("gtnet, causal", () => new GtNetReconstructor(settings) { LookaheadFrames = 0 }),
            ("RTPGHI, causal", () => new Rtpghi(settings) { Gradients = AnalyticPhaseGradients.Causal }),
            ("gtls (analytic), causal", () => new LeastSquaresIntegration(settings) { Gradients = AnalyticPhaseGradients.Causal }),
            ("MCNN (offline)", () => new McnnReconstructor(settings)),
            ("GLA 100 (offline)", () => new GriffinLim(settings) { Iterations = 100 }),
            ("FGLA 100 (offline)", () => new FastGriffinLim(settings) { Iterations = 100 }),
        ];
        int main = methods.Count;
        if (variants)
        {
            foreach (int l in new[] { 1, 0 })
            {
                foreach (double p in new[] { 2.0, 4, 6, 8 })
                {
                    foreach (double c in new[] { 0.5, 1, 2 })
                    {
                        methods.Add(($"gtnet L{l} p={p} c={c}", () => new GtNetReconstructor(settings) { LookaheadFrames = l, WeightExponent = p, FrequencyWeight = c }));
                    }
                }
            }
        }

        int count = methods.Count;
        var sc = new double[count, clips.Count];
        var stoi = new double[count, clips.Count];
        var estoi = new double[count, clips.Count];
        using var plan = new StftPlan(settings);
        for (int c = 0; c < clips.Count; c++)
        {
            WavData wav = WavFile.Read(clips[c]);
            if (wav.SampleRate != settings.SampleRate)
            {
                Console.Error.WriteLine($"{clips[c]}: {wav.SampleRate} Hz, expected {settings.SampleRate}.");
                return 2;
            }

            float[] x = wav.MixToMono();
            MagnitudeSpectrogram target = plan.ForwardMagnitude(x);
            for (int m = 0; m < count; m++)
            {
                PhaseReconstruction r = methods[m].Method().Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length, Seed = 0 });
                sc[m, c] = QualityMetrics.SpectralConvergenceDb(plan.ForwardMagnitude(r.Signal), target);
                if (!noStoi && m < main)
                {
                    IntelligibilityScores scores = QualityMetrics.Intelligibility(r.Signal, x, settings.SampleRate);
                    stoi[m, c] = scores.Stoi;
                    estoi[m, c] = scores.Estoi;
                }
            }
        }

        bool perClip = clips.Count <= 4;
        var text = new StringBuilder();
        text.Append("| method |");
        if (perClip)
        {
            foreach (string clip in clips)
            {
                text.Append(CultureInfo.InvariantCulture, $" {Path.GetFileNameWithoutExtension(clip)} SC / STOI / ESTOI |");
            }
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $" worst SC ({clips.Count} clips) |");
        }

        text.AppendLine(" mean SC (dB) | mean STOI | mean ESTOI |");
        text.Append("|---|");
        text.Append(string.Concat(Enumerable.Repeat("---|", (perClip ? clips.Count : 1) + 3)));
        text.AppendLine();
        for (int m = 0; m < count; m++)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {methods[m].Name} |");
            double a = 0, b = 0, d = 0, worst = double.NegativeInfinity;
            for (int c = 0; c < clips.Count; c++)
            {
                if (perClip)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {sc[m, c]:F1} / {stoi[m, c]:F3} / {estoi[m, c]:F3} |");
                }

                worst = Math.Max(worst, sc[m, c]);
                a += sc[m, c];
                b += stoi[m, c];
                d += estoi[m, c];
            }

            if (!perClip)
            {
                text.Append(CultureInfo.InvariantCulture, $" {worst:F1} |");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $" **{a / clips.Count:F2}** | {b / clips.Count:F3} | {d / clips.Count:F3} |");
        }

        Console.Write(text.ToString());
        return 0;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Phase.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Phase.sln not found above " + AppContext.BaseDirectory);
    }
}

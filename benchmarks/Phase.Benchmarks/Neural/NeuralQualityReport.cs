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
/// [--variants] [--no-stoi] [--only NAME] [wav …]</c>. <c>--only</c> keeps the methods whose name contains NAME. <c>--variants</c> adds the least-squares weight sweep for the network.
/// </summary>
public static class NeuralQualityReport
{
    public const string Command = "--neural-quality";

    public static int Run(string[] args)
    {
        bool variants = args.Contains("--variants", StringComparer.Ordinal);
        bool noStoi = args.Contains("--no-stoi", StringComparer.Ordinal);
        int at = Array.IndexOf(args, "--only");
        string? only = at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
        string[] files = [.. args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && !(only is not null && i == at + 1))];
        if (files.Length == 1 && Directory.Exists(files[0]))
        {
            files = [.. Directory.GetFiles(files[0], "*.wav").Order(StringComparer.Ordinal)];
        }

        string root = QualityTable.RepositoryRoot();
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
            ("MCNN, no level matching", () => new McnnReconstructor(settings) { MatchLevels = false }),
            ("GLA 100 (offline)", () => new GriffinLim(settings) { Iterations = 100 }),
            ("FGLA 100 (offline)", () => new FastGriffinLim(settings) { Iterations = 100 }),
        ];
        if (only is not null)
        {
            methods = methods.FindAll(m => m.Name.Contains(only, StringComparison.OrdinalIgnoreCase));
        }

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

        Console.Write(QualityTable.Format(methods.ConvertAll(x => x.Name), clips, sc, stoi, estoi));
        return 0;
    }
}

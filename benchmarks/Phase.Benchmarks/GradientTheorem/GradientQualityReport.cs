using System.Globalization;
using System.Text;
using Phase.GradientTheorem;
using Phase.IO;
using Phase.Iterative;
using Phase.Metrics;
using Phase.Stft;

namespace Phase.Benchmarks.GradientTheorem;

/// <summary>
/// Quality of the gradient-theorem methods on the demo clip and the held-out speech fixtures (22050 Hz, Hann 1024,
/// hop 256): spectral convergence of |STFT(y)| against the target, STOI and ESTOI against the original, per clip and
/// mean, next to the C reference (ltfat/phaseret). Not a benchmark (no timing): run with
/// <c>dotnet run -c Release --project benchmarks/Phase.Benchmarks -- --gradient-quality [--variants] [wav …]</c>.
/// <c>--variants</c> adds the design measurements of least-squares integration (weights, prediction, regularisation)
/// and of the tolerances.
/// </summary>
public static class GradientQualityReport
{
    public const string Command = "--gradient-quality";

    public static int Run(string[] args)
    {
        bool variants = args.Contains("--variants", StringComparer.Ordinal);
        string[] files = [.. args.Where(a => !a.StartsWith("--", StringComparison.Ordinal))];
        string root = FindRoot();
        List<string> clips = files.Length > 0
            ? [.. files]
            : [Path.Combine(root, "src", "Phase.Cli", "Resources", "demo.wav"), .. Directory.GetFiles(Path.Combine(root, "tests", "fixtures", "speech"), "*.wav").Order(StringComparer.Ordinal)];
        var settings = new StftSettings(1024, 256, sampleRate: 22050);
        List<(string Name, string Reference, Func<ComplexSpectrogram, IPhaseReconstructor> Method)> methods =
        [
            ("PGHI", "−23.6", _ => new Pghi(settings)),
            ("PGHI → FGLA 100", "−37.5", _ => new FastGriffinLim(settings) { Initialization = PhaseInitialization.From(new Pghi(settings)) }),
            ("RTPGHI, look-ahead 1", "−23.5", _ => new Rtpghi(settings)),
            ("RTPGHI, causal", "−19.9", _ => new Rtpghi(settings) { Gradients = AnalyticPhaseGradients.Causal }),
            ("gtls, look-ahead 1", "—", _ => new LeastSquaresIntegration(settings)),
            ("gtls, causal", "—", _ => new LeastSquaresIntegration(settings) { Gradients = AnalyticPhaseGradients.Causal }),
            ("gtls, oracle derivatives", "—", x => new LeastSquaresIntegration(settings) { Gradients = new OraclePhaseGradients(x, settings) }),
            ("PGHI, oracle derivatives", "—", x => new Pghi(settings) { Gradients = new OraclePhaseGradients(x, settings) }),
        ];

        if (variants)
        {
            foreach (int l in new[] { 1, 0 })
            {
                var g = new AnalyticPhaseGradients(l);
                string tag = l == 1 ? "L1" : "L0";
                foreach (double p in new[] { 2.0, 4, 5, 6, 8 })
                {
                    foreach (double c in new[] { 0.5, 1, 2 })
                    {
                        methods.Add(($"gtls {tag} p={p} c={c}", "", _ => new LeastSquaresIntegration(settings) { Gradients = g, WeightExponent = p, FrequencyWeight = c }));
                    }
                }

                foreach (double eps in new[] { 1e-6, 1e-4, 1e-3 })
                {
                    methods.Add(($"gtls {tag} eps={eps:G}", "", _ => new LeastSquaresIntegration(settings) { Gradients = g, Regularization = eps }));
                }

                foreach (double tol in new[] { 1e-3, 1e-4, 1e-6, 1e-7 })
                {
                    methods.Add(($"gtls {tag} tol={tol:G}", "", _ => new LeastSquaresIntegration(settings) { Gradients = g, Tolerance = tol }));
                    methods.Add(($"RTPGHI {tag} tol={tol:G}", "", _ => new Rtpghi(settings) { Gradients = g, Tolerance = tol }));
                }

                foreach (double floor in new[] { 1e-3, 1e-4, 1e-6, 1e-8 })
                {
                    var gf = new AnalyticPhaseGradients(l, floor);
                    methods.Add(($"RTPGHI {tag} floor={floor:G}", "", _ => new Rtpghi(settings) { Gradients = gf }));
                    methods.Add(($"gtls {tag} floor={floor:G}", "", _ => new LeastSquaresIntegration(settings) { Gradients = gf }));
                }
            }

            foreach (double tol in new[] { 1e-3, 1e-4, 1e-6, 1e-7 })
            {
                methods.Add(($"PGHI tol={tol:G}", "", _ => new Pghi(settings) { Tolerance = tol }));
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
                Console.Error.WriteLine($"{clips[c]}: {wav.SampleRate} Hz, expected {settings.SampleRate}; skipped.");
                return 2;
            }

            float[] x = wav.MixToMono();
            ComplexSpectrogram spectrum = plan.Forward(x);
            MagnitudeSpectrogram target = spectrum.ToMagnitude();
            for (int m = 0; m < count; m++)
            {
                PhaseReconstruction r = methods[m].Method(spectrum).Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length, Seed = 0 });
                sc[m, c] = QualityMetrics.SpectralConvergenceDb(plan.ForwardMagnitude(r.Signal), target);
                if (!variants || m < 8)
                {
                    IntelligibilityScores scores = QualityMetrics.Intelligibility(r.Signal, x, settings.SampleRate);
                    stoi[m, c] = scores.Stoi;
                    estoi[m, c] = scores.Estoi;
                }
            }
        }

        // Per-clip columns for up to four clips; beyond that the worst clip instead.
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

        text.AppendLine(" mean SC (dB) | mean STOI | mean ESTOI | C reference SC |");
        text.Append("|---|");
        text.Append(string.Concat(Enumerable.Repeat("---|", (perClip ? clips.Count : 1) + 4)));
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

            text.AppendLine(CultureInfo.InvariantCulture, $" **{a / clips.Count:F2}** | {b / clips.Count:F3} | {d / clips.Count:F3} | {methods[m].Reference} |");
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

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
        string root = QualityTable.RepositoryRoot();
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
        Console.Write(QualityTable.Format(methods.ConvertAll(x => x.Name), clips, sc, stoi, estoi, methods.ConvertAll(x => x.Reference)));
        return 0;
    }
}

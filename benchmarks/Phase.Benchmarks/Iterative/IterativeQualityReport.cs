using System.Globalization;
using System.Text;
using Phase.IO;
using Phase.Iterative;
using Phase.Metrics;
using Phase.Stft;

namespace Phase.Benchmarks.Iterative;

/// <summary>
/// Quality of the iterative methods on the demo clip and the held-out speech fixtures (22050 Hz, Hann 1024, hop 256):
/// spectral convergence of |STFT(y)| against the target, STOI and ESTOI against the original, per clip and mean.
/// Not a benchmark (no timing is reported): run with
/// <c>dotnet run -c Release --project benchmarks/Phase.Benchmarks -- --iterative-quality [wav …]</c>.
/// </summary>
public static class IterativeQualityReport
{
    public const string Command = "--iterative-quality";

    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == RtisiLaQualitySweep.Command)
        {
            return RtisiLaQualitySweep.Run(args[1..]);
        }

        List<string> clips = ResolveClips(args);
        var settings = new StftSettings(1024, 256, sampleRate: 22050);
        (string Name, IPhaseReconstructor Method)[] methods =
        [
            ("GLA 100, random init", new GriffinLim(settings) { Iterations = 100, Initialization = PhaseInitialization.Random }),
            ("GLA 100, SPSI init", new GriffinLim(settings) { Iterations = 100, Initialization = PhaseInitialization.Spsi }),
            ("FGLA 32, random init", new FastGriffinLim(settings) { Iterations = 32, Initialization = PhaseInitialization.Random }),
            ("FGLA 32, SPSI init", new FastGriffinLim(settings) { Iterations = 32, Initialization = PhaseInitialization.Spsi }),
            ("FGLA 100, random init", new FastGriffinLim(settings) { Iterations = 100, Initialization = PhaseInitialization.Random }),
            ("FGLA 100, SPSI init", new FastGriffinLim(settings) { Iterations = 100, Initialization = PhaseInitialization.Spsi }),
            ("RTISI-LA (3, 8), α = 0.7 (default)", new RtisiLa(settings)),
            ("RTISI-LA (3, 8), α = 0 (paper)", new RtisiLa(settings) { Alpha = 0 }),
            ("SPSI", new Spsi(settings)),
        ];

        var sc = new double[methods.Length, clips.Count];
        var stoi = new double[methods.Length, clips.Count];
        var estoi = new double[methods.Length, clips.Count];
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
            MagnitudeSpectrogram target = plan.ForwardMagnitude(x);
            for (int m = 0; m < methods.Length; m++)
            {
                PhaseReconstruction r = methods[m].Method.Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length, Seed = 0 });
                sc[m, c] = QualityMetrics.SpectralConvergenceDb(plan.ForwardMagnitude(r.Signal), target);
                IntelligibilityScores scores = QualityMetrics.Intelligibility(r.Signal, x, settings.SampleRate);
                stoi[m, c] = scores.Stoi;
                estoi[m, c] = scores.Estoi;
            }
        }

        var text = new StringBuilder();
        text.Append("| method |");
        foreach (string clip in clips)
        {
            text.Append(CultureInfo.InvariantCulture, $" {Path.GetFileNameWithoutExtension(clip)} SC / STOI / ESTOI |");
        }

        text.AppendLine(" mean SC (dB) | mean STOI | mean ESTOI |");
        text.Append("|---|");
        text.Append(string.Concat(Enumerable.Repeat("---|", clips.Count + 3)));
        text.AppendLine();
        for (int m = 0; m < methods.Length; m++)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {methods[m].Name} |");
            double a = 0, b = 0, d = 0;
            for (int c = 0; c < clips.Count; c++)
            {
                text.Append(CultureInfo.InvariantCulture, $" {sc[m, c]:F1} / {stoi[m, c]:F3} / {estoi[m, c]:F3} |");
                a += sc[m, c];
                b += stoi[m, c];
                d += estoi[m, c];
            }

            text.AppendLine(CultureInfo.InvariantCulture, $" **{a / clips.Count:F1}** | {b / clips.Count:F3} | {d / clips.Count:F3} |");
        }

        Console.Write(text.ToString());
        return 0;
    }

    /// <summary>The clips to evaluate: the given WAV files, folders expanded to their WAV files in name order, and
    /// <c>+</c> for the default set; with no arguments, the demo clip and <c>tests/fixtures/speech/*.wav</c>.</summary>
    internal static List<string> ResolveClips(IReadOnlyList<string> args)
    {
        string root = QualityTable.RepositoryRoot();
        List<string> defaults = [Path.Combine(root, "src", "Phase.Cli", "Resources", "demo.wav"), .. Directory.GetFiles(Path.Combine(root, "tests", "fixtures", "speech"), "*.wav").Order(StringComparer.Ordinal)];
        if (args.Count == 0)
        {
            return defaults;
        }

        var clips = new List<string>();
        foreach (string arg in args)
        {
            if (arg == "+")
            {
                clips.AddRange(defaults);
            }
            else if (Directory.Exists(arg))
            {
                clips.AddRange(Directory.GetFiles(arg, "*.wav").Order(StringComparer.Ordinal));
            }
            else
            {
                clips.Add(arg);
            }
        }

        return clips;
    }
}

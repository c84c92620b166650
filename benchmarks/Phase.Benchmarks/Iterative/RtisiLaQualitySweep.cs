using System.Globalization;
using System.Text;
using Phase.IO;
using Phase.Iterative;
using Phase.Metrics;
using Phase.Stft;

namespace Phase.Benchmarks.Iterative;

/// <summary>
/// RTISI-LA variants (look-ahead <c>L</c>, rounds <c>J</c>, momentum α) side by side on many clips: spectral convergence
/// (dB) of |STFT(y)| against the target per clip, mean and worst, and on how many clips each variant beats the first
/// one. Not a benchmark (no timing): run with
/// <c>dotnet run -c Release --project benchmarks/Phase.Benchmarks -- --iterative-quality --rtisila-sweep
/// [--variants "3,8,0;3,8,0.6"] [--stft N,H] [--stoi] [wav or folder …]</c> (Hann N, hop H; default 1024, 256). Without clips: the demo clip and the speech fixtures.
/// </summary>
public static class RtisiLaQualitySweep
{
    public const string Command = "--rtisila-sweep";

    private const string DefaultVariants = "3,8,0;3,8,0.3;3,8,0.5;3,8,0.6;3,8,0.7;3,8,0.8;7,8,0";

    public static int Run(string[] args)
    {
        string variantText = DefaultVariants;
        bool intelligibility = false;
        int fftSize = 1024, hop = 256;
        var inputs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--variants" && i + 1 < args.Length)
            {
                variantText = args[++i];
            }
            else if (args[i] == "--stft" && i + 1 < args.Length)
            {
                string[] p = args[++i].Split(',');
                fftSize = int.Parse(p[0], CultureInfo.InvariantCulture);
                hop = int.Parse(p[1], CultureInfo.InvariantCulture);
            }
            else if (args[i] == "--stoi")
            {
                intelligibility = true;
            }
            else
            {
                inputs.Add(args[i]);
            }
        }

        List<string> clips = IterativeQualityReport.ResolveClips(inputs);
        var settings = new StftSettings(fftSize, hop, sampleRate: 22050);
        RtisiLa[] variants = [.. variantText.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v =>
        {
            string[] p = v.Split(',');
            return new RtisiLa(settings)
            {
                LookaheadFrames = int.Parse(p[0], CultureInfo.InvariantCulture),
                IterationsPerFrame = int.Parse(p[1], CultureInfo.InvariantCulture),
                Alpha = p.Length > 2 ? double.Parse(p[2], CultureInfo.InvariantCulture) : 0,
            };
        })];

        var sc = new double[variants.Length, clips.Count];
        var stoi = new double[variants.Length, clips.Count];
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
            for (int v = 0; v < variants.Length; v++)
            {
                float[] y = variants[v].Reconstruct(target, new ReconstructionOptions { SignalLength = x.Length }).Signal;
                sc[v, c] = QualityMetrics.SpectralConvergenceDb(plan.ForwardMagnitude(y), target);
                stoi[v, c] = intelligibility ? QualityMetrics.Intelligibility(y, x, settings.SampleRate).Stoi : double.NaN;
            }
        }

        string Name(RtisiLa r) => string.Create(CultureInfo.InvariantCulture, $"({r.LookaheadFrames}, {r.IterationsPerFrame}) α={r.Alpha:0.##}");
        var text = new StringBuilder();
        text.Append("| clip |");
        foreach (RtisiLa r in variants)
        {
            text.Append(CultureInfo.InvariantCulture, $" {Name(r)} |");
        }

        text.AppendLine();
        text.Append("|---|").Append(string.Concat(Enumerable.Repeat("---:|", variants.Length))).AppendLine();
        for (int c = 0; c < clips.Count; c++)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Path.GetFileNameWithoutExtension(clips[c])} |");
            for (int v = 0; v < variants.Length; v++)
            {
                text.Append(CultureInfo.InvariantCulture, $" {sc[v, c]:F1}");
                if (intelligibility)
                {
                    text.Append(CultureInfo.InvariantCulture, $" / {stoi[v, c]:F3}");
                }

                text.Append(" |");
            }

            text.AppendLine();
        }

        void Row(string label, Func<int, string> cell)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {label} |");
            for (int v = 0; v < variants.Length; v++)
            {
                text.Append(CultureInfo.InvariantCulture, $" {cell(v)} |");
            }

            text.AppendLine();
        }

        IEnumerable<double> Of(int v) => Enumerable.Range(0, clips.Count).Select(c => sc[v, c]);
        Row("**mean**", v => string.Create(CultureInfo.InvariantCulture, $"**{Of(v).Average():F2}**"));
        Row("worst", v => string.Create(CultureInfo.InvariantCulture, $"{Of(v).Max():F1}"));
        Row("clips better than the first column", v => string.Create(CultureInfo.InvariantCulture,
            $"{Enumerable.Range(0, clips.Count).Count(c => sc[v, c] < sc[0, c])}/{clips.Count}"));
        Row("smallest gain over the first column (dB)", v => string.Create(CultureInfo.InvariantCulture,
            $"{Enumerable.Range(0, clips.Count).Min(c => sc[0, c] - sc[v, c]):F2}"));
        Console.Write(text.ToString());
        return 0;
    }
}

using System.Globalization;
using System.Text;
using Phase.Effects;
using Phase.Fourier;
using Phase.IO;

namespace Phase.Benchmarks.Effects;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Phase.Benchmarks -- --effects-quality</c>: the quality table of
/// docs/algorithms/pvdr.md. For every clip (the demo clip, tests/fixtures/speech, /usr/share/sounds/alsa) and rate it
/// measures the consistency of each vocoder's output — the SC between the STFT of the output (Hann N, hop Hs) and the
/// target it was built from, the analysis magnitudes at the frame centres <c>round(n·Ha)</c> — and on a click train the
/// transient smearing: the RMS time spread of the output's energy around each click's expected position.
/// </summary>
internal static class EffectsQualityReport
{
    public const string Command = "--effects-quality";

    private static readonly double[] Rates = [0.5, 0.8, 1.25, 2];

    public static int Run(string[] args)
    {
        _ = args;
        string root = QualityTable.RepositoryRoot();
        var clips = new List<string> { Path.Combine(root, "src", "Phase.Cli", "Resources", "demo.wav") };
        clips.AddRange(Directory.GetFiles(Path.Combine(root, "tests", "fixtures", "speech"), "*.wav").Order(StringComparer.Ordinal));
        if (Directory.Exists("/usr/share/sounds/alsa"))
        {
            clips.AddRange(Directory.GetFiles("/usr/share/sounds/alsa", "*.wav").Order(StringComparer.Ordinal));
        }

        var methods = new[] { PhaseVocoderMethod.Pvdr, PhaseVocoderMethod.Pv };
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"SC (dB) of the output's STFT against the modified (target) magnitude, Hann 1024; mean over {clips.Count} clips (worst clip in brackets)");
        text.AppendLine();
        text.Append("| method |");
        foreach (double rate in Rates)
        {
            text.Append(CultureInfo.InvariantCulture, $" rate {rate} |");
        }

        text.AppendLine();
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", Rates.Length)));
        var signals = clips.Select(c => WavFile.Read(c).MixToMono()).ToArray();
        foreach (PhaseVocoderMethod method in methods)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Name(method)} |");
            foreach (double rate in Rates)
            {
                var stretch = new TimeStretch(rate, method);
                double sum = 0, worst = double.NegativeInfinity;
                foreach (float[] x in signals)
                {
                    double sc = Consistency(stretch, x, stretch.Process(x));
                    sum += sc;
                    worst = Math.Max(worst, sc);
                }

                text.Append(CultureInfo.InvariantCulture, $" **{sum / signals.Length:F2}** ({worst:F1}) |");
            }

            text.AppendLine();
        }

        text.AppendLine();
        text.AppendLine("Per clip, rate 1.25:");
        text.AppendLine();
        text.AppendLine("| clip | pvdr SC | pv SC |");
        text.AppendLine("|---|---|---|");
        for (int c = 0; c < clips.Count; c++)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Path.GetFileNameWithoutExtension(clips[c])} |");
            foreach (PhaseVocoderMethod method in methods)
            {
                var stretch = new TimeStretch(1.25, method);
                text.Append(CultureInfo.InvariantCulture, $" {Consistency(stretch, signals[c], stretch.Process(signals[c])):F2} |");
            }

            text.AppendLine();
        }

        text.AppendLine();
        text.AppendLine("Transient smearing on a click train (unit clicks every 100 ms at 22050 Hz, 3 s): RMS time spread of the output's energy around each click's expected position, mean over the clicks (ms; 0 is a perfect click), and the share of that energy within ±2 ms");
        text.AppendLine();
        text.AppendLine("| method |" + string.Concat(Rates.Select(r => string.Create(CultureInfo.InvariantCulture, $" rate {r} |"))));
        text.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---|", Rates.Length)));
        foreach (PhaseVocoderMethod method in methods)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Name(method)} |");
            foreach (double rate in Rates)
            {
                (double spread, double share) = Smearing(new TimeStretch(rate, method));
                text.Append(CultureInfo.InvariantCulture, $" {spread:F2} ms, {share * 100:F0} % |");
            }

            text.AppendLine();
        }

        Console.Write(text.ToString());
        return 0;
    }

    private static string Name(PhaseVocoderMethod method) => method == PhaseVocoderMethod.Pvdr ? "pvdr" : "pv";

    /// <summary>SC (dB) between |STFT(y)| at the synthesis frames <c>n·Hs</c> and the analysis magnitudes at <c>round(n·Ha)</c>.</summary>
    private static double Consistency(TimeStretch stretch, float[] x, float[] y)
    {
        int n = stretch.WindowLength, hop = stretch.SynthesisHop, frames = 1 + (y.Length / hop);
        var fft = new RealFft(n);
        ReadOnlySpan<float> window = stretch.SynthesisSettings.FrameWindow;
        var segment = new float[n];
        var re = new float[fft.BinCount];
        var im = new float[fft.BinCount];
        double error = 0, energy = 0;
        var target = new float[fft.BinCount];
        for (int f = 0; f < frames; f++)
        {
            Magnitudes(x, (long)Math.Round(f * stretch.AnalysisHop, MidpointRounding.AwayFromZero), window, segment, fft, re, im);
            for (int k = 0; k < re.Length; k++)
            {
                target[k] = MathF.Sqrt((re[k] * re[k]) + (im[k] * im[k]));
            }

            Magnitudes(y, (long)f * hop, window, segment, fft, re, im);
            for (int k = 0; k < re.Length; k++)
            {
                double d = MathF.Sqrt((re[k] * re[k]) + (im[k] * im[k])) - target[k];
                error += d * d;
                energy += (double)target[k] * target[k];
            }
        }

        return 10 * Math.Log10(error / energy);
    }

    /// <summary>The DFT of the window times the <c>N</c> samples centred on <paramref name="centre"/> (zeros outside the signal);
    /// only magnitudes are used, so the frame is not rotated.</summary>
    private static void Magnitudes(float[] x, long centre, ReadOnlySpan<float> window, float[] segment, RealFft fft, float[] re, float[] im)
    {
        int n = segment.Length;
        long first = centre - (n / 2);
        for (int j = 0; j < n; j++)
        {
            long t = first + j;
            segment[j] = t >= 0 && t < x.Length ? x[t] * window[j] : 0f;
        }

        fft.Forward(segment, re, im);
    }

    private static (double SpreadMs, double Share) Smearing(TimeStretch stretch)
    {
        const int SampleRate = 22050, Period = 2205, Clicks = 30;
        var x = new float[Period * Clicks];
        for (int c = 0; c < Clicks; c++)
        {
            x[(c * Period) + (Period / 2)] = 0.5f;
        }

        float[] y = stretch.Process(x);
        double spreadSum = 0, shareSum = 0;
        int counted = 0;
        double period = Period * stretch.Rate, near = 0.002 * SampleRate;
        for (int c = 1; c < Clicks - 1; c++)
        {
            double expected = ((c * Period) + (Period / 2)) * stretch.Rate;
            long from = (long)Math.Ceiling(expected - (period / 2)), to = (long)Math.Floor(expected + (period / 2));
            double e = 0, moment = 0, inside = 0;
            for (long t = from; t <= to; t++)
            {
                double v = (double)y[t] * y[t], d = t - expected;
                e += v;
                moment += d * d * v;
                inside += Math.Abs(d) <= near ? v : 0;
            }

            spreadSum += Math.Sqrt(moment / e) / SampleRate * 1000;
            shareSum += inside / e;
            counted++;
        }

        return (spreadSum / counted, shareSum / counted);
    }
}

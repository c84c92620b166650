using System.CommandLine;
using Phase.IO;
using Phase.Metrics;
using Phase.Stft;

namespace Phase.Cli.Commands;

/// <summary><c>phase eval ref.wav test.wav</c>: SC, LSD, SNR, SI-SDR, STOI, ESTOI of a test signal against a reference.</summary>
internal static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var reference = new Argument<string>("reference") { Description = "Reference (clean, original) WAV file." };
        var test = new Argument<string>("test") { Description = "Test (reconstructed) WAV file." };
        var stft = new StftOptions();
        var command = new Command("eval", "Compare a test signal with a reference: spectral convergence, log-spectral distance, SNR, SI-SDR, STOI, ESTOI (mono mix-downs).");
        command.Arguments.Add(reference);
        command.Arguments.Add(test);
        stft.AddTo(command);
        command.SetAction(result => Cli.Run(context, () =>
        {
            WavData r = Inputs.ReadWav(result.GetValue(reference)!);
            WavData t = Inputs.ReadWav(result.GetValue(test)!);
            if (r.SampleRate != t.SampleRate)
            {
                throw new CliUsageException($"the sample rates differ ({r.SampleRate} Hz vs {t.SampleRate} Hz); resample one first (e.g. sox in.wav -r {r.SampleRate} out.wav).");
            }

            float[] x = r.MixToMono(), y = t.MixToMono();
            int length = Math.Min(x.Length, y.Length);
            if (x.Length != y.Length)
            {
                context.Warn($"lengths differ ({x.Length} vs {y.Length} samples); comparing the first {length}.");
            }

            x = x[..length];
            y = y[..length];
            StftSettings settings = stft.Build(result, r.SampleRate);
            using var plan = new StftPlan(settings);
            MagnitudeSpectrogram sx = plan.ForwardMagnitude(x), sy = plan.ForwardMagnitude(y);
            var table = new TextTable("metric", "value", "meaning");
            table.Add("SC", Format.Db(QualityMetrics.SpectralConvergenceDb(sy, sx)) + " dB", "spectral convergence ‖|Y|−|X|‖/‖X‖ (lower is better)");
            table.Add("LSD", Format.Db(QualityMetrics.LogSpectralDistanceDb(sy, sx)) + " dB", "log-spectral distance (lower is better)");
            table.Add("SNR", Format.Db(QualityMetrics.SnrDb(y, x)) + " dB", "waveform SNR (phase sensitive)");
            table.Add("SI-SDR", Format.Db(QualityMetrics.SiSdrDb(y, x)) + " dB", "scale-invariant SDR (phase sensitive)");
            IntelligibilityScores scores = QualityMetrics.Intelligibility(y, x, r.SampleRate);
            table.Add("STOI", Format.Score(scores.Stoi), "short-time objective intelligibility, 0…1");
            table.Add("ESTOI", Format.Score(scores.Estoi), "extended STOI, 0…1");
            table.Write(context.Out);
            return ExitCodes.Success;
        }));
        return command;
    }
}

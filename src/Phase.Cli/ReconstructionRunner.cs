using System.Diagnostics;
using Phase.Metrics;
using Phase.Stft;

namespace Phase.Cli;

/// <summary>Runs one method on one spectrogram and measures it.</summary>
internal static class ReconstructionRunner
{
    public sealed record Outcome(float[] Signal, double ElapsedSeconds, double SpectralConvergenceDb);

    /// <summary>Reconstructs, times the call (plan creation included) and measures the spectral convergence of the
    /// result against the target magnitudes.</summary>
    public static Outcome Run(IPhaseReconstructor method, MagnitudeSpectrogram target, int signalLength, int seed,
        IProgress<ReconstructionProgress>? progress, CancellationToken cancellationToken)
    {
        var options = new ReconstructionOptions
        {
            SignalLength = signalLength,
            Seed = seed,
            Progress = progress,
            CancellationToken = cancellationToken,
        };
        var clock = Stopwatch.StartNew();
        PhaseReconstruction result = method.Reconstruct(target, options);
        double elapsed = clock.Elapsed.TotalSeconds;
        return new Outcome(result.Signal, elapsed, SpectralConvergence(method.Settings, result.Signal, target));
    }

    /// <summary>SC = 20·log10(‖|STFT(y)| − S‖_F / ‖S‖_F) in dB; NaN when the target is silent (‖S‖ = 0: SC is
    /// undefined there, and printed as "n/a").</summary>
    public static double SpectralConvergence(StftSettings settings, ReadOnlySpan<float> signal, MagnitudeSpectrogram target)
    {
        if (System.Numerics.Tensors.TensorPrimitives.Max(target.Values) == 0f)
        {
            return double.NaN;
        }

        using var plan = new StftPlan(settings);
        MagnitudeSpectrogram estimate = plan.ForwardMagnitude(signal);
        if (estimate.FrameCount != target.FrameCount)
        {
            // A requested length can give a different frame count than the target; compare the frames both have.
            int frames = Math.Min(estimate.FrameCount, target.FrameCount);
            int k = settings.BinCount;
            return QualityMetrics.SpectralConvergenceDb(estimate.Values[..(frames * k)], target.Values[..(frames * k)]);
        }

        return QualityMetrics.SpectralConvergenceDb(estimate, target);
    }
}

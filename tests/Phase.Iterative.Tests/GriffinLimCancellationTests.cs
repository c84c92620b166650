using Phase.Iterative;
using Phase.Testing;

namespace Phase.Tests.Iterative;

/// <summary>Cancellation reaches inside an iteration and inside the SPSI start (issue 9: FGLA with the default SPSI start
/// took 4.5 s to stop on a 10-minute input because the token was only checked between whole passes). Tested by counting
/// the checks and by cancelling mid-run, not with a clock.</summary>
public class GriffinLimCancellationTests
{
    private static MagnitudeSpectrogram Target(StftSettings settings, int frames)
    {
        var target = new MagnitudeSpectrogram(frames, settings.BinCount);
        Signals.Noise(frames * settings.BinCount, seed: 5).Select(MathF.Abs).ToArray().CopyTo(target.Values);
        return target;
    }

    [Fact]
    public void Iterations_and_the_spsi_start_check_the_token_at_least_every_256_frames()
    {
        var settings = new StftSettings(windowLength: 256, hop: 64);
        const int frames = 2000;
        MagnitudeSpectrogram target = Target(settings, frames);
        using GriffinLimPlan plan = new FastGriffinLim(settings).CreatePlan();
        using var cts = new CancellationTokenSource();
        var options = new ReconstructionOptions { CancellationToken = cts.Token };
        plan.Start(target, PhaseInitialization.Spsi, options);
        long afterStart = plan.CancellationChecks;
        Assert.True(afterStart >= frames / 256, $"SPSI start: {afterStart} checks for {frames} frames");
        plan.Iterate(2, options: options);
        long perIteration = (plan.CancellationChecks - afterStart) / 2;
        Assert.True(perIteration >= frames / 256, $"{perIteration} checks per iteration for {frames} frames");
    }

    [Fact]
    public void Cancelling_inside_a_run_stops_it_and_the_plan_must_be_started_again()
    {
        var settings = new StftSettings(windowLength: 256, hop: 64);
        MagnitudeSpectrogram target = Target(settings, 600);
        using var cts = new CancellationTokenSource();
        long iterations = 0;

        // Cancelled from the progress callback of the first iteration: the second never completes.
        var options = new ReconstructionOptions
        {
            CancellationToken = cts.Token,
            Progress = new SynchronousProgress(p =>
            {
                iterations = p.Completed;
                cts.Cancel();
            }),
        };
        var fgla = new FastGriffinLim(settings) { Iterations = 50 };
        Assert.ThrowsAny<OperationCanceledException>(() => fgla.Reconstruct(target, options));
        Assert.Equal(1L, iterations);

        // A token cancelled before the run stops the SPSI start; the plan is then not started.
        using GriffinLimPlan plan = fgla.CreatePlan();
        Assert.ThrowsAny<OperationCanceledException>(() => plan.Start(target, PhaseInitialization.Spsi, options));
        Assert.Throws<InvalidOperationException>(() => plan.Iterate(1));
    }

    private sealed class SynchronousProgress(Action<ReconstructionProgress> report) : IProgress<ReconstructionProgress>
    {
        public void Report(ReconstructionProgress value) => report(value);
    }
}

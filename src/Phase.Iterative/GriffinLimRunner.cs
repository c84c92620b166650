using System.Globalization;

namespace Phase.Iterative;

/// <summary>Runs Griffin-Lim plans for the offline, batch and multi-channel entry points of <see cref="GriffinLim"/> and
/// <see cref="FastGriffinLim"/>.</summary>
internal static class GriffinLimRunner
{
    /// <summary>One run on <paramref name="plan"/>: start, iterate, read the signal (and spectrogram).</summary>
    public static PhaseReconstruction Run(GriffinLimPlan plan, MagnitudeSpectrogram magnitudes, PhaseInitialization initialization,
        ReconstructionOptions options, int iterations, double targetScDb)
    {
        plan.Start(magnitudes, initialization, options);
        plan.Iterate(iterations, targetScDb, options);
        float[] signal = plan.GetSignal();
        ComplexSpectrogram? spectrogram = options.ReturnSpectrogram ? plan.GetSpectrogram() : null;
        return new PhaseReconstruction(signal, spectrogram, plan.IterationsDone, plan.SpectralConvergenceDb);
    }

    /// <summary>Runs every item on a pool of plans (one per worker). Item <c>i</c>'s result equals a single run with the
    /// same options, whatever the number of workers.</summary>
    public static PhaseReconstruction[] RunBatch(Func<GriffinLimPlan> createPlan, StftSettings settings, IReadOnlyList<MagnitudeSpectrogram> items,
        PhaseInitialization initialization, ReconstructionOptions? options, int iterations, double targetScDb, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(initialization);
        options ??= ReconstructionOptions.Default;
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            IterativeThrowHelper.ArgumentOutOfRange(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism,
                "maxDegreeOfParallelism must be −1 (all cores) or at least 1.");
        }

        for (int i = 0; i < items.Count; i++)
        {
            MagnitudeSpectrogram item = items[i] ?? throw new ArgumentNullException(nameof(items), $"Item {i} is null.");
            if (item.BinCount != settings.BinCount)
            {
                IterativeThrowHelper.Argument(nameof(items), string.Create(CultureInfo.InvariantCulture,
                    $"Item {i} has {item.BinCount} bins per frame but the STFT settings (FFT size {settings.FftSize}) need {settings.BinCount}."));
            }
        }

        var results = new PhaseReconstruction[items.Count];
        IProgress<ReconstructionProgress>? progress = options.Progress;
        var perItem = new ReconstructionOptions
        {
            Seed = options.Seed,
            SignalLength = options.SignalLength,
            ReturnSpectrogram = options.ReturnSpectrogram,
            Observer = options.Observer,
            CancellationToken = options.CancellationToken,
        };
        int completed = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = options.CancellationToken };
        try
        {
            Parallel.For(0, items.Count, parallel, createPlan,
                (i, _, plan) =>
                {
                    results[i] = Run(plan, items[i], initialization, perItem, iterations, targetScDb);
                    int done = Interlocked.Increment(ref completed);
                    progress?.Report(new ReconstructionProgress(done, items.Count, "utterance"));
                    return plan;
                },
                plan => plan.Dispose());
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // Surface the item's own exception (ArgumentException, OperationCanceledException) rather than a wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }

        return results;
    }

    /// <summary>Interleaves the channels' signals (<c>result[i·C + c]</c> is sample <c>i</c> of channel <c>c</c>).</summary>
    public static float[] Interleave(PhaseReconstruction[] channels)
    {
        int count = channels.Length;
        int length = channels[0].Signal.Length;
        foreach (PhaseReconstruction c in channels)
        {
            if (c.Signal.Length != length)
            {
                IterativeThrowHelper.Argument(nameof(channels), "Interleaved output needs channels of equal length; give the channels the same frame count or set ReconstructionOptions.SignalLength.");
            }
        }

        var result = new float[(long)length * count <= Array.MaxLength ? length * count : throw new ArgumentException("The interleaved signal would exceed the largest array.", nameof(channels))];
        for (int c = 0; c < count; c++)
        {
            float[] s = channels[c].Signal;
            for (int i = 0; i < length; i++)
            {
                result[(i * count) + c] = s[i];
            }
        }

        return result;
    }
}

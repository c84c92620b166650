namespace Phase.Testing;

/// <summary>Measures bytes allocated on the current thread by an action, in steady state.</summary>
public static class Allocations
{
    /// <summary>
    /// Runs <paramref name="action"/> a few times to warm up (JIT, tiering, static constructors), then measures
    /// <paramref name="repetitions"/> runs, in up to <paramref name="trials"/> trials, and returns the smallest count.
    /// </summary>
    /// <remarks>
    /// The runtime itself occasionally allocates on the calling thread in the middle of a measurement (tier-up and
    /// on-stack replacement of a hot loop, which a short warm-up does not always finish; seen once in CI with
    /// <c>DOTNET_EnableHWIntrinsic=0</c> as a 3,808-byte blip). Such one-off allocations do not repeat, whereas code
    /// that allocates per call allocates in every trial, so the minimum over trials separates the two without
    /// tolerating any per-call allocation: a method that allocates even one byte per call still returns ≥ 1.
    /// </remarks>
    public static long Measure(Action action, int repetitions = 100, int trials = 3)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(trials, 1);
        for (int i = 0; i < 3; i++)
        {
            action();
        }

        long best = long.MaxValue;
        for (int trial = 0; trial < trials && best > 0; trial++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < repetitions; i++)
            {
                action();
            }

            best = Math.Min(best, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return best;
    }
}

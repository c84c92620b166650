namespace Phase.Testing;

/// <summary>Measures bytes allocated on the current thread by an action.</summary>
public static class Allocations
{
    /// <summary>Runs <paramref name="action"/> once to warm up (JIT, tiering), then measures <paramref name="repetitions"/> runs.</summary>
    public static long Measure(Action action, int repetitions = 100)
    {
        ArgumentNullException.ThrowIfNull(action);
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < repetitions; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}

using Phase.Testing;

namespace Phase.Tests;

/// <summary>Allocation measurement in steady state: runs the action past tiered compilation's promotion (30 calls plus
/// the background compile) before <see cref="Allocations.Measure"/>, so a tier transition inside the measured window
/// cannot be mistaken for an allocation by the solver.</summary>
internal static class SteadyState
{
    public static long Allocations(Action action)
    {
        for (int i = 0; i < 500; i++)
        {
            action();
        }

        Thread.Sleep(200);
        for (int i = 0; i < 500; i++)
        {
            action();
        }

        return Phase.Testing.Allocations.Measure(action);
    }
}

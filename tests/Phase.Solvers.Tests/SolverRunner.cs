using Phase.Solvers;

namespace Phase.Tests;

/// <summary>Runs one test system through any of the solvers by name, with the symmetric API for symmetric systems
/// (unless <c>general</c> is asked for) and the general API otherwise.</summary>
internal static class SolverRunner
{
    /// <summary>Every solver variant: the scalar solver (symmetric and general forms), the batched solver (the system in
    /// a tail lane of a 19-system batch; "batched-few": lane 1 of a 2-system batch, which takes the twisted path on every
    /// vector width), and the partitioned solver with automatic and explicit partition counts.</summary>
    public static readonly string[] All =
    [
        "scalar", "scalar-general", "batched", "batched-few", "partitioned", "partitioned-2", "partitioned-4", "partitioned-8",
        "partitioned-16", "partitioned-32", "partitioned-64",
    ];

    /// <summary>Partition count S of a variant (1 for the non-partitioned ones, the automatic choice for "partitioned").</summary>
    public static int Partitions(string solver, int size) => solver switch
    {
        "partitioned" => new PartitionedTridiagonalSolver<float>(size).Partitions,
        _ when solver.StartsWith("partitioned-", StringComparison.Ordinal) => int.Parse(solver["partitioned-".Length..], System.Globalization.CultureInfo.InvariantCulture),
        _ => 1,
    };

    public static (TridiagonalStatus Status, float[] X) Run(string solver, TestSystem s, TridiagonalRegularization regularization = default) =>
        Run(solver, s, out _, regularization);

    /// <summary>Runs a solver; <paramref name="fellBack"/> tells whether the partitioned solver re-solved with the scalar
    /// algorithm (always false for the other solvers).</summary>
    public static (TridiagonalStatus Status, float[] X) Run(
        string solver, TestSystem s, out bool fellBack, TridiagonalRegularization regularization = default)
    {
        fellBack = false;
        int n = s.Size;
        var x = new float[n];
        bool symmetric = s.Symmetric && solver != "scalar-general";
        TridiagonalStatus status;
        switch (solver)
        {
            case "scalar":
            case "scalar-general":
                var scratch = new float[n];
                status = symmetric
                    ? TridiagonalSolver.TrySolveSymmetric<float>(s.DiagonalF, s.OffDiagonalF, s.RhsF, scratch, x, regularization)
                    : TridiagonalSolver.TrySolve<float>(s.LowerF, s.DiagonalF, s.UpperF, s.RhsF, scratch, x);
                break;
            case "batched":
                status = RunBatched(s, symmetric, regularization, x, count: 19, target: 17);
                break;
            case "batched-few":
                status = RunBatched(s, symmetric, regularization, x, count: 2, target: 1);
                break;
            default:
                int partitions = solver == "partitioned" ? 0 : Partitions(solver, n);
                var solver2 = new PartitionedTridiagonalSolver<float>(n, partitions);
                status = symmetric
                    ? solver2.TrySolveSymmetric(s.DiagonalF, s.OffDiagonalF, s.RhsF, x, regularization)
                    : solver2.TrySolve(s.LowerF, s.DiagonalF, s.UpperF, s.RhsF, x);
                fellBack = solver2.FellBack;
                break;
        }

        return (status, x);
    }

    private static TridiagonalStatus RunBatched(
        TestSystem s, bool symmetric, TridiagonalRegularization regularization, float[] x, int count, int target)
    {
        int n = s.Size;
        var layout = new InterleavedLayout<float>(n, count);
        var lower = new float[layout.Length];
        var diagonal = new float[layout.Length];
        var upper = new float[layout.Length];
        var rhs = new float[layout.Length];
        for (int i = 0; i < count; i++)
        {
            TestSystem t = i == target ? s : TestSystems.SymmetricDominant(n, 1000 + i);
            layout.PackSystem(i, t.LowerF, lower);
            layout.PackSystem(i, t.DiagonalF, diagonal);
            layout.PackSystem(i, t.UpperF, upper);
            layout.PackSystem(i, t.RhsF, rhs);
        }

        layout.FillTail(diagonal, 1);
        var solution = new float[layout.Length];
        var scratch = new float[layout.Length];
        var statuses = new TridiagonalStatus[count];
        if (symmetric)
        {
            BatchedTridiagonalSolver.TrySolveSymmetric(layout, diagonal, upper, rhs, scratch, solution, statuses, regularization);
        }
        else
        {
            BatchedTridiagonalSolver.TrySolve(layout, lower, diagonal, upper, rhs, scratch, solution, statuses);
        }

        layout.UnpackSystem(target, solution, x);
        return statuses[target];
    }
}

using System.Runtime.Intrinsics;
using Phase.Solvers;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>The partitioned (cyclic-reduction) solver against the scalar solver for every partition count, its
/// automatic choice, its workspace rules and its zero-allocation solve.</summary>
[KernelTest]
public sealed class PartitionedSolverTests
{
    public static readonly int[] Sizes = [.. Enumerable.Range(1, 40), 63, 64, 65, 100, 257, 513, 1025, 4097];

    public static readonly int[] PartitionCounts = [1, 2, 4, 8, 16, 32, 64, 128, 256, 1024];

    [Theory]
    [InlineData(SystemKind.LeastSquares)]
    [InlineData(SystemKind.SymmetricDominant)]
    [InlineData(SystemKind.GeneralDominant)]
    public void Agrees_with_the_scalar_solver_for_every_partition_count(SystemKind kind)
    {
        foreach (int size in Sizes)
        {
            Case c = Case.Get(kind, size);
            TestSystem s = c.System;
            float[] scalar = SolverRunner.Run("scalar", s).X;
            double scalarBound = c.ForwardErrorBound(scalar, (s.Symmetric ? 8 : 24) * Bounds.FloatU);
            foreach (int partitions in PartitionCounts)
            {
                var solver = new PartitionedTridiagonalSolver<float>(size, partitions);
                var x = new float[size];
                TridiagonalStatus status = s.Symmetric
                    ? solver.TrySolveSymmetric(s.DiagonalF, s.OffDiagonalF, s.RhsF, x)
                    : solver.TrySolve(s.LowerF, s.DiagonalF, s.UpperF, s.RhsF, x);
                Assert.Equal(TridiagonalStatus.Success, status);
                Assert.False(partitions > 1 && solver.FellBack, $"K = {size}, S = {partitions}: fell back to the scalar solver");

                // Both are within their forward error bounds of the exact solution, hence of each other.
                double bound = c.ForwardErrorBound(x, 8 * (1 + Math.Log2(partitions)) * Bounds.FloatU);
                double scale = scalar.Max(Math.Abs);
                double difference = Tolerance.MaxAbsDifference(x, scalar) / (scale == 0 ? 1 : scale);
                Assert.True(difference <= (bound + scalarBound) * 1.01 + 1e-12, $"K = {size}, S = {partitions}: {difference:E3} > {bound + scalarBound:E3}");
            }
        }
    }

    [Fact]
    public void One_partition_is_exactly_the_scalar_solver()
    {
        foreach (SystemKind kind in Enum.GetValues<SystemKind>())
        {
            foreach (int size in new[] { 1, 5, 64, 513 })
            {
                Assert.Equal(SolverRunner.Run("scalar", Case.Get(kind, size).System).X, SolverRunner.Run("partitioned-1", Case.Get(kind, size).System).X);
            }
        }
    }

    [Fact]
    public void Automatic_choice_partitions_large_systems_into_one_subsystem_per_vector_lane()
    {
        int floatLanes = Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : Vector128.IsHardwareAccelerated ? 4 : 1;
        int doubleLanes = Math.Max(1, floatLanes / 2);
        Assert.Equal(1, new PartitionedTridiagonalSolver<float>(PartitionedTridiagonalSolver<float>.MinimumPartitionedSize - 1).Partitions);
        Assert.Equal(floatLanes, new PartitionedTridiagonalSolver<float>(PartitionedTridiagonalSolver<float>.MinimumPartitionedSize).Partitions);
        Assert.Equal(floatLanes, new PartitionedTridiagonalSolver<float>(513).Partitions);
        Assert.Equal(doubleLanes, new PartitionedTridiagonalSolver<double>(513).Partitions);
        Assert.Equal(1, new PartitionedTridiagonalSolver<Half>(513).Partitions);
        Assert.Equal(513, new PartitionedTridiagonalSolver<float>(513).Size);
    }

    [Fact]
    public void Double_partitioned_solve_matches_the_scalar_double_solve()
    {
        foreach (int partitions in new[] { 2, 8, 64 })
        {
            TestSystem s = Case.Get(SystemKind.LeastSquares, 1025).System;
            var expected = new double[1025];
            TridiagonalSolver.SolveSymmetric<double>(s.Diagonal, s.OffDiagonal, s.Rhs, new double[1025], expected);
            var x = new double[1025];
            var solver = new PartitionedTridiagonalSolver<double>(1025, partitions);
            solver.SolveSymmetric(s.Diagonal, s.OffDiagonal, s.Rhs, x);
            Assert.False(solver.FellBack);
            Assert.True(Oracle.BackwardError(s, x) <= 8 * (1 + Math.Log2(partitions)) * Bounds.DoubleU);
            double difference = 0, scale = expected.Max(Math.Abs);
            for (int k = 0; k < 1025; k++)
            {
                difference = Math.Max(difference, Math.Abs(x[k] - expected[k]));
            }

            Assert.True(difference / scale < 1e-11, $"S = {partitions}: {difference / scale:E3}");
        }
    }

    [Fact]
    public void A_solver_is_reusable_and_keeps_no_state_between_solves()
    {
        var solver = new PartitionedTridiagonalSolver<float>(257, 16);
        TestSystem a = Case.Get(SystemKind.LeastSquares, 257).System, b = Case.Get(SystemKind.GeneralDominant, 257).System;
        var first = new float[257];
        solver.SolveSymmetric(a.DiagonalF, a.OffDiagonalF, a.RhsF, first);

        // A failed (NaN) solve in between must not leave anything behind.
        float[] bad = a.RhsF;
        bad[100] = float.NaN;
        var x = new float[257];
        Assert.Equal(TridiagonalStatus.NonFinite, solver.TrySolveSymmetric(a.DiagonalF, a.OffDiagonalF, bad, x));
        solver.Solve(b.LowerF, b.DiagonalF, b.UpperF, b.RhsF, x);
        solver.SolveSymmetric(a.DiagonalF, a.OffDiagonalF, a.RhsF, x);
        Assert.Equal(first, x);
    }

    [Fact]
    public void Constructor_and_solve_reject_bad_arguments()
    {
        Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => new PartitionedTridiagonalSolver<float>(0)).ParamName);
        Assert.Equal("partitions", Assert.Throws<ArgumentOutOfRangeException>(() => new PartitionedTridiagonalSolver<float>(10, 3)).ParamName);
        Assert.Equal("partitions", Assert.Throws<ArgumentOutOfRangeException>(() => new PartitionedTridiagonalSolver<float>(10, -1)).ParamName);
        Assert.Equal("partitions", Assert.Throws<ArgumentOutOfRangeException>(() => new PartitionedTridiagonalSolver<float>(10, 2048)).ParamName);

        var solver = new PartitionedTridiagonalSolver<float>(10, 4);
        float[] ten = new float[10], nine = new float[9];
        Assert.Equal("diagonal", Assert.Throws<ArgumentException>(() => solver.SolveSymmetric(nine, nine, ten, new float[10])).ParamName);
        Assert.Equal("offDiagonal", Assert.Throws<ArgumentException>(() => solver.SolveSymmetric(ten, ten, ten, new float[10])).ParamName);
        Assert.Equal("rhs", Assert.Throws<ArgumentException>(() => solver.SolveSymmetric(ten, nine, nine, new float[10])).ParamName);
        Assert.Equal("solution", Assert.Throws<ArgumentException>(() => solver.SolveSymmetric(ten, nine, ten, new float[9])).ParamName);
        Assert.Equal("lower", Assert.Throws<ArgumentException>(() => solver.Solve(nine, ten, ten, ten, new float[10])).ParamName);
        Assert.Equal("upper", Assert.Throws<ArgumentException>(() => solver.Solve(ten, ten, nine, ten, new float[10])).ParamName);
        float[] shared = new float[11];
        Assert.Equal("solution", Assert.Throws<ArgumentException>(() =>
            solver.SolveSymmetric(ten, nine, shared.AsSpan(0, 10), shared.AsSpan(1, 10))).ParamName);
    }

    [Fact]
    public void Solving_allocates_nothing_on_success_or_failure()
    {
        TestSystem s = Case.Get(SystemKind.LeastSquares, 513).System;
        TestSystem g = Case.Get(SystemKind.GeneralDominant, 513).System;
        float[] d = s.DiagonalF, e = s.OffDiagonalF, b = s.RhsF, x = new float[513], zeros = new float[513];
        float[] lo = g.LowerF, dg = g.DiagonalF, up = g.UpperF, bg = g.RhsF;
        var solver = new PartitionedTridiagonalSolver<float>(513);
        var regularization = TridiagonalRegularization.Relative(1e-4);
        Assert.Equal(0, SteadyState.Allocations(() => solver.SolveSymmetric(d, e, b, x)));
        Assert.Equal(0, SteadyState.Allocations(() => solver.SolveSymmetric(d, e, b, x, regularization)));
        Assert.Equal(0, SteadyState.Allocations(() => solver.Solve(lo, dg, up, bg, x)));

        // A silent frame without regularisation: the failure path (certificate, scalar fallback, status) allocates nothing.
        Assert.Equal(0, SteadyState.Allocations(() => solver.TrySolveSymmetric(zeros, zeros.AsSpan(0, 512), zeros, x)));
    }
}

using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Phase.Solvers;
using Phase.Solvers.Kernels;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>
/// The batched solver's four-chain kernels run, lane by lane, exactly the operations of the scalar solver (same order,
/// same fused multiply–adds, IEEE division), so every system's solution must equal the scalar solver's bit for bit — for
/// every batch count (every tail), every vector width and with regularisation. Batches of at most two chains take the
/// twisted kernels (elimination from both ends): those must be componentwise backward stable (8u symmetric, 24u
/// general, as the scalar solver) on every width and report failures as the scalar solver does.
/// </summary>
[KernelTest]
public sealed class BatchedSolverTests
{
    public static readonly int[] Sizes = [1, 2, 3, 16, 33];

    [Theory]
    [InlineData(false, 0.0)]
    [InlineData(true, 0.0)]
    [InlineData(true, 1e-4)]
    public void Four_chain_kernels_equal_the_scalar_solution_for_every_batch_count(bool symmetric, double epsilon)
    {
        var regularization = epsilon == 0 ? TridiagonalRegularization.None : TridiagonalRegularization.Relative(epsilon);
        foreach (int size in Sizes)
        {
            for (int count = 0; count <= 70; count++)
            {
                TestSystem[] systems = MakeSystems(size, count, symmetric, seed: (size * 100) + count);
                Batch<float> batch = Batch<float>.Pack(systems, s => s.LowerF, s => s.DiagonalF, s => s.UpperF, s => s.RhsF);
                var statuses = new TridiagonalStatus[count];
                int failures = RunDriver(batch, symmetric, (float)epsilon, twisted: false, statuses);
                Assert.Equal(0, failures);
                for (int i = 0; i < count; i++)
                {
                    Assert.Equal(TridiagonalStatus.Success, statuses[i]);
                    float[] expected = ScalarSolve(systems[i], symmetric, regularization);
                    Assert.Equal(expected, batch.SolutionOf(i));
                }
            }
        }
    }

    [Fact]
    public void Every_vector_width_gives_the_same_bits()
    {
        foreach (bool symmetric in new[] { true, false })
        {
            foreach (int count in new[] { 1, 5, 16, 17, 40, 64, 70 })
            {
                TestSystem[] systems = MakeSystems(33, count, symmetric, seed: count);
                Batch<float> batch = Batch<float>.Pack(systems, s => s.LowerF, s => s.DiagonalF, s => s.UpperF, s => s.RhsF);
                float[] reference = RunWith<ScalarOps<float>, float>(batch, symmetric);
                if (Vector128.IsHardwareAccelerated)
                {
                    Assert.Equal(reference, RunWith<Vector128Ops<float>, Vector128<float>>(batch, symmetric));
                }

                if (Vector256.IsHardwareAccelerated)
                {
                    Assert.Equal(reference, RunWith<Vector256Ops<float>, Vector256<float>>(batch, symmetric));
                }

                if (Vector512.IsHardwareAccelerated)
                {
                    Assert.Equal(reference, RunWith<Vector512Ops<float>, Vector512<float>>(batch, symmetric));
                }
            }
        }
    }

    [Fact]
    public void Double_four_chain_batches_equal_the_scalar_double_solutions()
    {
        foreach (int count in new[] { 0, 1, 7, 8, 9, 23 })
        {
            TestSystem[] systems = MakeSystems(40, count, symmetric: true, seed: count);
            Batch<double> batch = Batch<double>.Pack(systems, s => s.Lower, s => s.Diagonal, s => s.Upper, s => s.Rhs);
            Assert.Equal(0, RunDriver(batch, symmetric: true, 0.0, twisted: false, []));
            for (int i = 0; i < count; i++)
            {
                var expected = new double[40];
                TridiagonalSolver.SolveSymmetric<double>(systems[i].Diagonal, systems[i].OffDiagonal, systems[i].Rhs, new double[40], expected);
                Assert.Equal(expected, batch.SolutionOf(i));
            }
        }
    }

    [Fact]
    public void Failed_systems_are_reported_per_lane_and_leave_their_neighbours_untouched()
    {
        const int size = 20, count = 37;
        TestSystem[] systems = MakeSystems(size, count, symmetric: true, seed: 9);
        systems[0] = ZeroRow(systems[0], 7);
        systems[15] = ZeroRow(systems[15], 0);
        systems[16] = ZeroRow(systems[16], 19);
        systems[36] = ZeroRow(systems[36], 3);
        systems[5] = new TestSystem(systems[5].Lower, systems[5].Diagonal.Select(d => -d).ToArray(), systems[5].Upper, systems[5].Rhs, true);
        double[] rhs = (double[])systems[20].Rhs.Clone();
        rhs[11] = double.NaN;
        systems[20] = new TestSystem(systems[20].Lower, systems[20].Diagonal, systems[20].Upper, rhs, true);
        double[] diagonal = (double[])systems[30].Diagonal.Clone();
        diagonal[4] = double.PositiveInfinity;
        systems[30] = new TestSystem(systems[30].Lower, diagonal, systems[30].Upper, systems[30].Rhs, true);

        Batch<float> batch = Batch<float>.Pack(systems, s => s.LowerF, s => s.DiagonalF, s => s.UpperF, s => s.RhsF);
        var statuses = new TridiagonalStatus[count];
        int failures = BatchedTridiagonalSolver.TrySolveSymmetric(batch.Layout, batch.Diagonal, batch.Upper, batch.Rhs, batch.Scratch, batch.Solution, statuses);
        Assert.Equal(7, failures);
        for (int i = 0; i < count; i++)
        {
            TridiagonalStatus expected = i switch
            {
                0 or 5 or 15 or 16 or 36 => TridiagonalStatus.SingularPivot,
                20 or 30 => TridiagonalStatus.NonFinite,
                _ => TridiagonalStatus.Success,
            };
            Assert.Equal(expected, statuses[i]);
            Assert.Equal(expected, SolverRunner.Run("scalar", systems[i]).Status);
            if (expected == TridiagonalStatus.Success)
            {
                Assert.Equal(ScalarSolve(systems[i], true, default), batch.SolutionOf(i));
            }
        }

        // Without a status span only the count comes back.
        Assert.Equal(7, BatchedTridiagonalSolver.TrySolveSymmetric(batch.Layout, batch.Diagonal, batch.Upper, batch.Rhs, batch.Scratch, batch.Solution, []));
    }

    [Fact]
    public void Garbage_in_the_tail_lanes_is_harmless_and_never_reported()
    {
        TestSystem[] systems = MakeSystems(25, 19, symmetric: true, seed: 4);
        Batch<float> clean = Batch<float>.Pack(systems, s => s.LowerF, s => s.DiagonalF, s => s.UpperF, s => s.RhsF);
        Assert.Equal(0, BatchedTridiagonalSolver.TrySolveSymmetric(clean.Layout, clean.Diagonal, clean.Upper, clean.Rhs, clean.Scratch, clean.Solution, []));
        Batch<float> batch = Batch<float>.Pack(systems, s => s.LowerF, s => s.DiagonalF, s => s.UpperF, s => s.RhsF);
        batch.Layout.FillTail(batch.Diagonal, float.NaN);
        batch.Layout.FillTail(batch.Upper, 0f);
        batch.Layout.FillTail(batch.Rhs, float.PositiveInfinity);
        var statuses = new TridiagonalStatus[19];
        Assert.Equal(0, BatchedTridiagonalSolver.TrySolveSymmetric(batch.Layout, batch.Diagonal, batch.Upper, batch.Rhs, batch.Scratch, batch.Solution, statuses));
        for (int i = 0; i < 19; i++)
        {
            Assert.Equal(clean.SolutionOf(i), batch.SolutionOf(i));
        }
    }

    [Fact]
    public void In_place_batched_solve_equals_the_out_of_place_solve()
    {
        TestSystem[] systems = MakeSystems(31, 21, symmetric: false, seed: 2);
        Batch<float> batch = Batch<float>.Pack(systems, s => s.LowerF, s => s.DiagonalF, s => s.UpperF, s => s.RhsF);
        BatchedTridiagonalSolver.Solve(batch.Layout, batch.Lower, batch.Diagonal, batch.Upper, batch.Rhs, batch.Scratch, batch.Solution);
        BatchedTridiagonalSolver.Solve(batch.Layout, batch.Lower, batch.Diagonal, batch.Upper, batch.Rhs, batch.Scratch, batch.Rhs);
        Assert.Equal(batch.Solution, batch.Rhs);
    }

    [Fact]
    public void Throwing_solve_names_the_first_failed_system_or_the_offending_input()
    {
        TestSystem[] systems = MakeSystems(12, 20, symmetric: true, seed: 3);
        systems[13] = ZeroRow(systems[13], 5);
        Batch<float> batch = Batch<float>.Pack(systems, s => s.LowerF, s => s.DiagonalF, s => s.UpperF, s => s.RhsF);
        var e = Assert.Throws<ArgumentException>(() =>
            BatchedTridiagonalSolver.SolveSymmetric(batch.Layout, batch.Diagonal, batch.Upper, batch.Rhs, batch.Scratch, batch.Solution));
        Assert.Contains("System 13", e.Message, StringComparison.Ordinal);

        batch.Rhs[batch.Layout.IndexOf(4, 9)] = float.NaN;
        e = Assert.Throws<ArgumentException>(() =>
            BatchedTridiagonalSolver.SolveSymmetric(batch.Layout, batch.Diagonal, batch.Upper, batch.Rhs, batch.Scratch, batch.Solution));
        Assert.Equal("rhs", e.ParamName);
        Assert.Contains("system 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("row 9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spans_of_the_wrong_length_and_the_default_layout_are_rejected()
    {
        var layout = new InterleavedLayout<float>(10, 3);
        float[] ok = new float[layout.Length], shortSpan = new float[layout.Length - 1];
        Assert.Equal("diagonal", Assert.Throws<ArgumentException>(() =>
            BatchedTridiagonalSolver.SolveSymmetric(layout, shortSpan, ok, ok.ToArray(), new float[layout.Length], new float[layout.Length])).ParamName);
        Assert.Equal("offDiagonal", Assert.Throws<ArgumentException>(() =>
            BatchedTridiagonalSolver.SolveSymmetric(layout, ok, shortSpan, ok.ToArray(), new float[layout.Length], new float[layout.Length])).ParamName);
        Assert.Equal("scratch", Assert.Throws<ArgumentException>(() =>
            BatchedTridiagonalSolver.Solve(layout, ok, ok, ok, ok.ToArray(), shortSpan, new float[layout.Length])).ParamName);
        Assert.Equal("solution", Assert.Throws<ArgumentException>(() =>
            BatchedTridiagonalSolver.Solve(layout, ok, ok, ok, ok.ToArray(), new float[layout.Length], shortSpan)).ParamName);
        Assert.Equal("statuses", Assert.Throws<ArgumentException>(() =>
            BatchedTridiagonalSolver.TrySolve(layout, ok, ok, ok, ok.ToArray(), new float[layout.Length], new float[layout.Length], new TridiagonalStatus[2])).ParamName);
        Assert.Equal("layout", Assert.Throws<ArgumentException>(() =>
            BatchedTridiagonalSolver.Solve(default, ok, ok, ok, ok, new float[layout.Length], new float[layout.Length])).ParamName);
        Assert.Equal("solution", Assert.Throws<ArgumentException>(() =>
            BatchedTridiagonalSolver.Solve(layout, ok, ok, ok, ok, new float[layout.Length], ok)).ParamName);
    }

    [Fact]
    public void Solving_allocates_nothing()
    {
        TestSystem[] systems = MakeSystems(64, 40, symmetric: true, seed: 1);
        systems[3] = ZeroRow(systems[3], 2);
        Batch<float> batch = Batch<float>.Pack(systems, s => s.LowerF, s => s.DiagonalF, s => s.UpperF, s => s.RhsF);
        var statuses = new TridiagonalStatus[40];
        var regularization = TridiagonalRegularization.Relative(1e-4);
        Assert.Equal(0, SteadyState.Allocations(() => BatchedTridiagonalSolver.TrySolveSymmetric(
            batch.Layout, batch.Diagonal, batch.Upper, batch.Rhs, batch.Scratch, batch.Solution, statuses)));
        Assert.Equal(0, SteadyState.Allocations(() => BatchedTridiagonalSolver.SolveSymmetric(
            batch.Layout, batch.Diagonal, batch.Upper, batch.Rhs, batch.Scratch, batch.Solution, regularization)));
        Assert.Equal(0, SteadyState.Allocations(() => BatchedTridiagonalSolver.TrySolve(
            batch.Layout, batch.Lower, batch.Diagonal, batch.Upper, batch.Rhs, batch.Scratch, batch.Solution, statuses)));
    }

    [Theory]
    [InlineData(false, 0.0)]
    [InlineData(true, 0.0)]
    [InlineData(true, 1e-4)]
    public void Small_batches_solved_from_both_ends_are_backward_stable_on_every_vector_width(bool symmetric, double epsilon)
    {
        foreach (int size in new[] { 3, 4, 5, 6, 7, 16, 33, 256, 257 })
        {
            CheckTwisted<ScalarOps<float>, float>(size, symmetric, (float)epsilon);
            if (Vector128.IsHardwareAccelerated)
            {
                CheckTwisted<Vector128Ops<float>, Vector128<float>>(size, symmetric, (float)epsilon);
            }

            if (Vector256.IsHardwareAccelerated)
            {
                CheckTwisted<Vector256Ops<float>, Vector256<float>>(size, symmetric, (float)epsilon);
            }

            if (Vector512.IsHardwareAccelerated)
            {
                CheckTwisted<Vector512Ops<float>, Vector512<float>>(size, symmetric, (float)epsilon);
            }
        }
    }

    [Fact]
    public void Small_batches_take_the_twisted_path_through_the_public_api_and_every_width_gives_the_same_bits()
    {
        foreach (bool symmetric in new[] { true, false })
        {
            foreach (int count in new[] { 1, 2, 8 })
            {
                TestSystem[] systems = MakeSystems(65, count, symmetric, seed: 70 + count);
                Batch<float> batch = Batch<float>.Pack(systems, s => s.LowerF, s => s.DiagonalF, s => s.UpperF, s => s.RhsF);
                if (symmetric)
                {
                    BatchedTridiagonalSolver.SolveSymmetric(batch.Layout, batch.Diagonal, batch.Upper, batch.Rhs, batch.Scratch, batch.Solution);
                }
                else
                {
                    BatchedTridiagonalSolver.Solve(batch.Layout, batch.Lower, batch.Diagonal, batch.Upper, batch.Rhs, batch.Scratch, batch.Solution);
                }

                float[] viaDriver = (float[])batch.Solution.Clone();
                Array.Clear(batch.Solution);
                Assert.Equal(0, RunDriver(batch, symmetric, 0f, twisted: true, []));
                Assert.Equal(batch.Solution, viaDriver);
                for (int i = 0; i < count; i++)
                {
                    double backward = Oracle.BackwardError(systems[i], batch.SolutionOf(i));
                    Assert.True(backward <= (symmetric ? 8 : 24) * Bounds.FloatU, $"system {i}: {backward / Bounds.FloatU:F2}u");
                }

                if (count <= 2)
                {
                    // At most two systems are at most two chains on every width, scalar included: same lanes, same bits.
                    float[] reference = RunWith<ScalarOps<float>, float>(batch, symmetric, twisted: true);
                    if (Vector128.IsHardwareAccelerated)
                    {
                        Assert.Equal(reference, RunWith<Vector128Ops<float>, Vector128<float>>(batch, symmetric, twisted: true));
                    }

                    if (Vector256.IsHardwareAccelerated)
                    {
                        Assert.Equal(reference, RunWith<Vector256Ops<float>, Vector256<float>>(batch, symmetric, twisted: true));
                    }

                    if (Vector512.IsHardwareAccelerated)
                    {
                        Assert.Equal(reference, RunWith<Vector512Ops<float>, Vector512<float>>(batch, symmetric, twisted: true));
                    }
                }
            }
        }
    }

    [Fact]
    public void Failures_in_small_batches_are_reported_as_the_scalar_solver_reports_them()
    {
        const int size = 21;
        foreach (int row in new[] { 0, 3, 9, 10, 11, 15, 20 })
        {
            TestSystem good = TestSystems.SymmetricDominant(size, 500 + row);
            TestSystem zero = ZeroRow(TestSystems.LeastSquares(size, 600 + row), row);
            TestSystem negative = new(good.Lower, good.Diagonal.Select((d, k) => k == row ? -d : d).ToArray(), good.Upper, good.Rhs, true);
            TestSystem nanRhs = new(good.Lower, good.Diagonal, good.Upper, good.Rhs.Select((b, k) => k == row ? double.NaN : b).ToArray(), true);
            TestSystem infDiagonal = new(good.Lower, good.Diagonal.Select((d, k) => k == row ? double.PositiveInfinity : d).ToArray(), good.Upper, good.Rhs, true);
            foreach (TestSystem bad in new[] { zero, negative, nanRhs, infDiagonal })
            {
                TestSystem[] systems = [good, bad];
                Batch<float> batch = Batch<float>.Pack(systems, s => s.LowerF, s => s.DiagonalF, s => s.UpperF, s => s.RhsF);
                var statuses = new TridiagonalStatus[2];
                int failures = BatchedTridiagonalSolver.TrySolveSymmetric(batch.Layout, batch.Diagonal, batch.Upper, batch.Rhs, batch.Scratch, batch.Solution, statuses);
                TridiagonalStatus expected = SolverRunner.Run("scalar", bad).Status;
                Assert.NotEqual(TridiagonalStatus.Success, expected);
                Assert.Equal(1, failures);
                Assert.Equal(TridiagonalStatus.Success, statuses[0]);
                Assert.Equal(expected, statuses[1]);
                Assert.True(Oracle.BackwardError(good, batch.SolutionOf(0)) <= 8 * Bounds.FloatU);
            }
        }
    }

    private static void CheckTwisted<TOps, TV>(int size, bool symmetric, float epsilon)
        where TOps : ISimdOps<TV, float>
        where TV : struct
    {
        int lanes = TOps.Count;
        foreach (int count in new[] { 1, 2, lanes, (2 * lanes) - 1, 2 * lanes }.Distinct())
        {
            TestSystem[] systems = MakeSystems(size, count, symmetric, seed: (size * 31) + count);
            Batch<float> batch = Batch<float>.Pack(systems, s => s.LowerF, s => s.DiagonalF, s => s.UpperF, s => s.RhsF);
            var statuses = new TridiagonalStatus[count];
            float[] x = RunWith<TOps, TV>(batch, symmetric, twisted: true, epsilon, statuses);
            for (int i = 0; i < count; i++)
            {
                Assert.Equal(TridiagonalStatus.Success, statuses[i]);
                float[] xi = new float[size];
                batch.Layout.UnpackSystem(i, x, xi);

                // σ exactly as the kernel forms it: ε·max|d| in float.
                float maxD = systems[i].DiagonalF.Max(Math.Abs);
                double shift = epsilon == 0 ? 0 : epsilon * maxD;
                double backward = Oracle.BackwardError(systems[i], xi, shift);
                double bound = (symmetric ? 8 : 24) * Bounds.FloatU;
                Assert.True(backward <= bound, $"{typeof(TV).Name}, K = {size}, count {count}, system {i}: backward error {backward / Bounds.FloatU:F2}u");
            }
        }
    }

    private static int RunDriver<T>(Batch<T> batch, bool symmetric, T epsilon, bool twisted, Span<TridiagonalStatus> statuses)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        InterleavedDriver.Run(
            symmetric,
            ref MemoryMarshal.GetArrayDataReference(symmetric ? batch.Upper : batch.Lower),
            ref MemoryMarshal.GetArrayDataReference(batch.Diagonal),
            ref MemoryMarshal.GetArrayDataReference(batch.Upper),
            ref MemoryMarshal.GetArrayDataReference(batch.Rhs),
            ref MemoryMarshal.GetArrayDataReference(batch.Scratch),
            ref MemoryMarshal.GetArrayDataReference(batch.Solution),
            batch.Layout.GroupCount,
            batch.Layout.Size,
            batch.Layout.GroupWidth,
            batch.Layout.SystemCount,
            epsilon,
            T.PositiveInfinity,
            statuses,
            twisted);

    internal static TestSystem[] MakeSystems(int size, int count, bool symmetric, int seed)
    {
        var systems = new TestSystem[count];
        for (int i = 0; i < count; i++)
        {
            systems[i] = symmetric
                ? (i % 2 == 0 ? TestSystems.LeastSquares(size, seed * 1000 + i) : TestSystems.SymmetricDominant(size, seed * 1000 + i))
                : TestSystems.GeneralDominant(size, seed * 1000 + i);
        }

        return systems;
    }

    private static float[] ScalarSolve(TestSystem s, bool symmetric, TridiagonalRegularization regularization)
    {
        var x = new float[s.Size];
        if (symmetric)
        {
            TridiagonalSolver.SolveSymmetric<float>(s.DiagonalF, s.OffDiagonalF, s.RhsF, new float[s.Size], x, regularization);
        }
        else
        {
            TridiagonalSolver.Solve<float>(s.LowerF, s.DiagonalF, s.UpperF, s.RhsF, new float[s.Size], x);
        }

        return x;
    }

    private static TestSystem ZeroRow(TestSystem s, int row)
    {
        double[] lower = (double[])s.Lower.Clone(), diagonal = (double[])s.Diagonal.Clone(), upper = (double[])s.Upper.Clone(), rhs = (double[])s.Rhs.Clone();
        diagonal[row] = 0;
        lower[row] = upper[row] = rhs[row] = 0;
        if (row > 0)
        {
            upper[row - 1] = 0;
        }

        if (row < s.Size - 1)
        {
            lower[row + 1] = 0;
        }

        return new TestSystem(lower, diagonal, upper, rhs, s.Symmetric);
    }

    private static float[] RunWith<TOps, TV>(
        Batch<float> batch, bool symmetric, bool twisted = false, float epsilon = 0f, Span<TridiagonalStatus> statuses = default)
        where TOps : ISimdOps<TV, float>
        where TV : struct
    {
        float[] solution = new float[batch.Layout.Length], scratch = new float[batch.Layout.Length];
        InterleavedDriver.Run<TOps, TV, float>(
            symmetric,
            ref MemoryMarshal.GetArrayDataReference(batch.Lower),
            ref MemoryMarshal.GetArrayDataReference(batch.Diagonal),
            ref MemoryMarshal.GetArrayDataReference(batch.Upper),
            ref MemoryMarshal.GetArrayDataReference(batch.Rhs),
            ref MemoryMarshal.GetArrayDataReference(scratch),
            ref MemoryMarshal.GetArrayDataReference(solution),
            batch.Layout.GroupCount,
            batch.Layout.Size,
            batch.Layout.GroupWidth,
            batch.Layout.SystemCount,
            epsilon,
            float.PositiveInfinity,
            statuses,
            twisted);
        return solution;
    }
}

/// <summary>A packed batch with its buffers.</summary>
internal sealed class Batch<T>
    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    private Batch(InterleavedLayout<T> layout)
    {
        Layout = layout;
        Lower = new T[layout.Length];
        Diagonal = new T[layout.Length];
        Upper = new T[layout.Length];
        Rhs = new T[layout.Length];
        Scratch = new T[layout.Length];
        Solution = new T[layout.Length];
    }

    public InterleavedLayout<T> Layout { get; }

    public T[] Lower { get; }

    public T[] Diagonal { get; }

    public T[] Upper { get; }

    public T[] Rhs { get; }

    public T[] Scratch { get; }

    public T[] Solution { get; }

    public static Batch<T> Pack(
        TestSystem[] systems, Func<TestSystem, T[]> lower, Func<TestSystem, T[]> diagonal, Func<TestSystem, T[]> upper, Func<TestSystem, T[]> rhs)
    {
        int size = systems.Length > 0 ? systems[0].Size : 1;
        var batch = new Batch<T>(new InterleavedLayout<T>(size, systems.Length));
        batch.Layout.Pack(systems.SelectMany(lower).ToArray(), batch.Lower, T.Zero);
        batch.Layout.Pack(systems.SelectMany(diagonal).ToArray(), batch.Diagonal, T.One);
        batch.Layout.Pack(systems.SelectMany(upper).ToArray(), batch.Upper, T.Zero);
        batch.Layout.Pack(systems.SelectMany(rhs).ToArray(), batch.Rhs, T.Zero);
        return batch;
    }

    public T[] SolutionOf(int system)
    {
        var x = new T[Layout.Size];
        Layout.UnpackSystem(system, Solution, x);
        return x;
    }
}

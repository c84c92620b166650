using Phase.Solvers;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>Argument validation, non-finite inputs and allocation behaviour of <see cref="TridiagonalSolver"/>.</summary>
[KernelTest]
public sealed class ScalarSolverApiTests
{
    [Fact]
    public void Empty_system_is_rejected()
    {
        var e = Assert.Throws<ArgumentException>(() => TridiagonalSolver.Solve<float>([], [], [], [], [], []));
        Assert.Equal("diagonal", e.ParamName);
        Assert.Contains("K ≥ 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TridiagonalSolver.TrySolveSymmetric<float>([], [], [], [], []));
    }

    [Fact]
    public void Spans_of_the_wrong_length_are_rejected_by_name()
    {
        float[] five = new float[5], four = new float[4];
        Assert.Equal("lower", Assert.Throws<ArgumentException>(() => TridiagonalSolver.Solve<float>(four, five, five, five, new float[5], new float[5])).ParamName);
        Assert.Equal("upper", Assert.Throws<ArgumentException>(() => TridiagonalSolver.Solve<float>(five, five, four, five, new float[5], new float[5])).ParamName);
        Assert.Equal("rhs", Assert.Throws<ArgumentException>(() => TridiagonalSolver.Solve<float>(five, five, five, four, new float[5], new float[5])).ParamName);
        Assert.Equal("scratch", Assert.Throws<ArgumentException>(() => TridiagonalSolver.Solve<float>(five, five, five, five, new float[4], new float[5])).ParamName);
        Assert.Equal("solution", Assert.Throws<ArgumentException>(() => TridiagonalSolver.Solve<float>(five, five, five, five, new float[5], new float[6])).ParamName);
        Assert.Equal("offDiagonal", Assert.Throws<ArgumentException>(() => TridiagonalSolver.SolveSymmetric<float>(five, five, five, new float[5], new float[5])).ParamName);
        var e = Assert.Throws<ArgumentException>(() => TridiagonalSolver.SolveSymmetric<float>(five, four, four, new float[5], new float[5]));
        Assert.Equal("rhs", e.ParamName);
        Assert.Contains("K = 5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_buffers_are_rejected_except_an_exactly_in_place_solution()
    {
        float[] d = [2, 2, 2, 2], e = [1, 1, 1];
        float[] shared = new float[9];
        Assert.Equal("solution", Assert.Throws<ArgumentException>(() =>
            TridiagonalSolver.SolveSymmetric<float>(d, e, shared.AsSpan(0, 4), new float[4], shared.AsSpan(2, 4))).ParamName);
        Assert.Equal("solution", Assert.Throws<ArgumentException>(() =>
            TridiagonalSolver.SolveSymmetric<float>(d, e, [1, 1, 1, 1], new float[4], d)).ParamName);
        Assert.Equal("scratch", Assert.Throws<ArgumentException>(() =>
            TridiagonalSolver.SolveSymmetric<float>(d, e, shared.AsSpan(0, 4), shared.AsSpan(3, 4), new float[4])).ParamName);
        Assert.Equal("solution", Assert.Throws<ArgumentException>(() =>
            TridiagonalSolver.SolveSymmetric<float>(d, e, [1, 1, 1, 1], shared.AsSpan(0, 4), shared.AsSpan(2, 4))).ParamName);

        // Exactly in place is allowed.
        float[] rhs = [1, 1, 1, 1];
        TridiagonalSolver.SolveSymmetric<float>(d, e, rhs, new float[4], rhs);
    }

    public static TheoryData<string, int> NonFiniteInputs() => new()
    {
        { "diagonal", 0 }, { "diagonal", 6 }, { "offDiagonal", 3 }, { "rhs", 0 }, { "rhs", 9 },
        { "lower", 5 }, { "upper", 2 },
    };

    [Theory]
    [MemberData(nameof(NonFiniteInputs))]
    public void Non_finite_input_is_a_status_for_TrySolve_and_a_named_error_for_Solve(string parameter, int index)
    {
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            TestSystem s = Case.Get(parameter is "lower" or "upper" ? SystemKind.GeneralDominant : SystemKind.LeastSquares, 10).System;
            float[] lower = s.LowerF, d = s.DiagonalF, upper = s.UpperF, e = s.OffDiagonalF, b = s.RhsF;
            float[] target = parameter switch { "diagonal" => d, "offDiagonal" => e, "rhs" => b, "lower" => lower, _ => upper };
            target[index] = bad;
            var x = new float[10];
            var scratch = new float[10];
            var solver = new PartitionedTridiagonalSolver<float>(10, 4);
            if (parameter is "lower" or "upper")
            {
                Assert.Equal(TridiagonalStatus.NonFinite, TridiagonalSolver.TrySolve<float>(lower, d, upper, b, scratch, x));
                Assert.Equal(TridiagonalStatus.NonFinite, solver.TrySolve(lower, d, upper, b, x));
                var ex = Assert.Throws<ArgumentException>(() => TridiagonalSolver.Solve<float>(lower, d, upper, b, scratch, x));
                Assert.Equal(parameter, ex.ParamName);
                Assert.Contains($"[{index - (parameter == "lower" ? 1 : 0)}]", ex.Message, StringComparison.Ordinal);
                continue;
            }

            Assert.Equal(TridiagonalStatus.NonFinite, TridiagonalSolver.TrySolveSymmetric<float>(d, e, b, scratch, x));
            Assert.Equal(TridiagonalStatus.NonFinite, solver.TrySolveSymmetric(d, e, b, x));
            Assert.Equal(TridiagonalStatus.NonFinite, TridiagonalSolver.TrySolveSymmetric<float>(d, e, b, scratch, x, TridiagonalRegularization.Relative(1e-4)));
            var error = Assert.Throws<ArgumentException>(() => TridiagonalSolver.SolveSymmetric<float>(d, e, b, scratch, x));
            Assert.Equal(parameter, error.ParamName);
            Assert.Contains($"[{index}]", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Overflowing_solution_is_reported_as_non_finite()
    {
        float[] d = [0.5f, 0.5f], e = [0f], b = [3e38f, 1f];
        var x = new float[2];
        Assert.Equal(TridiagonalStatus.NonFinite, TridiagonalSolver.TrySolveSymmetric<float>(d, e, b, new float[2], x));
        var error = Assert.Throws<ArgumentException>(() => TridiagonalSolver.SolveSymmetric<float>(d, e, b, new float[2], x));
        Assert.Contains("overflowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_pivot_of_a_general_system_is_reported_with_its_row()
    {
        // Row 2 is zero: d₂ = a₂ = c₂ = 0.
        float[] lower = [0, 1, 0, 1], d = [4, 4, 0, 4], upper = [1, 0, 0, 0], b = [1, 1, 0, 1];
        var x = new float[4];
        Assert.Equal(TridiagonalStatus.SingularPivot, TridiagonalSolver.TrySolve<float>(lower, d, upper, b, new float[4], x));
        var error = Assert.Throws<ArgumentException>(() => TridiagonalSolver.Solve<float>(lower, d, upper, b, new float[4], x));
        Assert.Contains("at row 2", error.Message, StringComparison.Ordinal);
        Assert.Equal("diagonal", error.ParamName);
    }

    [Fact]
    public void Pivot_tolerance_is_two_to_the_ten_units_of_roundoff()
    {
        Assert.Equal(MathF.Pow(2, -14), TridiagonalSolver.GetPivotTolerance<float>());
        Assert.Equal(Math.Pow(2, -43), TridiagonalSolver.GetPivotTolerance<double>());
    }

    [Fact]
    public void One_by_one_system_is_a_division()
    {
        var x = new float[1];
        TridiagonalSolver.SolveSymmetric<float>([4f], [], [2f], new float[1], x);
        Assert.Equal(0.5f, x[0]);
        TridiagonalSolver.Solve<float>([9f], [-8f], [7f], [2f], new float[1], x);
        Assert.Equal(-0.25f, x[0]);
    }

    [Fact]
    public void Solving_allocates_nothing_on_success_or_failure()
    {
        TestSystem s = Case.Get(SystemKind.LeastSquares, 513).System;
        TestSystem g = Case.Get(SystemKind.GeneralDominant, 513).System;
        float[] d = s.DiagonalF, e = s.OffDiagonalF, b = s.RhsF, x = new float[513], scratch = new float[513], zeros = new float[513];
        float[] lo = g.LowerF, dg = g.DiagonalF, up = g.UpperF, bg = g.RhsF;
        double[] dd = s.Diagonal, ed = s.OffDiagonal, bd = s.Rhs, xd = new double[513], sd = new double[513];
        var regularization = TridiagonalRegularization.Relative(1e-4);
        Assert.Equal(0, SteadyState.Allocations(() => TridiagonalSolver.SolveSymmetric<float>(d, e, b, scratch, x)));
        Assert.Equal(0, SteadyState.Allocations(() => TridiagonalSolver.SolveSymmetric<float>(d, e, b, scratch, x, regularization)));
        Assert.Equal(0, SteadyState.Allocations(() => TridiagonalSolver.Solve<float>(lo, dg, up, bg, scratch, x)));
        Assert.Equal(0, SteadyState.Allocations(() => TridiagonalSolver.SolveSymmetric<double>(dd, ed, bd, sd, xd)));
        Assert.Equal(0, SteadyState.Allocations(() => TridiagonalSolver.TrySolveSymmetric<float>(zeros, zeros.AsSpan(0, 512), zeros, scratch, x)));
    }
}

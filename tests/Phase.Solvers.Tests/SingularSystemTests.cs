using Phase.Solvers;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>
/// Near-singular and singular symmetric positive semidefinite systems, as the least-squares phase integration produces
/// them: tiny time weights α over frequency-connected (β) runs, bins with no weight at all, silent frames — with and
/// without <see cref="TridiagonalRegularization"/>.
/// </summary>
[KernelTest]
public sealed class SingularSystemTests
{
    public static TheoryData<string> Solvers() => [.. SolverRunner.All.Where(s => s != "scalar-general")];

    public static readonly int[] Sizes = [2, 3, 5, 17, 40, 64, 257, 513];

    /// <summary>LS weights over 20 dB with α scaled by 10⁻³: cond(A) up to ~10⁵, every pivot well above ρ·d_k.</summary>
    [Theory]
    [MemberData(nameof(Solvers))]
    public void Near_singular_least_squares_systems_solve_to_their_conditioning(string solver)
    {
        foreach (int size in Sizes)
        {
            TestSystem s = TestSystems.LeastSquares(size, seed: 7, dynamicRangeDb: 20, alphaScale: 1e-3);
            (TridiagonalStatus status, float[] x) = SolverRunner.Run(solver, s);
            Assert.Equal(TridiagonalStatus.Success, status);
            double omega = Bounds.BackwardFactor(solver, size, false) * Bounds.FloatU;
            Assert.True(Oracle.BackwardError(s, x) <= omega, $"K = {size}");
            double forward = Oracle.ForwardError(x, Oracle.Solve(s));
            double bound = Oracle.ForwardErrorBound(s, x, omega);
            Assert.True(forward <= bound + 1e-12, $"K = {size}: forward error {forward:E3} > {bound:E3}");
        }
    }

    /// <summary>A run of bins with α = 0 joined by β = 1 is an exactly singular block (a path Laplacian: its final pivot
    /// is exactly 0 in floating point too). Without regularisation every solver must report it.</summary>
    [Theory]
    [MemberData(nameof(Solvers))]
    public void Exactly_singular_run_is_reported_without_regularisation(string solver)
    {
        foreach (int size in Sizes.Where(k => k >= 3))
        {
            TestSystem s = WithSingularRun(size, seed: 3);
            (TridiagonalStatus status, _) = SolverRunner.Run(solver, s);
            Assert.Equal(TridiagonalStatus.SingularPivot, status);
        }
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Regularisation_solves_the_shifted_system_exactly_as_the_dense_solve_does(string solver)
    {
        foreach (double epsilon in new[] { 1e-5, 1e-4, 1e-2 })
        {
            foreach (int size in Sizes.Where(k => k >= 3))
            {
                TestSystem s = WithSingularRun(size, seed: 3);
                var regularization = TridiagonalRegularization.Relative(epsilon);
                double sigma = (float)epsilon * (float)s.Diagonal.Max(Math.Abs);
                (TridiagonalStatus status, float[] x) = SolverRunner.Run(solver, s, regularization);
                Assert.Equal(TridiagonalStatus.Success, status);
                double omega = Bounds.BackwardFactor(solver, size, false) * Bounds.FloatU;
                Assert.True(Oracle.BackwardError(s, x, sigma) <= omega, $"ε = {epsilon}, K = {size}");
                double forward = Oracle.ForwardError(x, Oracle.Solve(s, sigma));
                double bound = Oracle.ForwardErrorBound(s, x, omega, sigma);
                Assert.True(forward <= bound + 1e-12, $"ε = {epsilon}, K = {size}: forward error {forward:E3} > {bound:E3}");
            }
        }
    }

    /// <summary>Runs with α = 0 and random β are singular too, but rounding leaves their final pivot at noise level, so the
    /// pivot test cannot always see it. What must hold: either the solver reports it, or its answer is backward stable
    /// (a solution of a system within the asserted backward error of A) — never a silently wrong answer.</summary>
    [Theory]
    [MemberData(nameof(Solvers))]
    public void Singular_runs_with_random_weights_are_reported_or_solved_backward_stably(string solver)
    {
        int reported = 0, total = 0;
        foreach (int size in Sizes.Where(k => k >= 3))
        {
            for (int seed = 1; seed <= 10; seed++)
            {
                TestSystem s = WithSingularRun(size, seed, randomBeta: true);
                (TridiagonalStatus status, float[] x) = SolverRunner.Run(solver, s);
                total++;
                if (status == TridiagonalStatus.SingularPivot)
                {
                    reported++;
                    continue;
                }

                Assert.Equal(TridiagonalStatus.Success, status);
                double omega = Bounds.BackwardFactor(solver, size, false) * Bounds.FloatU;
                double backward = Oracle.BackwardError(s, x);
                Assert.True(backward <= omega, $"K = {size}, seed {seed}: backward error {backward / Bounds.FloatU:F1}u");
            }
        }

        Assert.True(reported > 0, "no singular run was reported at all");
    }

    /// <summary>Bins with α = β = 0 on both sides are zero rows: <c>0·x_k = 0</c>.</summary>
    [Theory]
    [MemberData(nameof(Solvers))]
    public void Zero_weight_rows_are_singular_and_regularise_to_zero(string solver)
    {
        foreach (int size in Sizes)
        {
            TestSystem s = WithZeroRows(size, seed: 5);
            Assert.Equal(TridiagonalStatus.SingularPivot, SolverRunner.Run(solver, s).Status);

            var regularization = TridiagonalRegularization.Relative(1e-4);
            double sigma = 1e-4f * (float)s.Diagonal.Max(Math.Abs);
            (TridiagonalStatus status, float[] x) = SolverRunner.Run(solver, s, regularization);
            Assert.Equal(TridiagonalStatus.Success, status);
            for (int k = 0; k < size; k++)
            {
                if (s.Diagonal[k] == 0)
                {
                    Assert.Equal(0f, x[k]);
                }
            }

            double omega = Bounds.BackwardFactor(solver, size, false) * Bounds.FloatU;
            Assert.True(Oracle.BackwardError(s, x, sigma) <= omega, $"K = {size}");
            double forward = Oracle.ForwardError(x, Oracle.Solve(s, sigma));
            Assert.True(forward <= Oracle.ForwardErrorBound(s, x, omega, sigma) + 1e-12, $"K = {size}");
        }
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Silent_frame_is_singular_and_regularises_to_zero(string solver)
    {
        foreach (int size in new[] { 1, 2, 17, 513 })
        {
            var zeros = new double[size];
            var s = new TestSystem(zeros, zeros, zeros, zeros, symmetric: true);
            Assert.Equal(TridiagonalStatus.SingularPivot, SolverRunner.Run(solver, s).Status);
            (TridiagonalStatus status, float[] x) = SolverRunner.Run(solver, s, TridiagonalRegularization.Relative(1e-5));
            Assert.Equal(TridiagonalStatus.Success, status);
            Assert.All(x, v => Assert.Equal(0f, v));
        }
    }

    [Fact]
    public void Indefinite_symmetric_matrix_is_not_positive_definite_for_the_scalar_solver()
    {
        // A negative pivot is rejected by the LDLᵀ test even though the matrix is non-singular.
        double[] d = [1, -3, 2, 1], e = [1, 1, 1, 0];
        var s = new TestSystem([0, 1, 1, 1], d, e, [1, 1, 1, 1], symmetric: true);
        Assert.Equal(TridiagonalStatus.SingularPivot, SolverRunner.Run("scalar", s).Status);

        // The general form pivots the same numbers without the sign requirement and solves it.
        (TridiagonalStatus status, float[] x) = SolverRunner.Run("scalar-general", s);
        Assert.Equal(TridiagonalStatus.Success, status);
        Assert.True(Oracle.ForwardError(x, Oracle.Solve(s)) < 1e-5);
    }

    [Fact]
    public void Throwing_solve_names_the_row_of_the_failed_pivot()
    {
        TestSystem s = WithSingularRun(40, seed: 3);
        var x = new float[40];
        var e = Assert.Throws<ArgumentException>(
            () => TridiagonalSolver.SolveSymmetric<float>(s.DiagonalF, s.OffDiagonalF, s.RhsF, new float[40], x));
        Assert.Equal("diagonal", e.ParamName);
        Assert.Contains("at row", e.Message, StringComparison.Ordinal);
        Assert.Contains("TridiagonalRegularization", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new PartitionedTridiagonalSolver<float>(40, 4).SolveSymmetric(s.DiagonalF, s.OffDiagonalF, s.RhsF, x));
    }

    /// <summary>LS system (20 dB of weights) with a run [K/3, 2K/3] of α = 0: β = 1 inside (or random), 0 on its two
    /// boundary edges, so the run's block is a path Laplacian, singular; the right-hand side is consistent (it sums to
    /// zero over the run, as the normal equations' right-hand side does).</summary>
    private static TestSystem WithSingularRun(int size, int seed, bool randomBeta = false)
    {
        var rng = new Random(seed);
        int start = size / 3, end = Math.Max(start + 2, 2 * size / 3);
        end = Math.Min(end, size - 1);
        var alpha = new double[size];
        var beta = new double[size - 1];
        for (int k = 0; k < size; k++)
        {
            alpha[k] = k >= start && k <= end ? 0 : 0.1 + rng.NextDouble();
        }

        for (int k = 0; k < size - 1; k++)
        {
            bool inside = k >= start && k < end;
            bool boundary = k == start - 1 || k == end;
            beta[k] = boundary ? 0 : inside ? (randomBeta ? (float)(0.01 + rng.NextDouble()) : 1) : 0.1 + rng.NextDouble();
        }

        double[] rhs = TestSystems.RandomRhs(size, rng);
        double mean = 0;
        for (int k = start; k <= end; k++)
        {
            mean += rhs[k];
        }

        mean /= end - start + 1;
        for (int k = start; k <= end; k++)
        {
            rhs[k] = (float)(rhs[k] - mean);
        }

        return TestSystems.FromWeights(alpha, beta, rhs);
    }

    /// <summary>LS system with every fifth bin (and the first) cut off entirely: α_k = β_{k−1} = β_k = 0, b_k = 0.</summary>
    private static TestSystem WithZeroRows(int size, int seed)
    {
        var rng = new Random(seed);
        var alpha = new double[size];
        var beta = new double[size - 1];
        var rhs = TestSystems.RandomRhs(size, rng);
        for (int k = 0; k < size; k++)
        {
            alpha[k] = k % 5 == 0 ? 0 : 0.1 + rng.NextDouble();
            if (k % 5 == 0)
            {
                rhs[k] = 0;
            }
        }

        for (int k = 0; k < size - 1; k++)
        {
            beta[k] = k % 5 == 0 || (k + 1) % 5 == 0 ? 0 : 0.1 + rng.NextDouble();
        }

        return TestSystems.FromWeights(alpha, beta, rhs);
    }
}

using Phase.Solvers;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>
/// The systems the streaming phase integration actually solves: least-squares frames with magnitudes over 60 dB and
/// silent runs (α = 0), regularised. Cyclic reduction is forward accurate but not backward stable on such
/// ill-conditioned systems, so the partitioned solver refines once; these tests check that it then certifies without
/// falling back to the scalar algorithm, and that the answer meets the same bounds as everywhere else.
/// </summary>
[KernelTest]
public sealed class RegularisedFrameTests
{
    [Theory]
    [InlineData(257, 1e-5)]
    [InlineData(257, 1e-4)]
    [InlineData(513, 1e-5)]
    [InlineData(513, 1e-4)]
    [InlineData(2049, 1e-5)]
    [InlineData(2049, 1e-4)]
    public void Partitioned_solver_refines_instead_of_falling_back_on_regularised_frames(int size, double epsilon)
    {
        var solver = new PartitionedTridiagonalSolver<float>(size, 16);
        var regularization = TridiagonalRegularization.Relative(epsilon);
        int refined = 0;
        for (int seed = 0; seed < 12; seed++)
        {
            TestSystem s = Frame(size, seed);
            var x = new float[size];
            Assert.Equal(TridiagonalStatus.Success, solver.TrySolveSymmetric(s.DiagonalF, s.OffDiagonalF, s.RhsF, x, regularization));
            Assert.False(solver.FellBack, $"seed {seed}: fell back to the scalar solver");
            refined += solver.Refined ? 1 : 0;

            double sigma = (float)epsilon * (float)s.Diagonal.Max(Math.Abs);
            double omega = 8 * (1 + 4) * Bounds.FloatU;
            Assert.True(Oracle.BackwardError(s, x, sigma) <= omega, $"seed {seed}: backward error {Oracle.BackwardError(s, x, sigma) / Bounds.FloatU:F1}u");
            // One reference factorisation of A + σI serves both reference solves.
            Func<double[], double[]> reference = size <= Oracle.DenseLimit
                ? v => Oracle.Solve(s, sigma, v)
                : new Oracle.SparseSolver(s, sigma).Solve;
            double forward = Oracle.ForwardError(x, reference(s.Rhs));
            double bound = Oracle.ForwardErrorBound(s, x, omega, sigma, reference);
            Assert.True(forward <= bound + 1e-12, $"seed {seed}: forward error {forward:E3} > {bound:E3}");
        }

        Assert.True(refined > 0, "the refinement step was never exercised");
    }

    [Fact]
    public void Refined_frames_solve_without_allocating()
    {
        TestSystem s = Frame(513, 3);
        float[] d = s.DiagonalF, e = s.OffDiagonalF, b = s.RhsF, x = new float[513];
        var solver = new PartitionedTridiagonalSolver<float>(513, 16);
        var regularization = TridiagonalRegularization.Relative(1e-4);
        solver.SolveSymmetric(d, e, b, x, regularization);
        Assert.True(solver.Refined);
        Assert.Equal(0, SteadyState.Allocations(() => solver.SolveSymmetric(d, e, b, x, regularization)));
    }

    /// <summary>Magnitudes log-uniform over 60 dB, four silent runs (α = 0) of random length up to K/4; weights
    /// α_k = m_k², β_k = m_k m_{k+1}; right-hand side scaled like the diagonal.</summary>
    internal static TestSystem Frame(int size, int seed)
    {
        var rng = new Random(seed);
        var magnitude = new double[size];
        for (int k = 0; k < size; k++)
        {
            magnitude[k] = Math.Pow(10, -3 * rng.NextDouble());
        }

        var silent = new bool[size];
        for (int run = 0; run < 4; run++)
        {
            int start = rng.Next(size), length = rng.Next(1, size / 4);
            for (int k = start; k < Math.Min(size, start + length); k++)
            {
                silent[k] = true;
            }
        }

        var alpha = new double[size];
        var beta = new double[size - 1];
        for (int k = 0; k < size; k++)
        {
            alpha[k] = silent[k] ? 0 : magnitude[k] * magnitude[k];
        }

        for (int k = 0; k < size - 1; k++)
        {
            beta[k] = magnitude[k] * magnitude[k + 1];
        }

        var rhs = new double[size];
        for (int k = 0; k < size; k++)
        {
            rhs[k] = (2 * rng.NextDouble() - 1) * (alpha[k] + (k > 0 ? beta[k - 1] : 0) + (k < size - 1 ? beta[k] : 0));
        }

        return TestSystems.FromWeights(alpha, beta, rhs);
    }
}

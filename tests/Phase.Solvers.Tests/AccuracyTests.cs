using Phase.Solvers;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>Every solver against MathNet's dense LU solve in double (for K = 4097, where a dense solve takes minutes,
/// MathNet's sparse ILU(0), an exact LU for a tridiagonal matrix) on seeded random systems of every kind,
/// K = 1 … 40 and 64, 257, 513, 1025, 4097.</summary>
[KernelTest]
public sealed class AccuracyTests
{
    public static readonly int[] Sizes = [.. Enumerable.Range(1, 40), 64, 257, 513, 1025, 4097];

    public static TheoryData<string, SystemKind> SolversAndKinds()
    {
        var data = new TheoryData<string, SystemKind>();
        foreach (string solver in SolverRunner.All)
        {
            foreach (SystemKind kind in Enum.GetValues<SystemKind>())
            {
                data.Add(solver, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SolversAndKinds))]
    public void Solution_has_a_small_backward_error_and_matches_the_dense_solve(string solver, SystemKind kind)
    {
        int fallbacks = 0;
        foreach (int size in Sizes)
        {
            Case c = Case.Get(kind, size);
            (TridiagonalStatus status, float[] x) = SolverRunner.Run(solver, c.System, out bool fellBack);
            Assert.Equal(TridiagonalStatus.Success, status);
            fallbacks += fellBack ? 1 : 0;

            double omega = Bounds.BackwardFactor(solver, size, kind == SystemKind.GeneralDominant) * Bounds.FloatU;
            double backward = Oracle.BackwardError(c.System, x);
            Assert.True(backward <= omega, $"K = {size}: backward error {backward / Bounds.FloatU:F2}u > {omega / Bounds.FloatU}u");

            double bound = c.ForwardErrorBound(x, omega);
            if (!double.IsNaN(bound))
            {
                double forward = Oracle.ForwardError(x, c.Solution);
                Assert.True(forward <= bound + 1e-12, $"K = {size}: forward error {forward:E3} > bound {bound:E3}");
            }
        }

        // The partitioned path itself must be what was checked: on diagonally dominant and least-squares systems its
        // certificate never rejects; on non-dominant SPD systems it may (then the scalar algorithm answered).
        if (kind != SystemKind.SymmetricPositiveDefinite)
        {
            Assert.Equal(0, fallbacks);
        }
        else
        {
            Assert.True(fallbacks < Sizes.Length / 2, $"{fallbacks} of {Sizes.Length} sizes fell back to the scalar solver");
        }
    }

    [Theory]
    [MemberData(nameof(SolversAndKinds))]
    public void Relative_residual_is_at_rounding_level(string solver, SystemKind kind)
    {
        // ‖b − Ax̂‖₂/‖b‖₂ ≤ ω‖|A||x̂|‖₂/‖b‖₂: a normwise consequence of the backward error bound, reported as the
        // residual callers usually look at.
        foreach (int size in new[] { 1, 2, 3, 31, 257, 513 })
        {
            Case c = Case.Get(kind, size);
            (_, float[] x) = SolverRunner.Run(solver, c.System);
            double omega = Bounds.BackwardFactor(solver, size, kind == SystemKind.GeneralDominant) * Bounds.FloatU;
            double scale = 0, bNorm = 0;
            for (int k = 0; k < size; k++)
            {
                double ax = Math.Abs(c.System.Diagonal[k] * x[k]) + (k > 0 ? Math.Abs(c.System.Lower[k] * x[k - 1]) : 0) +
                            (k < size - 1 ? Math.Abs(c.System.Upper[k] * x[k + 1]) : 0);
                scale += ax * ax;
                bNorm += c.System.Rhs[k] * c.System.Rhs[k];
            }

            double allowed = omega * Math.Sqrt(scale / bNorm);
            double residual = Oracle.RelativeResidual(c.System, x);
            Assert.True(residual <= allowed, $"K = {size}: ‖b − Ax̂‖/‖b‖ = {residual:E3} > {allowed:E3}");
        }
    }

    [Theory]
    [InlineData(SystemKind.LeastSquares)]
    [InlineData(SystemKind.GeneralDominant)]
    public void Double_precision_solvers_reach_double_rounding_level(SystemKind kind)
    {
        foreach (int size in new[] { 1, 2, 7, 40, 257, 1025 })
        {
            TestSystem s = Case.Get(kind, size).System;
            double[] reference = Case.Get(kind, size).Solution;
            var results = new List<(string Name, double[] X, double Factor)>();

            var x = new double[size];
            var scratch = new double[size];
            if (s.Symmetric)
            {
                TridiagonalSolver.SolveSymmetric<double>(s.Diagonal, s.OffDiagonal, s.Rhs, scratch, x);
            }
            else
            {
                TridiagonalSolver.Solve<double>(s.Lower, s.Diagonal, s.Upper, s.Rhs, scratch, x);
            }

            results.Add(("scalar", x, s.Symmetric ? 8 : 24));

            var solver = new PartitionedTridiagonalSolver<double>(size, 8);
            var xp = new double[size];
            if (s.Symmetric)
            {
                solver.SolveSymmetric(s.Diagonal, s.OffDiagonal, s.Rhs, xp);
            }
            else
            {
                solver.Solve(s.Lower, s.Diagonal, s.Upper, s.Rhs, xp);
            }

            results.Add(("partitioned-8", xp, 8 * (1 + 3)));

            var layout = new InterleavedLayout<double>(size, 11);
            double[] lo = new double[layout.Length], d = new double[layout.Length], up = new double[layout.Length],
                b = new double[layout.Length], xb = new double[layout.Length], sb = new double[layout.Length];
            for (int i = 0; i < 11; i++)
            {
                layout.PackSystem(i, s.Lower, lo);
                layout.PackSystem(i, s.Diagonal, d);
                layout.PackSystem(i, s.Upper, up);
                layout.PackSystem(i, s.Rhs, b);
            }

            layout.FillTail(d, 1);
            if (s.Symmetric)
            {
                BatchedTridiagonalSolver.SolveSymmetric(layout, d, up, b, sb, xb);
            }
            else
            {
                BatchedTridiagonalSolver.Solve(layout, lo, d, up, b, sb, xb);
            }

            var x10 = new double[size];
            layout.UnpackSystem(10, xb, x10);
            results.Add(("batched", x10, s.Symmetric ? 8 : 24));

            foreach ((string name, double[] xr, double factor) in results)
            {
                double backward = Oracle.BackwardError(s, xr);
                Assert.True(backward <= factor * Bounds.DoubleU, $"{name}, K = {size}: backward error {backward / Bounds.DoubleU:F2}u");

                // Forward: the reference itself carries an error of order u·cond in double.
                double num = 0, den = 0;
                for (int k = 0; k < size; k++)
                {
                    num = Math.Max(num, Math.Abs(xr[k] - reference[k]));
                    den = Math.Max(den, Math.Abs(reference[k]));
                }

                Assert.True(num / den <= 1e-9, $"{name}, K = {size}: forward error {num / den:E3}");
            }
        }
    }

    [Fact]
    public void In_place_solve_equals_the_out_of_place_solve()
    {
        foreach (SystemKind kind in Enum.GetValues<SystemKind>())
        {
            TestSystem s = Case.Get(kind, 513).System;
            float[] expected = SolverRunner.Run("scalar", s).X;
            float[] inPlace = s.RhsF;
            var scratch = new float[513];
            if (s.Symmetric)
            {
                TridiagonalSolver.SolveSymmetric<float>(s.DiagonalF, s.OffDiagonalF, inPlace, scratch, inPlace);
            }
            else
            {
                TridiagonalSolver.Solve<float>(s.LowerF, s.DiagonalF, s.UpperF, inPlace, scratch, inPlace);
            }

            Assert.Equal(expected, inPlace);

            var partitioned = new PartitionedTridiagonalSolver<float>(513);
            float[] expectedP = SolverRunner.Run("partitioned", s).X;
            float[] inPlaceP = s.RhsF;
            if (s.Symmetric)
            {
                partitioned.SolveSymmetric(s.DiagonalF, s.OffDiagonalF, inPlaceP, inPlaceP);
            }
            else
            {
                partitioned.Solve(s.LowerF, s.DiagonalF, s.UpperF, inPlaceP, inPlaceP);
            }

            Assert.Equal(expectedP, inPlaceP);
        }
    }

    [Fact]
    public void Unread_corner_coefficients_do_not_matter()
    {
        // a_0 and c_{K−1} lie outside the matrix; garbage there (even NaN) must not change anything.
        TestSystem s = Case.Get(SystemKind.GeneralDominant, 100).System;
        float[] expected = SolverRunner.Run("scalar", s).X;
        float[] lower = s.LowerF, upper = s.UpperF;
        lower[0] = float.NaN;
        upper[^1] = float.PositiveInfinity;
        var x = new float[100];
        Assert.Equal(TridiagonalStatus.Success, TridiagonalSolver.TrySolve<float>(lower, s.DiagonalF, upper, s.RhsF, new float[100], x));
        Assert.Equal(expected, x);
        var p = new PartitionedTridiagonalSolver<float>(100, 16);
        Assert.Equal(TridiagonalStatus.Success, p.TrySolve(lower, s.DiagonalF, upper, s.RhsF, x));
        Assert.True(Oracle.BackwardError(s, x) <= 40 * Bounds.FloatU);
    }

    [Fact]
    public void Scratch_longer_than_the_system_is_accepted()
    {
        TestSystem s = Case.Get(SystemKind.LeastSquares, 64).System;
        var x = new float[64];
        TridiagonalSolver.SolveSymmetric<float>(s.DiagonalF, s.OffDiagonalF, s.RhsF, new float[2049], x);
        Assert.Equal(SolverRunner.Run("scalar", s).X, x);
    }
}

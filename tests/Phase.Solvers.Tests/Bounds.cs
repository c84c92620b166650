namespace Phase.Tests;

/// <summary>
/// Accuracy bounds the tests assert, fixed from rounding-error analysis before measuring (docs/solvers.md):
/// <list type="bullet">
/// <item>Thomas / LDLᵀ (scalar, batched, one partition): the computed x̂ solves <c>(A + ΔA)x̂ = b</c> with
/// <c>|ΔA| ≤ f·u·|L̂||Û|</c>, f ≈ 6 for this implementation (reciprocal pivots, fused multiply–adds; Higham §9.5), and
/// <c>|L̂||Û| = |A|</c> for a symmetric positive definite A, <c>≤ 3|A|</c> for a row diagonally dominant one. Asserted:
/// componentwise backward error ≤ 8u (symmetric positive definite) and ≤ 24u (general diagonally dominant).</item>
/// <item>Parallel cyclic reduction with S partitions: log₂ S Schur-complement levels, each perturbing the combined rows by a
/// few roundings, then Thomas. Asserted: componentwise ≤ 8u·(1 + log₂ S). The solver certifies (8(1 + log₂ S) − 4)u
/// from the computed residual and otherwise re-solves with the scalar algorithm, so this holds for every matrix; on
/// diagonally dominant and M-matrix systems the certificate must never reject (the tests check which path answered).</item>
/// <item>Forward error: <c>‖x̂ − x‖∞/‖x‖∞ ≤ ω·‖|A⁻¹||A||x̂|‖∞/‖x̂‖∞</c> with the asserted ω, plus 10⁻¹² for the reference.</item>
/// </list>
/// </summary>
internal static class Bounds
{
    public const double FloatU = 1.0 / (1 << 24);

    public static readonly double DoubleU = Math.Pow(2, -53);

    /// <summary>The asserted backward error bound, in units of u.</summary>
    public static double BackwardFactor(string solver, int size, bool generalDominant)
    {
        int partitions = SolverRunner.Partitions(solver, size);
        if (partitions > 1)
        {
            return 8 * (1 + Math.Log2(partitions));
        }

        return generalDominant ? 24 : 8;
    }

    /// <summary><c>‖b − (A + σI)x̂‖∞ / (‖A + σI‖∞ ‖x̂‖∞)</c>.</summary>
    public static double NormwiseBackwardError(TestSystem s, ReadOnlySpan<float> x, double shift = 0)
    {
        int n = s.Size;
        double rmax = 0, amax = 0, xmax = 0;
        for (int k = 0; k < n; k++)
        {
            double d = s.Diagonal[k] + shift;
            double ax = (d * x[k]) + (k > 0 ? s.Lower[k] * x[k - 1] : 0) + (k < n - 1 ? s.Upper[k] * x[k + 1] : 0);
            rmax = Math.Max(rmax, Math.Abs(s.Rhs[k] - ax));
            amax = Math.Max(amax, Math.Abs(d) + Math.Abs(s.Lower[k]) + Math.Abs(s.Upper[k]));
            xmax = Math.Max(xmax, Math.Abs(x[k]));
        }

        return rmax == 0 ? 0 : rmax / (amax * xmax);
    }
}

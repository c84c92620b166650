using System.Collections.Concurrent;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Phase.Tests;

/// <summary>The kinds of seeded test systems.</summary>
public enum SystemKind
{
    /// <summary>Least-squares phase-integration normal equations (symmetric M-matrix), 40 dB of weights.</summary>
    LeastSquares,

    /// <summary>Symmetric strictly diagonally dominant, off-diagonal of random sign.</summary>
    SymmetricDominant,

    /// <summary>Symmetric positive definite, not diagonally dominant (L·D·Lᵀ).</summary>
    SymmetricPositiveDefinite,

    /// <summary>Non-symmetric strictly row diagonally dominant, diagonal of either sign.</summary>
    GeneralDominant,
}

/// <summary>A seeded system and its double-precision reference solution, computed once per test run (the dense LU of a
/// K = 1025 system costs about a second, and many tests share it).</summary>
internal sealed class Case
{
    private static readonly ConcurrentDictionary<(SystemKind, int, int), Case> Cache = new();
    private readonly Lazy<LU<double>?> _lu;
    private readonly Lazy<Oracle.SparseSolver?> _sparse;
    private readonly Lazy<double[]> _solution;
    private readonly Lazy<(double Skeel, double Condition)> _mMatrixBound;

    private Case(SystemKind kind, int size, int seed)
    {
        Kind = kind;
        System = kind switch
        {
            SystemKind.LeastSquares => TestSystems.LeastSquares(size, seed),
            SystemKind.SymmetricDominant => TestSystems.SymmetricDominant(size, seed),
            SystemKind.SymmetricPositiveDefinite => TestSystems.SymmetricPositiveDefinite(size, seed),
            _ => TestSystems.GeneralDominant(size, seed),
        };
        _lu = new Lazy<LU<double>?>(() => size <= Oracle.DenseLimit ? Oracle.Dense(System).LU() : null);
        _sparse = new Lazy<Oracle.SparseSolver?>(() => size > Oracle.DenseLimit ? new Oracle.SparseSolver(System, 0) : null);
        _solution = new Lazy<double[]>(() => Solve(System.Rhs));
        _mMatrixBound = new Lazy<(double, double)>(MMatrixBound);
    }

    public SystemKind Kind { get; }

    public TestSystem System { get; }

    /// <summary>The reference solution of <c>Ax = b</c>.</summary>
    public double[] Solution => _solution.Value;

    public static Case Get(SystemKind kind, int size, int seed = 1) =>
        Cache.GetOrAdd((kind, size, seed), key => new Case(key.Item1, key.Item2, key.Item3));

    /// <summary>Solves <c>Ax = v</c> with the cached dense LU, or the cached sparse reference beyond the dense limit.</summary>
    public double[] Solve(double[] rhs) =>
        _lu.Value is { } lu ? lu.Solve(DenseVector.OfArray(rhs)).ToArray() : _sparse.Value!.Solve(rhs);

    /// <summary>
    /// A rigorous bound on <c>‖x̂ − x‖∞/‖x‖∞</c> for any x̂ with componentwise backward error ≤ ω. For the least-squares
    /// M-matrices (A⁻¹ ≥ 0) it is computed once per case from the reference solution x:
    /// <c>|x̂ − x| ≤ ω|A⁻¹||A|(|x| + |x̂ − x|)</c> gives <c>‖x̂ − x‖∞ ≤ ω‖A⁻¹|A||x|‖∞ / (1 − ω‖A⁻¹|A|𝟙‖∞)</c>;
    /// otherwise <see cref="Oracle.ForwardErrorBound"/> for x̂.
    /// </summary>
    public double ForwardErrorBound(ReadOnlySpan<float> x, double omega)
    {
        if (Kind != SystemKind.LeastSquares)
        {
            return Oracle.ForwardErrorBound(System, x, omega, 0, Solve);
        }

        (double skeel, double condition) = _mMatrixBound.Value;
        double denominator = 1 - (omega * condition);
        return denominator <= 0 ? double.PositiveInfinity : omega * skeel / denominator;
    }

    /// <summary>(‖A⁻¹|A||x|‖∞/‖x‖∞, ‖A⁻¹|A|𝟙‖∞) for the M-matrix case.</summary>
    private (double, double) MMatrixBound()
    {
        TestSystem s = System;
        int n = s.Size;
        double[] x = Solution;
        var ax = new double[n];
        var ones = new double[n];
        for (int k = 0; k < n; k++)
        {
            double lo = k > 0 ? Math.Abs(s.Lower[k]) : 0, up = k < n - 1 ? Math.Abs(s.Upper[k]) : 0;
            ax[k] = (Math.Abs(s.Diagonal[k] * x[k])) + (k > 0 ? lo * Math.Abs(x[k - 1]) : 0) + (k < n - 1 ? up * Math.Abs(x[k + 1]) : 0);
            ones[k] = Math.Abs(s.Diagonal[k]) + lo + up;
        }

        double xNorm = x.Max(Math.Abs);
        return (Solve(ax).Max(Math.Abs) / xNorm, Solve(ones).Max(Math.Abs));
    }
}

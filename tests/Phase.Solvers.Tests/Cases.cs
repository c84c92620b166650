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
    private readonly Lazy<double[]> _solution;

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
        _solution = new Lazy<double[]>(() => Solve(System.Rhs));
    }

    public SystemKind Kind { get; }

    public TestSystem System { get; }

    /// <summary>The reference solution of <c>Ax = b</c>.</summary>
    public double[] Solution => _solution.Value;

    public static Case Get(SystemKind kind, int size, int seed = 1) =>
        Cache.GetOrAdd((kind, size, seed), key => new Case(key.Item1, key.Item2, key.Item3));

    /// <summary>Solves <c>Ax = v</c> with the cached dense LU, or the Krylov reference beyond the dense limit.</summary>
    public double[] Solve(double[] rhs) =>
        _lu.Value is { } lu ? lu.Solve(DenseVector.OfArray(rhs)).ToArray() : Oracle.Solve(System, 0, rhs);
}

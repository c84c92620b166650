namespace Phase.Tests;

/// <summary>A tridiagonal system in double (the exact data the float solvers see, widened) plus its float copy.</summary>
/// <remarks>Row k: <c>Lower[k]·x[k−1] + Diagonal[k]·x[k] + Upper[k]·x[k+1] = Rhs[k]</c>; Lower[0] = Upper[K−1] = 0.
/// Symmetric systems have Lower[k+1] = Upper[k]; <see cref="OffDiagonal"/> is then Upper[0 … K−2].</remarks>
internal sealed class TestSystem
{
    public TestSystem(double[] lower, double[] diagonal, double[] upper, double[] rhs, bool symmetric)
    {
        Lower = lower;
        Diagonal = diagonal;
        Upper = upper;
        Rhs = rhs;
        Symmetric = symmetric;
    }

    public int Size => Diagonal.Length;

    public bool Symmetric { get; }

    public double[] Lower { get; }

    public double[] Diagonal { get; }

    public double[] Upper { get; }

    public double[] Rhs { get; }

    public double[] OffDiagonal => Upper[..^1];

    public float[] LowerF => ToFloat(Lower);

    public float[] DiagonalF => ToFloat(Diagonal);

    public float[] UpperF => ToFloat(Upper);

    public float[] OffDiagonalF => ToFloat(OffDiagonal);

    public float[] RhsF => ToFloat(Rhs);

    /// <summary>Rounds every value to float so that the float and double views hold identical numbers.</summary>
    public TestSystem RoundedToFloat() =>
        new(Round(Lower), Round(Diagonal), Round(Upper), Round(Rhs), Symmetric);

    /// <summary>The same system with σ added to the diagonal.</summary>
    public TestSystem Shifted(double sigma) =>
        new(Lower, Diagonal.Select(d => d + sigma).ToArray(), Upper, Rhs, Symmetric);

    private static float[] ToFloat(double[] values) => values.Select(v => (float)v).ToArray();

    private static double[] Round(double[] values) => values.Select(v => (double)(float)v).ToArray();
}

/// <summary>Seeded random tridiagonal systems of the kinds the solvers must handle. Every value is rounded to float.</summary>
internal static class TestSystems
{
    /// <summary>Least-squares normal equations of the gradient-theorem phase integration:
    /// <c>d_k = α_k + β_{k−1} + β_k</c>, <c>e_k = −β_k</c>, weights α, β ≥ 0 drawn from magnitudes spanning
    /// <paramref name="dynamicRangeDb"/> (products of neighbouring magnitudes), plus a floor so that it is definite.</summary>
    public static TestSystem LeastSquares(int size, int seed, double dynamicRangeDb = 40, double alphaScale = 1)
    {
        var rng = new Random(seed);
        var magnitude = new double[size];
        for (int k = 0; k < size; k++)
        {
            magnitude[k] = Math.Pow(10, -dynamicRangeDb / 20 * rng.NextDouble());
        }

        var alpha = new double[size];
        var beta = new double[Math.Max(0, size - 1)];
        for (int k = 0; k < size; k++)
        {
            alpha[k] = alphaScale * magnitude[k] * magnitude[k] * (0.5 + rng.NextDouble());
        }

        for (int k = 0; k < size - 1; k++)
        {
            beta[k] = magnitude[k] * magnitude[k + 1] * (0.5 + rng.NextDouble());
        }

        return FromWeights(alpha, beta, RandomRhs(size, rng));
    }

    /// <summary>The normal-equation matrix of <c>Σ α_k x_k² + Σ β_k (x_{k+1} − x_k)²</c> with the given right-hand side.</summary>
    public static TestSystem FromWeights(double[] alpha, double[] beta, double[] rhs)
    {
        int n = alpha.Length;
        var lower = new double[n];
        var diagonal = new double[n];
        var upper = new double[n];
        for (int k = 0; k < n; k++)
        {
            float d = (float)alpha[k];
            if (k > 0)
            {
                d += (float)beta[k - 1];
                lower[k] = -(float)beta[k - 1];
            }

            if (k < n - 1)
            {
                d += (float)beta[k];
                upper[k] = -(float)beta[k];
            }

            diagonal[k] = d;
        }

        return new TestSystem(lower, diagonal, upper, rhs, symmetric: true).RoundedToFloat();
    }

    /// <summary>Symmetric, strictly diagonally dominant, off-diagonal of random sign: <c>d_k ≥ (1 + margin)(|e_{k−1}| + |e_k|)</c>.</summary>
    public static TestSystem SymmetricDominant(int size, int seed, double margin = 0.5)
    {
        var rng = new Random(seed);
        var upper = new double[size];
        for (int k = 0; k < size - 1; k++)
        {
            upper[k] = (float)((2 * rng.NextDouble() - 1) * Math.Pow(10, 2 * rng.NextDouble() - 1));
        }

        var lower = new double[size];
        var diagonal = new double[size];
        for (int k = 0; k < size; k++)
        {
            lower[k] = k > 0 ? upper[k - 1] : 0;
            double off = Math.Abs(lower[k]) + Math.Abs(upper[k]);
            diagonal[k] = (float)(((1 + margin) * off) + (0.1 + rng.NextDouble()));
        }

        return new TestSystem(lower, diagonal, upper, RandomRhs(size, rng), symmetric: true).RoundedToFloat();
    }

    /// <summary>Non-symmetric, strictly row diagonally dominant, diagonal of either sign.</summary>
    public static TestSystem GeneralDominant(int size, int seed, double margin = 0.5)
    {
        var rng = new Random(seed);
        var lower = new double[size];
        var diagonal = new double[size];
        var upper = new double[size];
        for (int k = 0; k < size; k++)
        {
            lower[k] = k > 0 ? (float)((2 * rng.NextDouble() - 1) * 3) : 0;
            upper[k] = k < size - 1 ? (float)((2 * rng.NextDouble() - 1) * 3) : 0;
            double magnitude = ((1 + margin) * (Math.Abs(lower[k]) + Math.Abs(upper[k]))) + 0.1 + rng.NextDouble();
            diagonal[k] = (float)(rng.Next(2) == 0 ? magnitude : -magnitude);
        }

        return new TestSystem(lower, diagonal, upper, RandomRhs(size, rng), symmetric: false).RoundedToFloat();
    }

    /// <summary>Symmetric positive definite but not diagonally dominant: <c>A = L·D·Lᵀ</c> from a random unit lower
    /// bidiagonal L (multipliers up to 0.95 in magnitude, so that cond(A) stays moderate for every K) and random positive
    /// pivots D in [0.2, 1.2), so that many rows have |e_{k−1}| + |e_k| &gt; d_k.</summary>
    public static TestSystem SymmetricPositiveDefinite(int size, int seed)
    {
        var rng = new Random(seed);
        var pivots = new double[size];
        var multipliers = new double[size];
        for (int k = 0; k < size; k++)
        {
            pivots[k] = 0.2 + rng.NextDouble();
            multipliers[k] = (2 * rng.NextDouble() - 1) * 0.95;
        }

        // A = L D Lᵀ, L unit lower bidiagonal with L[k+1,k] = l_k: A[k,k] = p_k + l_{k−1}² p_{k−1}, A[k,k+1] = l_k p_k.
        var lower = new double[size];
        var diagonal = new double[size];
        var upper = new double[size];
        for (int k = 0; k < size; k++)
        {
            diagonal[k] = (float)(pivots[k] + (k > 0 ? multipliers[k - 1] * multipliers[k - 1] * pivots[k - 1] : 0));
            upper[k] = k < size - 1 ? (float)(multipliers[k] * pivots[k]) : 0;
        }

        for (int k = 1; k < size; k++)
        {
            lower[k] = upper[k - 1];
        }

        return new TestSystem(lower, diagonal, upper, RandomRhs(size, rng), symmetric: true).RoundedToFloat();
    }

    public static double[] RandomRhs(int size, Random rng)
    {
        var b = new double[size];
        for (int k = 0; k < size; k++)
        {
            b[k] = (float)(2 * rng.NextDouble() - 1);
        }

        return b;
    }
}

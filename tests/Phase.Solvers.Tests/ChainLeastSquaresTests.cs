using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using Phase.Solvers;

namespace Phase.Tests;

/// <summary>The chain least-squares assembly against MathNet: the normal equations <c>MᵀWM x = MᵀW y</c> of the explicit
/// design matrix M (one row per term of J), and the weighted least-squares solution itself.</summary>
public sealed class ChainLeastSquaresTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(17)]
    [InlineData(257)]
    public void Assembled_normal_equations_equal_those_of_the_design_matrix(int size)
    {
        (float[] alpha, float[] beta, float[] t, float[] v) = Problem(size, seed: size);
        float[] d = new float[size], e = new float[size - 1], b = new float[size];
        ChainLeastSquares.Assemble<float>(alpha, beta, t, v, d, e, b);

        (Matrix<double> m, Vector<double> w, Vector<double> y) = Design(alpha, beta, t, v);
        Matrix<double> normal = m.Transpose() * DiagonalMatrix.OfDiagonal(w.Count, w.Count, w) * m;
        Vector<double> rhs = m.Transpose() * w.PointwiseMultiply(y);
        for (int k = 0; k < size; k++)
        {
            // d_k is two float additions of non-negative terms: |d̂ − d| ≤ 2u·d. b_k is a product and two FMAs:
            // |b̂ − b| ≤ 3u·(|α t| + |β_{k−1} v_{k−1}| + |β_k v_k|).
            Assert.True(Math.Abs(d[k] - normal[k, k]) <= 2 * Bounds.FloatU * normal[k, k], $"d[{k}]");
            double terms = Math.Abs(alpha[k] * t[k]) + (k > 0 ? Math.Abs(beta[k - 1] * v[k - 1]) : 0) + (k < size - 1 ? Math.Abs(beta[k] * v[k]) : 0);
            Assert.True(Math.Abs(b[k] - rhs[k]) <= 3 * Bounds.FloatU * terms, $"b[{k}]");
            if (k < size - 1)
            {
                Assert.Equal(normal[k, k + 1], e[k]);
                Assert.Equal(normal[k + 1, k], e[k]);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(513)]
    public void Assemble_then_solve_minimises_the_weighted_least_squares_objective(int size)
    {
        (float[] alpha, float[] beta, float[] t, float[] v) = Problem(size, seed: 100 + size);
        float[] d = new float[size], e = new float[size - 1], b = new float[size], x = new float[size];
        ChainLeastSquares.Assemble<float>(alpha, beta, t, v, d, e, b);
        new PartitionedTridiagonalSolver<float>(size).SolveSymmetric(d, e, b, x);

        // Reference: MathNet's QR least-squares solve of W^{1/2} M x ≈ W^{1/2} y in double.
        (Matrix<double> m, Vector<double> w, Vector<double> y) = Design(alpha, beta, t, v);
        Vector<double> sqrtW = w.PointwiseSqrt();
        Matrix<double> weighted = DiagonalMatrix.OfDiagonal(w.Count, w.Count, sqrtW) * m;
        double[] reference = weighted.QR().Solve(sqrtW.PointwiseMultiply(y)).ToArray();

        // α, β ∈ [0.5, 1.5): λ_min(A) ≥ 0.5, λ_max ≤ 1.5 + 4·1.5, cond(A) ≤ 15. Assembly perturbs A and b by a few u
        // relative, the solve by ≤ 8(1 + log₂ 16)u = 40u: ‖x̂ − x‖/‖x‖ ≤ 15·(45u + 3u·‖terms‖/‖b‖) — 10⁻⁴ covers
        // ‖terms‖/‖b‖ up to 10 with room to spare.
        Assert.True(Oracle.ForwardError(x, reference) <= 1e-4, $"forward error {Oracle.ForwardError(x, reference):E3}");
    }

    [Fact]
    public void Matrix_only_assembly_and_double_precision_agree_with_the_full_assembly()
    {
        (float[] alpha, float[] beta, float[] t, float[] v) = Problem(33, seed: 3);
        float[] d = new float[33], e = new float[32], b = new float[33], d2 = new float[33], e2 = new float[32];
        ChainLeastSquares.Assemble<float>(alpha, beta, t, v, d, e, b);
        ChainLeastSquares.AssembleMatrix<float>(alpha, beta, d2, e2);
        Assert.Equal(d, d2);
        Assert.Equal(e, e2);

        double[] dd = new double[33], ed = new double[32], bd = new double[33];
        ChainLeastSquares.Assemble<double>(
            alpha.Select(a => (double)a).ToArray(), beta.Select(a => (double)a).ToArray(), t.Select(a => (double)a).ToArray(),
            v.Select(a => (double)a).ToArray(), dd, ed, bd);
        for (int k = 0; k < 33; k++)
        {
            Assert.True(Math.Abs(dd[k] - d[k]) <= 2 * Bounds.FloatU * dd[k]);
        }
    }

    [Fact]
    public void Bad_spans_are_rejected_by_name()
    {
        float[] five = new float[5], four = new float[4];
        Assert.Equal("alpha", Assert.Throws<ArgumentException>(() => ChainLeastSquares.AssembleMatrix<float>([], [], [], [])).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentException>(() => ChainLeastSquares.AssembleMatrix<float>(five, five, new float[5], new float[4])).ParamName);
        Assert.Equal("diagonal", Assert.Throws<ArgumentException>(() => ChainLeastSquares.AssembleMatrix<float>(five, four, new float[4], new float[4])).ParamName);
        Assert.Equal("offDiagonal", Assert.Throws<ArgumentException>(() => ChainLeastSquares.AssembleMatrix<float>(five, four, new float[5], new float[5])).ParamName);
        Assert.Equal("offDiagonal", Assert.Throws<ArgumentException>(() => ChainLeastSquares.AssembleMatrix<float>(five, four, new float[5], four)).ParamName);
        Assert.Equal("target", Assert.Throws<ArgumentException>(() => ChainLeastSquares.Assemble<float>(five, four, four, four, new float[5], new float[4], new float[5])).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentException>(() => ChainLeastSquares.Assemble<float>(five, four, five, five, new float[5], new float[4], new float[5])).ParamName);
        Assert.Equal("rhs", Assert.Throws<ArgumentException>(() => ChainLeastSquares.Assemble<float>(five, four, five, four, new float[5], new float[4], new float[4])).ParamName);
    }

    [Fact]
    public void Assembly_allocates_nothing()
    {
        (float[] alpha, float[] beta, float[] t, float[] v) = Problem(513, seed: 1);
        float[] d = new float[513], e = new float[512], b = new float[513];
        Assert.Equal(0, SteadyState.Allocations(() => ChainLeastSquares.Assemble<float>(alpha, beta, t, v, d, e, b)));
    }

    private static (float[] Alpha, float[] Beta, float[] T, float[] V) Problem(int size, int seed)
    {
        var rng = new Random(seed);
        float[] alpha = new float[size], beta = new float[size - 1], t = new float[size], v = new float[size - 1];
        for (int k = 0; k < size; k++)
        {
            alpha[k] = (float)(0.5 + rng.NextDouble());
            t[k] = (float)(2 * rng.NextDouble() - 1);
        }

        for (int k = 0; k < size - 1; k++)
        {
            beta[k] = (float)(0.5 + rng.NextDouble());
            v[k] = (float)(2 * rng.NextDouble() - 1);
        }

        return (alpha, beta, t, v);
    }

    /// <summary>J = Σ w_i (M x − y)_i²: rows 0 … K−1 are the α terms (x_k − t_k), rows K … 2K−2 the β terms
    /// (x_{k+1} − x_k − v_k).</summary>
    private static (Matrix<double> M, Vector<double> W, Vector<double> Y) Design(float[] alpha, float[] beta, float[] t, float[] v)
    {
        int k = alpha.Length, rows = (2 * k) - 1;
        var m = DenseMatrix.Create(rows, k, 0);
        var w = DenseVector.Create(rows, 0);
        var y = DenseVector.Create(rows, 0);
        for (int i = 0; i < k; i++)
        {
            m[i, i] = 1;
            w[i] = alpha[i];
            y[i] = t[i];
        }

        for (int i = 0; i < k - 1; i++)
        {
            m[k + i, i + 1] = 1;
            m[k + i, i] = -1;
            w[k + i] = beta[i];
            y[k + i] = v[i];
        }

        return (m, w, y);
    }
}

using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.LinearAlgebra.Double.Solvers;

namespace Phase.Tests;

/// <summary>
/// Independent references, all in double: MathNet's dense LU solve (K ≤ 1025; O(K³), about a second at 1025 on the
/// development machines and minutes at 4097), MathNet's sparse ILU(0) factorisation for larger K (exact for a
/// tridiagonal matrix; refined twice), and the componentwise backward error computed straight from the definition.
/// </summary>
internal static class Oracle
{
    /// <summary>The largest K solved densely; above it <see cref="Solve"/> uses the sparse ILU(0) reference.</summary>
    public const int DenseLimit = 1025;

    /// <summary>The dense matrix <c>A + σI</c>.</summary>
    public static Matrix<double> Dense(TestSystem s, double shift = 0)
    {
        int n = s.Size;
        var a = DenseMatrix.Create(n, n, 0);
        for (int k = 0; k < n; k++)
        {
            a[k, k] = s.Diagonal[k] + shift;
            if (k > 0)
            {
                a[k, k - 1] = s.Lower[k];
            }

            if (k < n - 1)
            {
                a[k, k + 1] = s.Upper[k];
            }
        }

        return a;
    }

    /// <summary>Solves <c>(A + σI)x = v</c> (v defaults to b) in double: dense LU up to <see cref="DenseLimit"/>,
    /// beyond it MathNet's sparse ILU(0) factorisation — for a tridiagonal matrix an exact LU — polished by two steps of
    /// iterative refinement.</summary>
    public static double[] Solve(TestSystem s, double shift = 0, double[]? rhs = null)
    {
        double[] b = rhs ?? s.Rhs;
        return s.Size <= DenseLimit
            ? Dense(s, shift).LU().Solve(DenseVector.OfArray(b)).ToArray()
            : new SparseSolver(s, shift).Solve(b);
    }

    /// <summary>MathNet's ILU(0) of the sparse tridiagonal matrix (exact LU) with two refinement steps in double.</summary>
    internal sealed class SparseSolver
    {
        private readonly SparseMatrix _a;
        private readonly ILU0Preconditioner _lu = new();

        public SparseSolver(TestSystem s, double shift)
        {
            int n = s.Size;
            var entries = new List<Tuple<int, int, double>>(3 * n);
            for (int k = 0; k < n; k++)
            {
                if (k > 0)
                {
                    entries.Add(Tuple.Create(k, k - 1, s.Lower[k]));
                }

                entries.Add(Tuple.Create(k, k, s.Diagonal[k] + shift));
                if (k < n - 1)
                {
                    entries.Add(Tuple.Create(k, k + 1, s.Upper[k]));
                }
            }

            _a = SparseMatrix.OfIndexed(n, n, entries);
            _lu.Initialize(_a);
        }

        public double[] Solve(double[] rhs)
        {
            var b = DenseVector.OfArray(rhs);
            var x = DenseVector.Create(b.Count, 0);
            _lu.Approximate(b, x);
            for (int step = 0; step < 2; step++)
            {
                var correction = DenseVector.Create(b.Count, 0);
                _lu.Approximate(b - (_a * x), correction);
                x += correction;
            }

            return x.ToArray();
        }
    }

    /// <summary>Componentwise backward error with respect to A: <c>max_k |b − (A + σI)x̂|_k / (|A + σI|·|x̂|)_k</c>
    /// (0/0 counts as 0): the smallest ω with <c>(A + ΔA)x̂ = b</c>, <c>|ΔA| ≤ ω|A + σI|</c> (Oettli–Prager).
    /// Products of floats are exact in double and the three-term sums carry a relative error of 2⁻⁵³, far below the
    /// float-level quantities measured.</summary>
    public static double BackwardError(TestSystem s, ReadOnlySpan<double> x, double shift = 0)
    {
        double worst = 0;
        int n = s.Size;
        for (int k = 0; k < n; k++)
        {
            double d = s.Diagonal[k] + shift;
            double ax = d * x[k], scale = Math.Abs(d * x[k]);
            if (k > 0)
            {
                ax += s.Lower[k] * x[k - 1];
                scale += Math.Abs(s.Lower[k] * x[k - 1]);
            }

            if (k < n - 1)
            {
                ax += s.Upper[k] * x[k + 1];
                scale += Math.Abs(s.Upper[k] * x[k + 1]);
            }

            double residual = Math.Abs(s.Rhs[k] - ax);
            if (residual == 0)
            {
                continue;
            }

            worst = Math.Max(worst, scale == 0 ? double.PositiveInfinity : residual / scale);
        }

        return worst;
    }

    public static double BackwardError(TestSystem s, ReadOnlySpan<float> x, double shift = 0) =>
        BackwardError(s, ToDouble(x), shift);

    /// <summary>Relative residual <c>‖b − (A + σI)x̂‖₂ / ‖b‖₂</c>.</summary>
    public static double RelativeResidual(TestSystem s, ReadOnlySpan<float> x, double shift = 0)
    {
        double num = 0, den = 0;
        int n = s.Size;
        for (int k = 0; k < n; k++)
        {
            double ax = (s.Diagonal[k] + shift) * x[k];
            if (k > 0)
            {
                ax += s.Lower[k] * x[k - 1];
            }

            if (k < n - 1)
            {
                ax += s.Upper[k] * x[k + 1];
            }

            double r = s.Rhs[k] - ax;
            num += r * r;
            den += s.Rhs[k] * s.Rhs[k];
        }

        return den == 0 ? Math.Sqrt(num) : Math.Sqrt(num / den);
    }

    /// <summary><c>‖x̂ − x‖∞ / ‖x‖∞</c>.</summary>
    public static double ForwardError(ReadOnlySpan<float> actual, ReadOnlySpan<double> reference)
    {
        double num = 0, den = 0;
        for (int k = 0; k < reference.Length; k++)
        {
            num = Math.Max(num, Math.Abs(actual[k] - reference[k]));
            den = Math.Max(den, Math.Abs(reference[k]));
        }

        return den == 0 ? num : num / den;
    }

    /// <summary>
    /// A rigorous first-order bound on <c>‖x̂ − x‖∞ / ‖x‖∞</c> for a solution with componentwise backward error ω:
    /// <c>|x̂ − x| ≤ ω·|A⁻¹||A||x̂|</c>, so the bound is <c>ω·‖|A⁻¹||A||x̂|‖∞ / ‖x̂‖∞</c> (Skeel). For an M-matrix
    /// (positive diagonal, non-positive off-diagonal, positive definite: the least-squares systems) A⁻¹ ≥ 0 and
    /// <c>|A⁻¹|v = A⁻¹v</c> is one reference solve (with <paramref name="solve"/>, a solver of A + σI, when given); otherwise, for a strictly row diagonally dominant A, Varah's
    /// <c>‖A⁻¹‖∞ ≤ 1/min_k(|d_k| − |a_k| − |c_k|)</c> gives <c>ω·‖A⁻¹‖∞‖A‖∞</c>; otherwise the dense inverse (K ≤ 257).
    /// </summary>
    public static double ForwardErrorBound(TestSystem s, ReadOnlySpan<float> x, double omega, double shift = 0, Func<double[], double[]>? solve = null)
    {
        int n = s.Size;
        var ax = new double[n];
        double xNorm = 0;
        bool mMatrix = true, dominant = true;
        double margin = double.PositiveInfinity, aNorm = 0;
        for (int k = 0; k < n; k++)
        {
            double d = s.Diagonal[k] + shift;
            double lo = k > 0 ? s.Lower[k] : 0, up = k < n - 1 ? s.Upper[k] : 0;
            ax[k] = Math.Abs(d * x[k]) + (k > 0 ? Math.Abs(lo * x[k - 1]) : 0) + (k < n - 1 ? Math.Abs(up * x[k + 1]) : 0);
            xNorm = Math.Max(xNorm, Math.Abs(x[k]));
            mMatrix &= d > 0 && lo <= 0 && up <= 0;
            double m = Math.Abs(d) - Math.Abs(lo) - Math.Abs(up);
            dominant &= m > 0;
            margin = Math.Min(margin, m);
            aNorm = Math.Max(aNorm, Math.Abs(d) + Math.Abs(lo) + Math.Abs(up));
        }

        if (xNorm == 0)
        {
            return 0;
        }

        if (mMatrix && s.Symmetric)
        {
            double[] y = solve is not null ? solve(ax) : Solve(s, shift, ax);
            return omega * y.Max(Math.Abs) / xNorm;
        }

        if (dominant)
        {
            return omega * aNorm / margin;
        }

        if (n > 257)
        {
            return double.NaN;
        }

        Matrix<double> inverse = Dense(s, shift).Inverse();
        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int k = 0; k < n; k++)
            {
                sum += Math.Abs(inverse[i, k]) * ax[k];
            }

            worst = Math.Max(worst, sum);
        }

        return omega * worst / xNorm;
    }

    public static double[] ToDouble(ReadOnlySpan<float> x)
    {
        var r = new double[x.Length];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = x[i];
        }

        return r;
    }
}

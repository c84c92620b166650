using MathNet.Numerics.LinearAlgebra;

namespace Phase.Tests.Mel;

/// <summary>
/// The Lawson–Hanson active-set algorithm for min ‖A·x − b‖₂ subject to x ≥ 0 (Solving Least Squares Problems, 1974,
/// ch. 23), in double precision with dense MathNet QR solves: the test oracle for the optimal residual of
/// <see cref="Phase.Mel.MelInverter"/>. Exact in a finite number of steps; slow (a QR per step), fine for tests.
/// </summary>
internal static class LawsonHanson
{
    public static double[] Solve(Matrix<double> a, Vector<double> b, double tolerance = 1e-12)
    {
        int n = a.ColumnCount;
        var x = Vector<double>.Build.Dense(n);
        var passive = new bool[n];
        double scale = a.Transpose().Multiply(b).AbsoluteMaximum() + 1e-300;
        for (int outer = 0; outer < 10 * n; outer++)
        {
            Vector<double> w = a.Transpose().Multiply(b - a.Multiply(x));
            int j = -1;
            double best = tolerance * scale;
            for (int i = 0; i < n; i++)
            {
                if (!passive[i] && w[i] > best)
                {
                    best = w[i];
                    j = i;
                }
            }

            if (j < 0)
            {
                break;
            }

            passive[j] = true;
            while (true)
            {
                int[] p = Enumerable.Range(0, n).Where(i => passive[i]).ToArray();
                Matrix<double> ap = Matrix<double>.Build.DenseOfColumnVectors(p.Select(a.Column));
                Vector<double> sp = ap.QR().Solve(b);
                var s = Vector<double>.Build.Dense(n);
                for (int i = 0; i < p.Length; i++)
                {
                    s[p[i]] = sp[i];
                }

                if (p.All(i => s[i] > 0))
                {
                    x = s;
                    break;
                }

                double alpha = p.Where(i => s[i] <= 0).Min(i => x[i] / (x[i] - s[i]));
                x += alpha * (s - x);
                foreach (int i in p)
                {
                    if (x[i] <= 1e-15 * scale)
                    {
                        passive[i] = false;
                        x[i] = 0;
                    }
                }
            }
        }

        return x.ToArray();
    }
}

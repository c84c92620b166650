using MathNet.Numerics.LinearAlgebra;
using Phase.GradientTheorem;
using Phase.Testing;

namespace Phase.Tests.GradientTheorem;

/// <summary>One least-squares frame against the same weighted problem assembled densely and solved in double precision
/// with MathNet: checks the weights, the wrapped residuals, the regularisation and the tridiagonal solve together.</summary>
[KernelTest]
public class LeastSquaresFrameTests
{
    [Theory]
    [InlineData(1, 0.0, 6.0)]
    [InlineData(2, 0.3, 6.0)]
    [InlineData(3, 0.6, 6.0)]
    [InlineData(4, 0.3, 2.0)]
    [InlineData(5, 0.3, 8.0)]
    [InlineData(6, 0.3, 5.0)]
    public void Frame_correction_minimises_the_documented_weighted_least_squares(int seed, double quietFraction, double exponent)
    {
        // Exponents 2, 6, 8 are computed by repeated products, 5 by TensorPrimitives.Pow (a kernel test: the vectorised
        // passes also run with hardware intrinsics off).
        StftSettings s = GradientTestAudio.Small;
        int bins = s.BinCount;
        const double tolerance = 1e-5, epsilon = 1e-5;
        using IPhaseGradientSource unused = AnalyticPhaseGradients.Centered.CreateSource(s);
        var core = new LeastSquaresCore(s, unused, tolerance, exponent, 1, epsilon);
        var random = new Random(seed);
        float[] Uniform(double lo, double hi) => Enumerable.Range(0, bins).Select(_ => (float)(lo + ((hi - lo) * random.NextDouble()))).ToArray();
        float[] mag = Uniform(0, 1), prevMag = Uniform(0, 1), prevPhase = Uniform(-Math.PI, Math.PI), u = Uniform(-4, 4), v = Uniform(-3, 3);
        for (int k = 0; k < bins; k++)
        {
            if (random.NextDouble() < quietFraction)
            {
                mag[k] *= 1e-3f; // quiet bins: weakly determined, pulled towards the prediction
            }
        }

        var phase = new float[bins];
        core.IntegrateFrame(1, mag, prevMag, prevPhase, u, v, phase);

        // The prediction p (two-column heap integration), then the dense problem in double.
        double max = Math.Max(mag.Max(), prevMag.Max());
        var p = new float[bins];
        new ColumnIntegrator(bins, lastBinReal: true).Integrate(prevPhase, prevMag, true, mag, u, v, (float)(tolerance * max), p);
        double q = exponent / 2, productFloor = Math.Pow(2, -120 / q);
        double Weight(double a, double b) => Math.Pow(Math.Max(Math.Max(a / max, 8.6736174e-19) * Math.Max(b / max, 8.6736174e-19), productFloor), q);
        var a = Matrix<double>.Build.Dense(bins, bins);
        var rhs = Vector<double>.Build.Dense(bins);
        for (int k = 0; k < bins; k++)
        {
            double alpha = Weight(prevMag[k], mag[k]);
            double rt = GradientTestAudio.Wrap(prevPhase[k] + (double)u[k] - p[k]);
            a[k, k] += alpha;
            rhs[k] += alpha * rt;
            if (k < bins - 1)
            {
                double beta = Weight(mag[k], mag[k + 1]);
                double rf = GradientTestAudio.Wrap(v[k] - ((double)p[k + 1] - p[k]));
                a[k, k] += beta;
                a[k + 1, k + 1] += beta;
                a[k, k + 1] -= beta;
                a[k + 1, k] -= beta;
                rhs[k] -= beta * rf;
                rhs[k + 1] += beta * rf;
            }
        }

        double sigma = epsilon * Enumerable.Range(0, bins).Max(k => a[k, k]);
        for (int k = 0; k < bins; k++)
        {
            a[k, k] += sigma;
        }

        Vector<double> delta = a.Solve(rhs);
        double worst = 0;
        for (int k = 0; k < bins; k++)
        {
            // Bins whose weights are far below σ are determined by the regulariser alone and carry float noise of
            // about cond·u; compare where the magnitude is at least 5 % of the peak.
            if (mag[k] >= 0.05 * max)
            {
                worst = Math.Max(worst, Math.Abs(GradientTestAudio.Wrap(phase[k] - (p[k] + delta[k]))));
            }
        }

        Assert.True(worst < 1e-3, $"largest phase difference {worst:E2} rad");
    }
}

using Phase.Iterative;
using Phase.Testing;

namespace Phase.Tests.Iterative;

/// <summary>The fused SIMD kernels against their scalar formulas in double, for every length 0 … 300 (every vector
/// width's tail). Re-run by scripts/test.sh with AVX-512, AVX2 and all intrinsics switched off.</summary>
[KernelTest]
public class IterativeKernelTests
{
    public static IEnumerable<object[]> Lengths() => Enumerable.Range(0, 301).Where(n => n < 40 || n % 7 == 0 || n == 300).Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AccelerateAndProject_matches_its_formula(int length)
    {
        var rng = new Random(length);
        float[] s = Random(rng, length, 0, 3), tr = Random(rng, length, -2, 2), ti = Random(rng, length, -2, 2);
        float[] pr = Random(rng, length, -2, 2), pi = Random(rng, length, -2, 2);
        if (length > 3)
        {
            // Zero after acceleration: t = p = 0 gives c = 0, which takes the target with phase 0.
            tr[2] = ti[2] = pr[2] = pi[2] = 0;
        }

        const float alpha = 0.99f;
        var dr = new float[length];
        var di = new float[length];
        IterativeKernels.AccelerateAndProject(s, tr, ti, pr, pi, alpha, dr, di);
        for (int i = 0; i < length; i++)
        {
            double cr = tr[i] + alpha * ((double)tr[i] - pr[i]), ci = ti[i] + alpha * ((double)ti[i] - pi[i]);
            double r = Math.Sqrt(cr * cr + ci * ci);
            double er = r == 0 ? s[i] : s[i] * cr / r, ei = r == 0 ? 0 : s[i] * ci / r;
            Assert.True(Math.Abs(dr[i] - er) <= 1e-5 * (s[i] + 1e-3), $"re[{i}] = {dr[i]} vs {er}");
            Assert.True(Math.Abs(di[i] - ei) <= 1e-5 * (s[i] + 1e-3), $"im[{i}] = {di[i]} vs {ei}");
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AccelerateAndProject_with_alpha_zero_is_the_projection(int length)
    {
        var rng = new Random(1000 + length);
        float[] s = Random(rng, length, 0, 3), tr = Random(rng, length, -2, 2), ti = Random(rng, length, -2, 2);
        float[] pr = Random(rng, length, -2, 2), pi = Random(rng, length, -2, 2);
        var dr = new float[length];
        var di = new float[length];
        var er = new float[length];
        var ei = new float[length];
        IterativeKernels.AccelerateAndProject(s, tr, ti, pr, pi, 0f, dr, di);
        Spectral.SpectralOps.ProjectMagnitude(s, tr, ti, er, ei);
        Assert.Equal(er, dr);
        Assert.Equal(ei, di);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MagnitudeErrorEnergy_matches_double_sum(int length)
    {
        var rng = new Random(2000 + length);
        float[] s = Random(rng, length, 0, 3), re = Random(rng, length, -2, 2), im = Random(rng, length, -2, 2);
        double expected = 0, scale = 0;
        for (int i = 0; i < length; i++)
        {
            double d = Math.Sqrt((double)re[i] * re[i] + (double)im[i] * im[i]) - s[i];
            expected += d * d;
            scale += 9;
        }

        double actual = IterativeKernels.MagnitudeErrorEnergy(s, re, im);
        Assert.True(Math.Abs(actual - expected) <= 1e-6 * (scale + 1), $"{actual} vs {expected}");
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void UpdateContribution_replaces_the_old_contribution(int length)
    {
        var rng = new Random(3000 + length);
        float[] z = Random(rng, length, -1, 1), w = Random(rng, length, 0, 1), old = Random(rng, length, -1, 1), y = Random(rng, length, -3, 3);
        float[] expectedY = new float[length], expectedC = new float[length];
        for (int i = 0; i < length; i++)
        {
            expectedC[i] = z[i] * w[i];
            expectedY[i] = y[i] + (expectedC[i] - old[i]);
        }

        IterativeKernels.UpdateContribution(z, w, old, y);
        Assert.Equal(expectedC, old);
        for (int i = 0; i < length; i++)
        {
            Assert.True(Math.Abs(y[i] - expectedY[i]) <= 1e-6, $"y[{i}]");
        }
    }

    [Fact]
    public void Unit_phasor_series_matches_cos_and_sin()
    {
        for (double theta = -Math.PI; theta <= Math.PI; theta += 0.001)
        {
            (float c, float s) = SpsiCore.UnitPhasor((float)theta);
            Assert.True(Math.Abs(c - Math.Cos((float)theta)) < 3e-7 && Math.Abs(s - Math.Sin((float)theta)) < 3e-7, $"θ = {theta}: ({c}, {s})");
        }
    }

    private static float[] Random(Random rng, int length, double lo, double hi)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)(lo + (hi - lo) * rng.NextDouble());
        }

        return x;
    }
}

using Phase.Spectral;
using Phase.Testing;

namespace Phase.Tests.Spectral;

/// <summary>
/// <see cref="SpectralOps.PolarToComplex"/> against double-precision <c>Math.Cos/Math.Sin</c>, in ulps of the exact
/// value: ≤ 2 ulp for the sine and cosine themselves (magnitude 1), ≤ 3 ulp for the products with a magnitude — for
/// phases in the vectorised range (including those closest to multiples of π/2, where a careless reduction loses
/// relative accuracy), at and beyond its limit (the exact fallback), and for huge, NaN and infinite phases.
/// </summary>
[KernelTest]
public sealed class PolarToComplexTests
{
    private static readonly float Limit = 1048576f;

    [Fact]
    public void Sine_and_cosine_are_within_two_ulp_of_double_for_phases_of_every_size()
    {
        foreach (float[] phase in PhaseSets())
        {
            float[] magnitude = Enumerable.Repeat(1f, phase.Length).ToArray();
            var re = new float[phase.Length];
            var im = new float[phase.Length];
            SpectralOps.PolarToComplex(magnitude, phase, re, im);
            for (int i = 0; i < phase.Length; i++)
            {
                AssertUlp(Math.Cos(phase[i]), re[i], 2, phase[i], "cos");
                AssertUlp(Math.Sin(phase[i]), im[i], 2, phase[i], "sin");
            }
        }
    }

    [Fact]
    public void Products_with_magnitudes_are_within_three_ulp_for_every_length()
    {
        var random = new Random(17);
        for (int n = 0; n <= 150; n++)
        {
            // Mostly in range, every seventh element beyond the limit, so vectors take both paths.
            float[] phase = Enumerable.Range(0, n).Select(i => i % 7 == 3
                ? (float)((random.NextDouble() - 0.5) * 1e9)
                : (float)((random.NextDouble() - 0.5) * 2000)).ToArray();
            float[] magnitude = Enumerable.Range(0, n).Select(_ => (float)Math.Exp((random.NextDouble() - 0.5) * 40)).ToArray();
            var re = new float[n];
            var im = new float[n];
            SpectralOps.PolarToComplex(magnitude, phase, re, im);
            for (int i = 0; i < n; i++)
            {
                AssertUlp(magnitude[i] * Math.Cos(phase[i]), re[i], 3, phase[i], "m·cos");
                AssertUlp(magnitude[i] * Math.Sin(phase[i]), im[i], 3, phase[i], "m·sin");
            }
        }
    }

    [Fact]
    public void Non_finite_phases_give_nan_and_do_not_disturb_their_neighbours()
    {
        float[] phase = [0.5f, float.NaN, 1f, float.PositiveInfinity, 2f, float.NegativeInfinity, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f, 13f];
        float[] magnitude = Enumerable.Repeat(2f, phase.Length).ToArray();
        var re = new float[phase.Length];
        var im = new float[phase.Length];
        SpectralOps.PolarToComplex(magnitude, phase, re, im);
        for (int i = 0; i < phase.Length; i++)
        {
            if (float.IsFinite(phase[i]))
            {
                AssertUlp(2 * Math.Cos(phase[i]), re[i], 3, phase[i], "m·cos");
                AssertUlp(2 * Math.Sin(phase[i]), im[i], 3, phase[i], "m·sin");
            }
            else
            {
                Assert.True(float.IsNaN(re[i]) && float.IsNaN(im[i]), $"φ = {phase[i]}");
            }
        }
    }

    [Fact]
    public void Each_element_gets_the_same_value_in_a_vector_lane_and_in_the_tail()
    {
        // Shifting the start by one moves every element between vector lanes and the scalar tail.
        var random = new Random(5);
        float[] phase = Enumerable.Range(0, 101).Select(i => i % 11 == 0 ? 3e6f : (float)((random.NextDouble() - 0.5) * 100)).ToArray();
        float[] magnitude = Enumerable.Range(0, 101).Select(_ => (float)random.NextDouble()).ToArray();
        var re = new float[101];
        var im = new float[101];
        SpectralOps.PolarToComplex(magnitude, phase, re, im);
        for (int shift = 1; shift <= 17; shift++)
        {
            var re2 = new float[101 - shift];
            var im2 = new float[101 - shift];
            SpectralOps.PolarToComplex(magnitude.AsSpan(shift), phase.AsSpan(shift), re2, im2);
            Assert.Equal(re[shift..], re2);
            Assert.Equal(im[shift..], im2);
        }
    }

    [Fact]
    public void Outputs_may_be_the_input_spans()
    {
        var random = new Random(8);
        float[] phase = Enumerable.Range(0, 77).Select(i => i % 9 == 0 ? -5e7f : (float)((random.NextDouble() - 0.5) * 50)).ToArray();
        float[] magnitude = Enumerable.Range(0, 77).Select(_ => (float)random.NextDouble()).ToArray();
        var re = new float[77];
        var im = new float[77];
        SpectralOps.PolarToComplex(magnitude, phase, re, im);

        float[] a = (float[])magnitude.Clone(), b = (float[])phase.Clone();
        SpectralOps.PolarToComplex(a, b, a, b); // real over magnitude, imag over phase
        Assert.Equal(re, a);
        Assert.Equal(im, b);

        a = (float[])magnitude.Clone();
        b = (float[])phase.Clone();
        SpectralOps.PolarToComplex(a, b, b, a); // crossed: real over phase, imag over magnitude
        Assert.Equal(re, b);
        Assert.Equal(im, a);
    }

    private static IEnumerable<float[]> PhaseSets()
    {
        var random = new Random(3);
        yield return Enumerable.Range(0, 999).Select(_ => (float)((random.NextDouble() - 0.5) * 8)).ToArray();
        yield return Enumerable.Range(0, 999).Select(_ => (float)((random.NextDouble() - 0.5) * 2000)).ToArray();
        yield return Enumerable.Range(0, 999).Select(_ => (float)((random.NextDouble() - 0.5) * 2 * Limit)).ToArray();

        // The floats nearest to (and next to) multiples of π/2 up to the limit: the hardest cases for the reduction.
        var near = new List<float>();
        for (long k = 1; k < 667_000; k = (k * 11 / 10) + 1)
        {
            float f = (float)(k * Math.PI / 2);
            near.Add(f);
            near.Add(MathF.BitIncrement(f));
            near.Add(-MathF.BitDecrement(f));
        }

        yield return [.. near];

        // Small, subnormal and signed zeros; the limit and its neighbours; far beyond it (the exact fallback).
        yield return
        [
            0f, -0f, float.Epsilon, -float.Epsilon, 1e-30f, -1e-20f, 1e-4f, MathF.PI / 4, -MathF.PI / 4, MathF.PI / 2,
            MathF.PI, -MathF.PI, 3 * MathF.PI / 2, 2 * MathF.PI, Limit, -Limit, MathF.BitDecrement(Limit),
            MathF.BitIncrement(Limit), -MathF.BitIncrement(Limit), 2e6f, 1e7f, -3.3e9f, 1e20f, -1e30f, float.MaxValue,
            float.MinValue, 12345.678f, -98765.43f,
        ];
    }

    private static void AssertUlp(double exact, float actual, double maxUlp, float phase, string what)
    {
        double ulp = Ulp(exact);
        double error = Math.Abs(actual - exact) / ulp;
        Assert.True(error <= maxUlp, $"{what}(φ = {phase:R}): {actual:R} vs {exact:R}, {error:F2} ulp > {maxUlp}");
    }

    /// <summary>The spacing of floats at |v|: 2^(⌊log₂|v|⌋ − 23), at least the smallest subnormal.</summary>
    private static double Ulp(double v)
    {
        double a = Math.Abs(v);
        if (a < Math.Pow(2, -126))
        {
            return Math.Pow(2, -149);
        }

        return Math.Pow(2, Math.ILogB(a) - 23);
    }
}

using Phase.GradientTheorem;
using Phase.Testing;

namespace Phase.Tests.GradientTheorem;

/// <summary>The vectorised principal value against the double-precision definition, for every length around the vector
/// widths (tails and the overlapping last vector).</summary>
[KernelTest]
public class PhaseMathKernelTests
{
    [Fact]
    public void Principal_value_matches_the_definition_for_all_lengths()
    {
        var random = new Random(5);
        for (int length = 0; length <= 70; length++)
        {
            float[] x = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 200) - 100)).ToArray();
            double[] original = x.Select(v => (double)v).ToArray();
            var y = new float[length];
            PhaseGradients.PrincipalValue(x, y);
            PhaseGradients.PrincipalValue(x, x); // in place
            for (int i = 0; i < length; i++)
            {
                double expected = GradientTestAudio.Wrap(original[i]);
                Assert.Equal(y[i], x[i]);
                Assert.True(y[i] >= -MathF.PI - 1e-5f && y[i] <= MathF.PI + 1e-5f, $"{y[i]}");
                Assert.True(Math.Abs(Math.Sin(y[i]) - Math.Sin(expected)) < 1e-4 && Math.Abs(Math.Cos(y[i]) - Math.Cos(expected)) < 1e-4, $"len {length} i {i}");
            }
        }
    }

    [Fact]
    public void Nominal_advance_is_2piHk_over_N_modulo_2pi()
    {
        StftSettings s = GradientTestAudio.Speech;
        var table = new float[s.BinCount];
        PhaseGradients.NominalAdvance(s, table);
        for (int k = 0; k < s.BinCount; k++)
        {
            double expected = 2 * Math.PI * s.Hop * k / s.FftSize;
            Assert.True(Math.Abs(GradientTestAudio.Wrap(table[k] - expected)) < 1e-6, $"k={k}");
        }
    }

    [Fact]
    public void Polar_to_complex_matches_double_precision_sine_and_cosine()
    {
        // Every length up to 40 (vector bodies and scalar tails), phases over several periods and the quadrant edges.
        var random = new Random(9);
        for (int length = 0; length <= 40; length++)
        {
            float[] phase = Enumerable.Range(0, length).Select(i => i % 5 == 0 ? (float)(i * Math.PI / 4) - 15 : (float)((random.NextDouble() * 40) - 20)).ToArray();
            float[] magnitude = Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 3)).ToArray();
            var re = new float[length];
            var im = new float[length];
            PhaseMath.PolarToComplex(magnitude, phase, re, im);
            for (int i = 0; i < length; i++)
            {
                double c = magnitude[i] * Math.Cos(phase[i]), s = magnitude[i] * Math.Sin(phase[i]);
                Assert.True(Math.Abs(re[i] - c) <= 1e-6 * (1 + magnitude[i]) && Math.Abs(im[i] - s) <= 1e-6 * (1 + magnitude[i]),
                    $"len {length} i {i}: φ={phase[i]} ({re[i]}, {im[i]}) vs ({c}, {s})");
            }
        }
    }
}

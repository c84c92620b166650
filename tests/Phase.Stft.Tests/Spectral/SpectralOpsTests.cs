using Phase.Spectral;
using Phase.Stft;
using Phase.Testing;
using StftOracle = Phase.Tests.Stft.StftOracle;

namespace Phase.Tests.Spectral;

[KernelTest]
public class SpectralOpsTests
{
    private const int MaxLength = 300;

    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int n = 0; n <= MaxLength; n++)
        {
            data.Add(n);
        }

        return data;
    }

    [Fact]
    public void Magnitude_matches_double_hypot_for_every_length()
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            var (re, im) = Complex(n, n);
            var d = new float[n];
            SpectralOps.Magnitude(re, im, d);
            for (int i = 0; i < n; i++)
            {
                double expected = Math.Sqrt((double)re[i] * re[i] + (double)im[i] * im[i]);
                AssertClose(expected, d[i], 2e-7, n, i);
            }
        }
    }

    [Fact]
    public void Magnitude_in_place_over_real_plane_is_correct_for_every_length()
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            var (re, im) = Complex(n, n + 1000);
            var expected = new double[n];
            for (int i = 0; i < n; i++)
            {
                expected[i] = Math.Sqrt((double)re[i] * re[i] + (double)im[i] * im[i]);
            }

            SpectralOps.Magnitude(re, im, re);
            for (int i = 0; i < n; i++)
            {
                AssertClose(expected[i], re[i], 2e-7, n, i);
            }
        }
    }

    [Fact]
    public void Phase_matches_double_atan2_for_every_length()
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            var (re, im) = Complex(n, n + 2000);
            var d = new float[n];
            SpectralOps.Phase(re, im, d);
            for (int i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(Math.Atan2(im[i], re[i]) - d[i]) < 1e-6, $"n={n} i={i}");
            }
        }
    }

    [Fact]
    public void Polar_to_complex_matches_double_formulas_for_every_length_and_in_place()
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            float[] mag = Signals.Noise(n, n + 3000).Select(Math.Abs).ToArray();
            float[] phase = Signals.Noise(n, n + 4000).Select(v => v * 4f).ToArray(); // [−4, 4) rad, beyond ±π
            var re = new float[n];
            var im = new float[n];
            SpectralOps.PolarToComplex(mag, phase, re, im);
            float[] inPlaceRe = (float[])mag.Clone(), inPlaceIm = (float[])phase.Clone();
            SpectralOps.PolarToComplex(inPlaceRe, inPlaceIm, inPlaceRe, inPlaceIm);
            for (int i = 0; i < n; i++)
            {
                double er = mag[i] * Math.Cos(phase[i]), ei = mag[i] * Math.Sin(phase[i]);
                Assert.True(Math.Abs(re[i] - er) < 1e-6 * (1 + mag[i]) && Math.Abs(im[i] - ei) < 1e-6 * (1 + mag[i]), $"n={n} i={i}");
                Assert.Equal(re[i], inPlaceRe[i]);
                Assert.Equal(im[i], inPlaceIm[i]);
            }
        }
    }

    [Fact]
    public void Complex_to_polar_round_trips_through_polar_to_complex()
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            var (re, im) = Complex(n, n + 5000);
            var mag = new float[n];
            var phase = new float[n];
            SpectralOps.ComplexToPolar(re, im, mag, phase);
            var re2 = new float[n];
            var im2 = new float[n];
            SpectralOps.PolarToComplex(mag, phase, re2, im2);
            for (int i = 0; i < n; i++)
            {
                AssertClose(Math.Sqrt((double)re[i] * re[i] + (double)im[i] * im[i]), mag[i], 2e-7, n, i);
                Assert.True(Math.Abs(Math.Atan2(im[i], re[i]) - phase[i]) < 1e-6);
                Assert.True(Math.Abs(re2[i] - re[i]) < 2e-6 && Math.Abs(im2[i] - im[i]) < 2e-6, $"n={n} i={i}");
            }

            // In place: magnitude over the real plane and phase over the imaginary plane.
            float[] a = (float[])re.Clone(), b = (float[])im.Clone();
            SpectralOps.ComplexToPolar(a, b, a, b);
            Assert.Equal(mag, a);
            Assert.Equal(phase, b);
        }
    }

    [Fact]
    public void Project_magnitude_sets_magnitude_keeps_phase_and_maps_zero_to_phase_zero()
    {
        for (int n = 0; n <= MaxLength; n++)
        {
            var (re, im) = Complex(n, n + 6000);
            float[] target = Signals.Noise(n, n + 7000).Select(v => Math.Abs(v) * 3f).ToArray();
            for (int i = 0; i < n; i += 7)
            {
                re[i] = 0f;
                im[i] = 0f; // |c| = 0 → c' = S
            }

            var dr = new float[n];
            var di = new float[n];
            SpectralOps.ProjectMagnitude(target, re, im, dr, di);
            float[] pr = (float[])re.Clone(), pi = (float[])im.Clone();
            SpectralOps.ProjectMagnitude(target, pr, pi, pr, pi);
            for (int i = 0; i < n; i++)
            {
                double r = Math.Sqrt((double)re[i] * re[i] + (double)im[i] * im[i]);
                double er = r == 0 ? target[i] : target[i] * re[i] / r;
                double ei = r == 0 ? 0 : target[i] * im[i] / r;
                Assert.True(Math.Abs(dr[i] - er) <= 3e-7 * target[i] + 1e-30 && Math.Abs(di[i] - ei) <= 3e-7 * target[i] + 1e-30, $"n={n} i={i}: ({dr[i]}, {di[i]}) vs ({er}, {ei})");
                Assert.Equal(dr[i], pr[i]);
                Assert.Equal(di[i], pi[i]);
            }
        }
    }

    [Fact]
    public void Project_magnitude_handles_extreme_scales_and_propagates_nan()
    {
        // Documented range: full precision while re² + im² is a normal float (components ≈ 1e-18 … 1e18); below that the
        // squares are subnormal and the direction is only approximate (about 1e-3 at 1e-21), never NaN or infinite.
        float[] re = [1e-18f, 3e18f, -4e-21f, float.NaN, 0f, -0f];
        float[] im = [1e-18f, -4e18f, 3e-21f, 1f, 0f, 0f];
        float[] s = [2f, 5f, 10f, 1f, 7f, 0f];
        var dr = new float[6];
        var di = new float[6];
        SpectralOps.ProjectMagnitude(s, re, im, dr, di);
        Assert.Equal(2 / Math.Sqrt(2), dr[0], 1e-6);
        Assert.Equal(3f, dr[1], 1e-5);
        Assert.Equal(-4f, di[1], 1e-5);
        Assert.Equal(-8f, dr[2], 1e-2);
        Assert.Equal(6f, di[2], 1e-2);
        Assert.True(float.IsNaN(dr[3]));
        Assert.Equal(7f, dr[4]);
        Assert.Equal(0f, di[4]);
        Assert.Equal(0f, dr[5]);
    }

    [Fact]
    public void Kernels_reject_mismatched_lengths()
    {
        Assert.Throws<ArgumentException>(() => SpectralOps.Magnitude(new float[3], new float[4], new float[3]));
        Assert.Throws<ArgumentException>(() => SpectralOps.Magnitude(new float[3], new float[3], new float[2]));
        Assert.Throws<ArgumentException>(() => SpectralOps.Phase(new float[3], new float[3], new float[4]));
        Assert.Throws<ArgumentException>(() => SpectralOps.PolarToComplex(new float[3], new float[3], new float[3], new float[2]));
        Assert.Throws<ArgumentException>(() => SpectralOps.ComplexToPolar(new float[3], new float[2], new float[3], new float[3]));
        Assert.Throws<ArgumentException>(() => SpectralOps.ProjectMagnitude(new float[3], new float[3], new float[3], new float[3], new float[4]));
    }

    [Fact]
    public void Inconsistency_is_zero_for_an_stft_and_positive_after_a_phase_change()
    {
        var s = new StftSettings(256, 64);
        using var plan = new StftPlan(s);
        var x = Signals.Chirp(8000, 100, 8000, s.SampleRate);
        ComplexSpectrogram spec = plan.Forward(x);
        Assert.True(SpectralOps.Inconsistency(plan, spec) < 1e-6);

        // Random phase with the true magnitude is far from consistent; a zero spectrogram is consistent.
        ComplexSpectrogram random = spec.Clone();
        float[] phase = Signals.Noise(random.Real.Length, 9).Select(v => v * MathF.PI).ToArray();
        float[] mag = spec.ToMagnitude().Values.ToArray();
        SpectralOps.PolarToComplex(mag, phase, random.Real, random.Imaginary);
        double inconsistency = SpectralOps.Inconsistency(plan, random);
        Assert.InRange(inconsistency, 0.3, 1.0);
        Assert.Equal(0, SpectralOps.Inconsistency(plan, new ComplexSpectrogram(5, s.BinCount)));
    }

    [Fact]
    public void Inconsistency_matches_its_definition()
    {
        var s = new StftSettings(64, 16, padding: StftPadding.Zero);
        using var plan = new StftPlan(s);
        const int frames = 20;
        float[] re = Signals.Noise(frames * s.BinCount, 1), im = Signals.Noise(frames * s.BinCount, 2);
        int length = s.DefaultSignalLength(frames);
        double[] y = StftOracle.Istft(re, im, s, length);
        var (yr, yi) = StftOracle.Stft(y.Select(v => (float)v).ToArray(), s);
        double num = 0, den = 0;
        for (int i = 0; i < re.Length; i++)
        {
            num += (yr[i] - re[i]) * (yr[i] - re[i]) + (yi[i] - im[i]) * (yi[i] - im[i]);
            den += (double)re[i] * re[i] + (double)im[i] * im[i];
        }

        Assert.Equal(Math.Sqrt(num / den), SpectralOps.Inconsistency(plan, re, im), 1e-5);
    }

    private static (float[] Re, float[] Im) Complex(int n, int seed) => (Signals.Noise(n, seed), Signals.Noise(n, seed + 50_000));

    private static void AssertClose(double expected, float actual, double relative, int n, int i) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected) + 1e-30, $"n={n} i={i}: {actual} vs {expected}");
}

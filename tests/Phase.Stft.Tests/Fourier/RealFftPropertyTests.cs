using Phase.Fourier;
using Phase.Testing;
using static Phase.Tests.Fourier.FftTestSupport;

namespace Phase.Tests.Fourier;

/// <summary>Analytic identities of the DFT: Parseval, inverse round trip, linearity, impulses, shifts, pure tones.</summary>
[KernelTest]
public class RealFftPropertyTests
{
    public static TheoryData<int> Sizes => [2, 3, 16, 17, 30, 64, 97, 256, 400, 480, 512, 960, 997, 1000, 1024, 1200, 2046, 4096, 6561, 16384];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Parseval_holds(int n)
    {
        var x = Signals.Noise(n, seed: n + 1);
        foreach (int width in Widths)
        {
            var fft = new RealFft(n, width);
            var re = new float[fft.BinCount];
            var im = new float[fft.BinCount];
            fft.Forward(x, re, im);

            // Σ|x|² = (1/N)·Σ_{k=0}^{N−1}|X[k]|²; bins 1 … ⌈N/2⌉−1 stand for two bins each.
            double energy = x.Sum(v => (double)v * v);
            double spectral = 0;
            for (int k = 0; k < fft.BinCount; k++)
            {
                double p = ((double)re[k] * re[k]) + ((double)im[k] * im[k]);
                bool single = k == 0 || (n % 2 == 0 && k == n / 2);
                spectral += single ? p : 2 * p;
            }

            // |X|² carries twice the relative error of X.
            Assert.True(Math.Abs((spectral / n) - energy) <= 2 * ForwardBound(n) * energy, $"N={n} width={width}");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Inverse_undoes_forward(int n)
    {
        var x = Signals.Noise(n, seed: 7);
        foreach (int width in Widths)
        {
            var fft = new RealFft(n, width);
            var re = new float[fft.BinCount];
            var im = new float[fft.BinCount];
            var y = new float[n];
            fft.Forward(x, re, im);
            fft.Inverse(re, im, y);
            double error = Tolerance.RelativeError(y, x);
            Assert.True(error <= RoundTripBound(n), $"N={n} width={width}: {error:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Forward_is_linear(int n)
    {
        var x = Signals.Noise(n, seed: 1);
        var y = Signals.Noise(n, seed: 2);
        const float a = 0.75f, b = -2.5f;
        var z = new float[n];
        for (int i = 0; i < n; i++)
        {
            z[i] = (a * x[i]) + (b * y[i]);
        }

        foreach (int width in Widths)
        {
            var fft = new RealFft(n, width);
            int k = fft.BinCount;
            float[] xr = new float[k], xi = new float[k], yr = new float[k], yi = new float[k], zr = new float[k], zi = new float[k];
            fft.Forward(x, xr, xi);
            fft.Forward(y, yr, yi);
            fft.Forward(z, zr, zi);
            var er = new double[k];
            var ei = new double[k];
            for (int i = 0; i < k; i++)
            {
                er[i] = ((double)a * xr[i]) + ((double)b * yr[i]);
                ei[i] = ((double)a * xi[i]) + ((double)b * yi[i]);
            }

            // Each of the three transforms is within ForwardBound of exact, so their combination is within 3×.
            Assert.True(RelativeError(zr, zi, er, ei) <= 3 * ForwardBound(n), $"N={n} width={width}");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Impulse_transforms_to_a_pure_phase_ramp(int n)
    {
        int m0 = n / 3;
        var x = new float[n];
        x[m0] = 1f;
        foreach (int width in Widths)
        {
            var fft = new RealFft(n, width);
            var re = new float[fft.BinCount];
            var im = new float[fft.BinCount];
            fft.Forward(x, re, im);
            var er = new double[fft.BinCount];
            var ei = new double[fft.BinCount];
            for (int k = 0; k < fft.BinCount; k++)
            {
                // δ[m − m0] ↦ e^{−2πikm0/N}
                double angle = -2 * Math.PI * ((long)k * m0 % n) / n;
                er[k] = Math.Cos(angle);
                ei[k] = Math.Sin(angle);
            }

            Assert.True(RelativeError(re, im, er, ei) <= ForwardBound(n), $"N={n} width={width}");
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Circular_shift_multiplies_the_spectrum_by_a_phase_ramp(int n)
    {
        var x = Signals.Noise(n, seed: 9);
        int shift = Math.Max(1, n / 5);
        var shifted = new float[n];
        for (int i = 0; i < n; i++)
        {
            shifted[(i + shift) % n] = x[i];
        }

        foreach (int width in Widths)
        {
            var fft = new RealFft(n, width);
            int bins = fft.BinCount;
            float[] xr = new float[bins], xi = new float[bins], sr = new float[bins], si = new float[bins];
            fft.Forward(x, xr, xi);
            fft.Forward(shifted, sr, si);
            var er = new double[bins];
            var ei = new double[bins];
            for (int k = 0; k < bins; k++)
            {
                // x[m − s] ↦ X[k]·e^{−2πiks/N}
                double angle = -2 * Math.PI * ((long)k * shift % n) / n;
                double c = Math.Cos(angle), s = Math.Sin(angle);
                er[k] = (xr[k] * c) - (xi[k] * s);
                ei[k] = (xr[k] * s) + (xi[k] * c);
            }

            Assert.True(RelativeError(sr, si, er, ei) <= 2 * ForwardBound(n), $"N={n} width={width}");
        }
    }

    [Theory]
    [InlineData(512, 37)]
    [InlineData(1000, 125)]
    [InlineData(997, 400)]
    [InlineData(4096, 1)]
    public void Cosine_on_a_bin_concentrates_in_that_bin(int n, int bin)
    {
        // cos(2π·bin·m/N) ↦ N/2 at k = bin, 0 elsewhere.
        var x = Signals.Sine(n, bin, n);
        foreach (int width in Widths)
        {
            var fft = new RealFft(n, width);
            var re = new float[fft.BinCount];
            var im = new float[fft.BinCount];
            fft.Forward(x, re, im);
            var er = new double[fft.BinCount];
            er[bin] = n / 2.0;
            Assert.True(RelativeError(re, im, er, new double[fft.BinCount]) <= ForwardBound(n), $"N={n} width={width}");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(1024)]
    [InlineData(1018)]
    public void Edge_bins_of_a_real_spectrum_have_exactly_zero_imaginary_part(int n)
    {
        var x = Signals.Noise(n, seed: 4);
        foreach (int width in Widths)
        {
            var fft = new RealFft(n, width);
            var re = new float[fft.BinCount];
            var im = Enumerable.Repeat(float.NaN, fft.BinCount).ToArray();
            fft.Forward(x, re, im);
            Assert.Equal(0f, im[0]);
            if (n % 2 == 0)
            {
                Assert.Equal(0f, im[n / 2]);
            }
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(2)]
    [InlineData(400)]
    [InlineData(1018)]
    public void Inverse_ignores_the_imaginary_parts_of_bin_0_and_the_nyquist_bin(int n)
    {
        var fft = new RealFft(n);
        var re = Signals.Noise(fft.BinCount, seed: 1);
        var im = Signals.Noise(fft.BinCount, seed: 2);
        var a = new float[n];
        var b = new float[n];
        fft.Inverse(re, im, a);
        im[0] = 1e6f;
        im[n / 2] = -3e5f;
        fft.Inverse(re, im, b);
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(1000)]
    [InlineData(997)]
    public void Plans_are_reusable_and_independent_of_earlier_inputs(int n)
    {
        var fft = new RealFft(n);
        var other = new RealFft(n);
        var x = Signals.Noise(n, seed: 1);
        var junk = Signals.Noise(n, seed: 2);
        float[] r1 = new float[fft.BinCount], i1 = new float[fft.BinCount], r2 = new float[fft.BinCount], i2 = new float[fft.BinCount];
        fft.Forward(junk, r1, i1);
        fft.Inverse(r1, i1, new float[n]);
        fft.Forward(x, r1, i1);
        other.Forward(x, r2, i2);
        Assert.Equal(r2, r1);
        Assert.Equal(i2, i1);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(960)]
    [InlineData(997)]
    [InlineData(64)]
    public void Transforms_allocate_nothing(int n)
    {
        var fft = new RealFft(n);
        int k = fft.BinCount;
        const int frames = 5;
        var x = Signals.Noise(n * frames, seed: 1);
        var re = new float[k * frames];
        var im = new float[k * frames];
        var y = new float[n * frames];
        Assert.Equal(0, AllocatedBytes(() => fft.Forward(x.AsSpan(0, n), re.AsSpan(0, k), im.AsSpan(0, k))));
        Assert.Equal(0, AllocatedBytes(() => fft.Inverse(re.AsSpan(0, k), im.AsSpan(0, k), y.AsSpan(0, n))));
        Assert.Equal(0, AllocatedBytes(() => fft.ForwardBatch(x, re, im, frames)));
        Assert.Equal(0, AllocatedBytes(() => fft.InverseBatch(re, im, y, frames)));
    }

    /// <summary>
    /// The least of several <see cref="Allocations.Measure"/> windows. While other tests run, the runtime may tier a
    /// method up in the middle of a window and charge a few kilobytes of its own bookkeeping to this thread; that
    /// happens once, whereas an allocation in the transform would show up in every window.
    /// </summary>
    private static long AllocatedBytes(Action action) => Enumerable.Range(0, 5).Min(_ => Allocations.Measure(action));
}

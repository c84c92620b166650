using MathNet.Numerics.IntegralTransforms;
using Phase.Fourier;
using Phase.Testing;
using static Phase.Tests.Fourier.FftTestSupport;
using Complex = System.Numerics.Complex;

namespace Phase.Tests.Fourier;

/// <summary>The real FFT against independent oracles: a naive O(N²) double-precision DFT up to N = 4096, and
/// MathNet.Numerics' double-precision FFT for the large sizes.</summary>
[KernelTest]
public class RealFftOracleTests
{
    public static TheoryData<int> PowerOfTwoSizes => [16, 32, 64, 128, 256, 512, 1024, 2048, 4096];

    /// <summary>2·3·5-smooth sizes (the mixed-radix path): STFT frames such as 400, 480, 960, 1000, 1200, and odd ones.</summary>
    public static TheoryData<int> SmoothSizes => [2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 30, 45, 60, 90, 100, 125, 240, 243, 250, 360, 375, 400, 480, 750, 960, 1000, 1200, 1500];

    /// <summary>Sizes with a prime factor above 5 (Bluestein): primes, twice a prime, odd composites.</summary>
    public static TheoryData<int> BluesteinSizes => [7, 11, 13, 14, 17, 22, 34, 77, 97, 202, 509, 997, 1009, 1018, 2046, 4094];

    [Theory]
    [MemberData(nameof(PowerOfTwoSizes))]
    [MemberData(nameof(SmoothSizes))]
    [MemberData(nameof(BluesteinSizes))]
    public void Forward_matches_naive_dft_at_every_vector_width(int n)
    {
        var x = Signals.Noise(n, seed: n);
        var (er, ei) = NaiveDft.Forward(x);
        foreach (int width in Widths)
        {
            var fft = new RealFft(n, width);
            var re = new float[fft.BinCount];
            var im = new float[fft.BinCount];
            fft.Forward(x, re, im);
            double error = RelativeError(re, im, er, ei);
            Assert.True(error <= ForwardBound(n), $"N={n} width={width}: relative RMS error {error:E2} > {ForwardBound(n):E2}");
        }
    }

    [Theory]
    [MemberData(nameof(PowerOfTwoSizes))]
    [MemberData(nameof(SmoothSizes))]
    [MemberData(nameof(BluesteinSizes))]
    public void Inverse_matches_naive_inverse_dft_at_every_vector_width(int n)
    {
        // A random spectrum; the imaginary parts of bin 0 and (even N) bin N/2 carry junk that must be ignored.
        var fft0 = new RealFft(n);
        var re = Signals.Noise(fft0.BinCount, seed: 3 * n);
        var im = Signals.Noise(fft0.BinCount, seed: (3 * n) + 1);
        var expected = NaiveInverse(re, im, n);
        foreach (int width in Widths)
        {
            var fft = new RealFft(n, width);
            var y = new float[n];
            fft.Inverse(re, im, y);
            double error = Tolerance.RelativeError(y, expected);
            Assert.True(error <= ForwardBound(n), $"N={n} width={width}: relative RMS error {error:E2} > {ForwardBound(n):E2}");
        }
    }

    [Fact]
    public void MathNet_oracle_agrees_with_naive_dft()
    {
        // The large-size oracle is itself checked against the naive DFT, so a convention mismatch (sign, scaling)
        // cannot hide.
        const int n = 96;
        var x = Signals.Noise(n, seed: 11);
        var (er, ei) = NaiveDft.Forward(x);
        var (mr, mi) = MathNetForward(x);
        for (int k = 0; k <= n / 2; k++)
        {
            Assert.Equal(er[k], mr[k], 1e-9);
            Assert.Equal(ei[k], mi[k], 1e-9);
        }
    }

    [Theory]
    [InlineData(8192)]
    [InlineData(16384)]
    [InlineData(32768)]
    [InlineData(65536)]
    [InlineData(48000)] // 2⁷·3·5³, mixed radix
    [InlineData(44100)] // N/2 = 2·3²·5²·7², Bluestein
    [InlineData(65535)] // 3·5·17·257, odd, Bluestein
    [InlineData(32805)] // 3⁸·5, odd, mixed radix
    public void Forward_matches_mathnet_at_large_sizes(int n)
    {
        var x = Signals.Noise(n, seed: n);
        var (er, ei) = MathNetForward(x);
        foreach (int width in Widths)
        {
            var fft = new RealFft(n, width);
            var re = new float[fft.BinCount];
            var im = new float[fft.BinCount];
            fft.Forward(x, re, im);
            double error = RelativeError(re, im, er, ei);
            Assert.True(error <= ForwardBound(n), $"N={n} width={width}: relative RMS error {error:E2} > {ForwardBound(n):E2}");

            var y = new float[n];
            fft.Inverse(re, im, y);
            double roundTrip = Tolerance.RelativeError(y, x);
            Assert.True(roundTrip <= RoundTripBound(n), $"N={n} width={width}: round trip error {roundTrip:E2} > {RoundTripBound(n):E2}");
        }
    }

    [Fact]
    public void Largest_size_matches_mathnet()
    {
        const int n = RealFft.MaxSize;
        var x = Signals.Noise(n, seed: 5);
        var (er, ei) = MathNetForward(x);
        var fft = new RealFft(n);
        var re = new float[fft.BinCount];
        var im = new float[fft.BinCount];
        fft.Forward(x, re, im);
        Assert.True(RelativeError(re, im, er, ei) <= ForwardBound(n));
    }

    private static (double[] Re, double[] Im) MathNetForward(float[] x)
    {
        var z = new Complex[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            z[i] = new Complex(x[i], 0);
        }

        // FourierOptions.Matlab: e^{−2πikm/N}, no scaling — the same convention as RealFft.Forward.
        MathNet.Numerics.IntegralTransforms.Fourier.Forward(z, FourierOptions.Matlab);
        int bins = (x.Length / 2) + 1;
        var re = new double[bins];
        var im = new double[bins];
        for (int k = 0; k < bins; k++)
        {
            re[k] = z[k].Real;
            im[k] = z[k].Imaginary;
        }

        return (re, im);
    }
}

using Phase.Fourier;
using Phase.Testing;

namespace Phase.Tests.Fourier;

[KernelTest]
public class RealFftTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(400)]
    [InlineData(1024)]
    [InlineData(997)]
    public void Forward_matches_naive_dft(int n)
    {
        var x = Signals.Noise(n, seed: n);
        var fft = new RealFft(n);
        var re = new float[fft.BinCount];
        var im = new float[fft.BinCount];
        fft.Forward(x, re, im);
        var (er, ei) = NaiveDft.Forward(x);
        Assert.True(Tolerance.RelativeError(re, er) < 1e-5, "real");
        Assert.True(Tolerance.RelativeError(im, ei) < 1e-5 * Math.Sqrt(n), "imag");
    }

    [Theory]
    [InlineData(16)]
    [InlineData(400)]
    [InlineData(997)]
    public void Inverse_undoes_forward(int n)
    {
        var x = Signals.Noise(n, seed: 7);
        var fft = new RealFft(n);
        var re = new float[fft.BinCount];
        var im = new float[fft.BinCount];
        var y = new float[n];
        fft.Forward(x, re, im);
        fft.Inverse(re, im, y);
        Assert.True(Tolerance.RelativeError(y, x) < 1e-6);
    }
}

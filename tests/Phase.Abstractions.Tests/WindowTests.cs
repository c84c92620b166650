namespace Phase.Tests;

public class WindowTests
{
    public static TheoryData<int> Lengths => new() { 2, 3, 16, 17, 255, 256, 1024 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Hann_matches_mathnet_in_both_symmetries(int n)
    {
        AssertClose(MathNet.Numerics.Window.HannPeriodic(n), Window.Create(WindowKind.Hann, n, WindowSymmetry.Periodic));
        AssertClose(MathNet.Numerics.Window.Hann(n), Window.Create(WindowKind.Hann, n, WindowSymmetry.Symmetric));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Blackman_sqrt_hann_and_rectangular_match_mathnet(int n)
    {
        // MathNet's Blackman is the symmetric 0.42/0.5/0.08 window; its Cosine window is sin(πm/D) (sqrt-Hann); Dirichlet is rectangular.
        AssertClose(MathNet.Numerics.Window.Blackman(n), Window.Create(WindowKind.Blackman, n, WindowSymmetry.Symmetric));
        AssertClose(MathNet.Numerics.Window.Cosine(n), Window.Create(WindowKind.SqrtHann, n, WindowSymmetry.Symmetric));
        AssertClose(MathNet.Numerics.Window.CosinePeriodic(n), Window.Create(WindowKind.SqrtHann, n, WindowSymmetry.Periodic));
        AssertClose(MathNet.Numerics.Window.Dirichlet(n), Window.Create(WindowKind.Rectangular, n));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Hamming_and_blackman_match_closed_forms(int n)
    {
        // MathNet's Hamming uses 0.53836/0.46164; Phase uses the classic 0.54/0.46, so compare with the formula itself.
        foreach (WindowSymmetry sym in new[] { WindowSymmetry.Periodic, WindowSymmetry.Symmetric })
        {
            double d = sym == WindowSymmetry.Periodic ? n : n - 1;
            var hamming = new double[n];
            var blackman = new double[n];
            for (int m = 0; m < n; m++)
            {
                hamming[m] = 0.54 - 0.46 * Math.Cos(2 * Math.PI * m / d);
                blackman[m] = Math.Max(0, 0.42 - 0.5 * Math.Cos(2 * Math.PI * m / d) + 0.08 * Math.Cos(4 * Math.PI * m / d));
            }

            AssertClose(hamming, Window.Create(WindowKind.Hamming, n, sym));
            AssertClose(blackman, Window.Create(WindowKind.Blackman, n, sym));
        }
    }

    [Theory]
    [InlineData(64, 0.15)]
    [InlineData(101, 0.05)]
    [InlineData(1024, 0.3)]
    public void Symmetric_gaussian_matches_mathnet_gauss(int n, double c)
    {
        // exp(−π(m − D/2)²/(C·Nw²)) = exp(−½((m − D/2)/(σ·D/2))²) with σ = √(C/(2π))·2Nw/D, D = Nw − 1.
        double d = n - 1;
        double sigma = Math.Sqrt(c / (2 * Math.PI)) * 2 * n / d;
        AssertClose(MathNet.Numerics.Window.Gauss(n, sigma), Window.Create(WindowKind.Gaussian, n, WindowSymmetry.Symmetric, c));
    }

    [Theory]
    [InlineData(64, 8.6)]
    [InlineData(255, 5)]
    [InlineData(1024, 12)]
    [InlineData(32, 0)]
    public void Kaiser_matches_power_series_bessel(int n, double beta)
    {
        foreach (WindowSymmetry sym in new[] { WindowSymmetry.Periodic, WindowSymmetry.Symmetric })
        {
            double d = sym == WindowSymmetry.Periodic ? n : n - 1;
            var expected = new double[n];
            for (int m = 0; m < n; m++)
            {
                double u = 2 * m / d - 1;
                expected[m] = I0(beta * Math.Sqrt(Math.Max(0, 1 - u * u))) / I0(beta);
            }

            AssertClose(expected, Window.Create(WindowKind.Kaiser, n, sym, beta));
        }
    }

    [Theory]
    [InlineData(WindowKind.Hann)]
    [InlineData(WindowKind.Hamming)]
    [InlineData(WindowKind.Blackman)]
    [InlineData(WindowKind.SqrtHann)]
    [InlineData(WindowKind.Kaiser)]
    [InlineData(WindowKind.Rectangular)]
    public void Periodic_window_is_the_symmetric_window_one_longer_without_its_last_sample(WindowKind kind)
    {
        // Not true for the Gaussian, whose width C·Nw² is tied to the length itself.
        foreach (int n in new[] { 8, 33, 512 })
        {
            float[] periodic = Window.Create(kind, n, WindowSymmetry.Periodic);
            float[] symmetric = Window.Create(kind, n + 1, WindowSymmetry.Symmetric);
            for (int m = 0; m < n; m++)
            {
                Assert.Equal(symmetric[m], periodic[m], 1e-6f);
            }
        }
    }

    [Theory]
    [InlineData(WindowKind.Hann)]
    [InlineData(WindowKind.Hamming)]
    [InlineData(WindowKind.Blackman)]
    [InlineData(WindowKind.SqrtHann)]
    [InlineData(WindowKind.Gaussian)]
    [InlineData(WindowKind.Kaiser)]
    [InlineData(WindowKind.Rectangular)]
    public void Windows_are_non_negative_peak_at_one_in_the_centre_and_symmetric_or_periodic_even(WindowKind kind)
    {
        foreach (int n in new[] { 16, 17, 1024 })
        {
            float[] s = Window.Create(kind, n, WindowSymmetry.Symmetric);
            float[] p = Window.Create(kind, n, WindowSymmetry.Periodic);
            for (int m = 0; m < n; m++)
            {
                Assert.True(s[m] >= 0 && p[m] >= 0);
                Assert.Equal(s[m], s[n - 1 - m], 1e-6f);           // symmetric: w[m] = w[Nw − 1 − m]
                if (m > 0)
                {
                    Assert.Equal(p[m], p[n - m], 1e-6f);           // periodic (DFT-even): w[m] = w[Nw − m]
                }
            }

            // The centre sample is the peak, 1: m = Nw/2 of a periodic window (even Nw), m = (Nw − 1)/2 of a symmetric one (odd Nw).
            Assert.Equal(1f, n % 2 == 0 ? p[n / 2] : s[(n - 1) / 2], 1e-6f);
            Assert.True(s.Max() <= 1 + 1e-6 && p.Max() <= 1 + 1e-6);
        }
    }

    [Fact]
    public void Window_rejects_bad_lengths_and_parameters()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Window.Create(WindowKind.Hann, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Window.Create(WindowKind.Hann, Window.MaxLength + 1));
        var g = Assert.Throws<ArgumentOutOfRangeException>(() => Window.Create(WindowKind.Gaussian, 16, parameter: 0));
        Assert.Contains("(0, 10]", g.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => Window.Create(WindowKind.Kaiser, 16, parameter: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Window.Create((WindowKind)99, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => Window.Create(WindowKind.Hann, 16, (WindowSymmetry)5));
        Assert.Equal(new[] { 1f }, Window.Create(WindowKind.Hann, 1, WindowSymmetry.Symmetric));
        Assert.Equal(new[] { 0f }, Window.Create(WindowKind.Hann, 1, WindowSymmetry.Periodic)); // first sample of symmetric Hann(2)
        Assert.Equal(Window.DefaultGaussianParameter, Window.DefaultParameter(WindowKind.Gaussian));
        Assert.True(double.IsNaN(Window.DefaultParameter(WindowKind.Hann)));
    }

    [Fact]
    public void Gaussian_constant_fit_reproduces_tabulated_values()
    {
        // The least-squares Gaussian fit behind the Kaiser constant, applied to windows with tabulated constants.
        Assert.InRange(Window.FitGaussianConstant(x => 0.5 + 0.5 * Math.Cos(2 * Math.PI * x)) / 0.25645, 0.995, 1.005);
        Assert.InRange(Window.FitGaussianConstant(x => 0.54 + 0.46 * Math.Cos(2 * Math.PI * x)) / 0.29794, 0.995, 1.005);
        Assert.InRange(Window.FitGaussianConstant(x => 0.42 + 0.5 * Math.Cos(2 * Math.PI * x) + 0.08 * Math.Cos(4 * Math.PI * x)) / 0.17954, 0.995, 1.005);
        Assert.InRange(Window.FitGaussianConstant(x => Math.Cos(Math.PI * x)) / 0.41532, 0.995, 1.005);
    }

    [Fact]
    public void Kaiser_gaussian_constant_is_plausible()
    {
        double hann = Window.GaussianEquivalentConstant(WindowKind.Hann);
        double blackman = Window.GaussianEquivalentConstant(WindowKind.Blackman);
        Assert.Equal(0.25645, hann);
        Assert.Equal(0.17954, blackman);

        // Larger β means a narrower window, hence a smaller constant.
        double previous = double.PositiveInfinity;
        foreach (double beta in new[] { 2.0, 4, 6, 7, 8, 10, 14 })
        {
            double c = Window.GaussianEquivalentConstant(WindowKind.Kaiser, beta);
            Assert.True(c < previous, $"β = {beta}: {c} not below {previous}");
            previous = c;
        }

        // Typical β (between the Hann-like and Blackman-like Kaisers) lies between the two tabulated constants.
        foreach (double beta in new[] { 6.5, 7, 7.5, 8 })
        {
            Assert.InRange(Window.GaussianEquivalentConstant(WindowKind.Kaiser, beta), blackman, hann);
        }

        // The default β = 8.6 is chosen to resemble Blackman.
        Assert.InRange(Window.GaussianEquivalentConstant(WindowKind.Kaiser) / blackman, 0.98, 1.02);
        Assert.Equal(0.3, Window.GaussianEquivalentConstant(WindowKind.Gaussian, 0.3));
    }

    /// <summary>I0(x) = Σ_k ((x/2)^k / k!)², summed until the terms stop mattering.</summary>
    private static double I0(double x)
    {
        double sum = 1, term = 1;
        for (int k = 1; k < 500; k++)
        {
            term *= (x / 2) / k;
            sum += term * term;
            if (term * term < 1e-17 * sum)
            {
                break;
            }
        }

        return sum;
    }

    private static void AssertClose(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-7 + 1e-7 * Math.Abs(expected[i]), $"[{i}]: {actual[i]} vs {expected[i]}");
        }
    }
}

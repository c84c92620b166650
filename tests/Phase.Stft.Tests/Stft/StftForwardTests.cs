using System.Numerics;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Stft;

[KernelTest]
public class StftForwardTests
{
    public static TheoryData<int, int, int, StftPadding, int> Configurations => new()
    {
        { 64, 64, 16, StftPadding.Reflect, 1000 },
        { 64, 48, 12, StftPadding.Zero, 777 },
        { 64, 64, 16, StftPadding.Uncentered, 501 },
        { 63, 63, 16, StftPadding.Reflect, 400 },   // odd N (Bluestein path)
        { 45, 40, 10, StftPadding.Uncentered, 333 }, // odd N, N > Nw
        { 32, 32, 8, StftPadding.Reflect, 7 },       // signal shorter than half a frame: reflect repeats
        { 32, 32, 8, StftPadding.Zero, 1 },
        { 32, 32, 8, StftPadding.Reflect, 1 },
        { 32, 32, 8, StftPadding.Uncentered, 20 },   // shorter than one frame: one zero-filled frame
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Stft_matches_direct_time_invariant_definition(int fftSize, int windowLength, int hop, StftPadding padding, int length)
    {
        var s = new StftSettings(windowLength, hop, fftSize, padding: padding);
        var x = Signals.Noise(length, seed: length + fftSize);
        using var plan = new StftPlan(s);
        ComplexSpectrogram spec = plan.Forward(x);
        var (re, im) = StftOracle.Stft(x, s);
        Assert.Equal(s.FrameCount(length), spec.FrameCount);
        Assert.Equal(s.BinCount, spec.BinCount);
        double err = ComplexRelativeError(spec.Real, spec.Imaginary, re, im);
        Assert.True(err < 2e-6, $"relative error {err:E2}");
    }

    [Theory]
    [InlineData(StftPadding.Reflect)]
    [InlineData(StftPadding.Zero)]
    [InlineData(StftPadding.Uncentered)]
    public void Magnitude_span_and_convenience_agree_with_complex_stft(StftPadding padding)
    {
        var s = new StftSettings(128, 32, padding: padding);
        var x = Signals.Chirp(3000, 100, 8000, s.SampleRate);
        using var plan = new StftPlan(s);
        ComplexSpectrogram spec = plan.Forward(x);
        MagnitudeSpectrogram mag = plan.ForwardMagnitude(x);
        var expected = new double[spec.Real.Length];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = Math.Sqrt((double)spec.Real[i] * spec.Real[i] + (double)spec.Imaginary[i] * spec.Imaginary[i]);
        }

        Assert.True(Tolerance.RelativeError(mag.Values, expected) < 1e-6);
        var viaSettings = s.StftMagnitude(x);
        Assert.Equal(mag.Values.ToArray(), viaSettings.Values.ToArray());
    }

    [Fact]
    public void Reflect_padding_matches_numpy_reflect_for_signals_shorter_than_the_pad()
    {
        // np.pad(x, (p, p), "reflect") printed by numpy 1.24.2.
        AssertPad([1, 2, 3], 7, [2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2]);
        AssertPad([5], 3, [5, 5, 5, 5, 5, 5, 5]);
        AssertPad([1, 2], 5, [2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]);
        AssertPad([1, 2, 3, 4], 9, [4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1, 2, 3, 4, 3, 2, 1]);

        static void AssertPad(float[] x, int pad, float[] expected)
        {
            var got = new float[x.Length + 2 * pad];
            StftPlan.FillPadded(x, -pad, got, reflect: true);
            Assert.Equal(expected, got);
            var oracle = new float[got.Length];
            for (int i = 0; i < oracle.Length; i++)
            {
                oracle[i] = (float)StftOracle.Sample(x, i - pad, StftPadding.Reflect);
            }

            Assert.Equal(expected, oracle);
        }
    }

    [Fact]
    public void Frame_start_conversion_matches_numpy_librosa_style_reference()
    {
        // numpy 1.24.2: xp = np.pad(x, (8, 8), "reflect"); X[n] = np.fft.rfft(xp[5n:5n+16] * fw), fw = periodic Hann(12)
        // centred in 16 samples (librosa's pad_center). x[i] = sin(0.7i) + 0.25cos(1.9i) + 0.1(i mod 5).
        float[] x =
        [
            0.25f, 0.663395296f, 0.987707802f, 1.37188756f, 0.797803111f, -0.600076267f, -0.673203056f, -0.596765319f,
            -0.549700884f, 0.372361633f, 0.904162753f, 0.972801558f, 0.882016439f, 0.846053262f, 0.0593590375f,
            -1.12335708f, -0.747469571f, -0.25963554f, 0.0994310801f, 1.06249183f, 1.22937577f, 0.798442092f, 0.359594116f,
        ];
        double[] re =
        [
            4.65986832, -2.99706879, -0.186788417, 1.66562785, -0.832660148, -0.0703831911, -0.111014694, 0.401824138, -0.398941803,
            0.652775785, 0.0273793376, -0.986340165, 1.09756242, -0.922478717, 0.92473141, -0.731690833, 0.350631904, -0.17236649,
            2.26418859, -2.33179798, 1.93857876, -0.986398129, 0.501465082, -0.469453503, 0.176668754, 0.170998604, -0.264311755,
            -0.183092569, 1.27240869, -2.53420799, 2.00136967, -1.05434702, 0.867334411, -0.730152866, 0.352315541, -0.166348313,
            3.69572228, -3.18157601, 2.14901717, -1.39772155, 1.00558342, -0.574160237, 0.0687812701, 0.23595473, -0.30747985,
        ];
        double[] im =
        [
            0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, -2.31172008, 3.02151259, -1.96187101, 0.5599425, -0.019316138, 0.0685332643, -0.0781315398, 0,
            0, 1.79091984, -2.00482173, 0.831059145, 0.196244382, -0.321225349, 0.142754257, -0.0939267436, 0,
            0, -1.19341487, 1.65365352, -1.16287746, 0.33970352, 0.0547277452, -0.00487968262, -0.0654999297, 0,
            0, 1.16195143, -0.291467658, -0.842336107, 0.628976462, -0.129858009, 0.0987768959, -0.102415809, 0,
        ];
        var s = new StftSettings(windowLength: 12, hop: 5, fftSize: 16, padding: StftPadding.Reflect);
        ComplexSpectrogram spec = s.Stft(x);
        PhaseConvention.ToFrameStart(spec, s);
        Assert.Equal(5, spec.FrameCount);
        for (int i = 0; i < re.Length; i++)
        {
            Assert.True(Math.Abs(spec.Real[i] - re[i]) < 2e-6, $"re[{i}]: {spec.Real[i]} vs {re[i]}");
            Assert.True(Math.Abs(spec.Imaginary[i] - im[i]) < 2e-6, $"im[{i}]: {spec.Imaginary[i]} vs {im[i]}");
        }
    }

    [Theory]
    [InlineData(256, 64, 10.3, 0.4, WindowSymmetry.Periodic)]
    [InlineData(256, 32, 37.75, -1.2, WindowSymmetry.Periodic)]
    [InlineData(255, 60, 20.5, 2.0, WindowSymmetry.Symmetric)]
    public void Sinusoid_has_time_invariant_phase_advancing_2pi_mu_H_over_N_per_hop(int n, int hop, double mu, double phi0, WindowSymmetry symmetry)
    {
        // x[t] = cos(2πμt/N + φ0): in the time-invariant convention X[n, k] ≈ ½·e^{i(2πμnH/N + φ0)}·Ŵ(k − μ) with Ŵ real and
        // positive in the Hann main lobe, so every main-lobe bin carries the phase 2πμnH/N + φ0. Ŵ is real only if the
        // window is even about the centre sample ⌊N/2⌋: periodic for even N, symmetric for odd N.
        var s = new StftSettings(n, hop, padding: StftPadding.Zero, symmetry: symmetry);
        int length = 40 * hop + 2 * n;
        var x = new float[length];
        for (int t = 0; t < length; t++)
        {
            x[t] = (float)Math.Cos(2 * Math.PI * mu * t / n + phi0);
        }

        ComplexSpectrogram spec = s.Stft(x);
        int k0 = (int)Math.Floor(mu), k1 = k0 + 1;
        int first = n / hop + 1, last = s.FrameCount(length) - n / hop - 2;
        for (int f = first; f <= last; f++)
        {
            double expected = 2 * Math.PI * mu * f * hop / n + phi0;
            foreach (int k in new[] { k0, k1 })
            {
                double phase = Math.Atan2(spec[f, k].Imaginary, spec[f, k].Real);
                Assert.True(Math.Abs(PrincArg(phase - expected)) < 2e-3, $"frame {f} bin {k}: {phase} vs {PrincArg(expected)}");
            }

            double advance = Math.Atan2(spec[f, k0].Imaginary, spec[f, k0].Real) - Math.Atan2(spec[f - 1, k0].Imaginary, spec[f - 1, k0].Real);
            Assert.True(Math.Abs(PrincArg(advance - 2 * Math.PI * mu * hop / n)) < 2e-3);
        }
    }

    [Theory]
    [InlineData(128, 128, 32)]
    [InlineData(128, 100, 25)]
    [InlineData(99, 99, 20)]
    public void Frame_energy_satisfies_parseval(int n, int windowLength, int hop)
    {
        // Σ_j |fw[j]·x[s_n + j]|² = (1/N)·Σ_{k=0}^{N−1} |X[n,k]|², folding bins k and N − k.
        var s = new StftSettings(windowLength, hop, n, window: WindowKind.Hamming, padding: StftPadding.Zero);
        var x = Signals.Noise(1500, seed: 11);
        ComplexSpectrogram spec = s.Stft(x);
        for (int f = 0; f < spec.FrameCount; f++)
        {
            double timeEnergy = 0;
            for (int j = 0; j < n; j++)
            {
                double v = StftOracle.Sample(x, f * hop - n / 2 + j, StftPadding.Zero) * s.FrameWindow[j];
                timeEnergy += v * v;
            }

            double freqEnergy = 0;
            for (int k = 0; k < s.BinCount; k++)
            {
                double weight = k == 0 || (n % 2 == 0 && k == n / 2) ? 1 : 2;
                freqEnergy += weight * Complex.Abs(spec[f, k]) * Complex.Abs(spec[f, k]);
            }

            freqEnergy /= n;
            Assert.True(Math.Abs(freqEnergy - timeEnergy) <= 1e-5 * timeEnergy + 1e-9, $"frame {f}: {freqEnergy} vs {timeEnergy}");
        }
    }

    [Fact]
    public void Frame_count_and_shapes_follow_the_settings()
    {
        var centred = new StftSettings(256, 64);
        Assert.Equal(1 + 1000 / 64, centred.Stft(new float[1000]).FrameCount);
        var uncentred = new StftSettings(256, 64, padding: StftPadding.Uncentered);
        Assert.Equal(1 + (1000 - 256 + 63) / 64, uncentred.Stft(new float[1000]).FrameCount);
        Assert.Equal(1, uncentred.Stft(new float[100]).FrameCount);
        Assert.Equal(129, centred.Stft(new float[10]).BinCount);
    }

    /// <summary>‖a − b‖_F / ‖b‖_F over both planes together (‖a − b‖_F when b = 0).</summary>
    internal static double ComplexRelativeError(ReadOnlySpan<float> re, ReadOnlySpan<float> im, double[] expRe, double[] expIm)
    {
        double num = 0, den = 0;
        for (int i = 0; i < expRe.Length; i++)
        {
            double dr = re[i] - expRe[i], di = im[i] - expIm[i];
            num += dr * dr + di * di;
            den += expRe[i] * expRe[i] + expIm[i] * expIm[i];
        }

        return den == 0 ? Math.Sqrt(num) : Math.Sqrt(num / den); // absolute when the reference is zero
    }

    private static double PrincArg(double a) => a - 2 * Math.PI * Math.Round(a / (2 * Math.PI));
}

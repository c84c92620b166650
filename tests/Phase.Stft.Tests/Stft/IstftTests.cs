using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Stft;

[KernelTest]
public class IstftTests
{
    public static TheoryData<WindowKind, int, StftPadding> WindowsOverlapsPaddings()
    {
        var data = new TheoryData<WindowKind, int, StftPadding>();
        foreach (WindowKind w in Enum.GetValues<WindowKind>())
        {
            foreach (int divisor in new[] { 2, 4, 8 }) // 50 %, 75 %, 87.5 % overlap
            {
                foreach (StftPadding p in Enum.GetValues<StftPadding>())
                {
                    data.Add(w, divisor, p);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WindowsOverlapsPaddings))]
    public void Istft_inverts_Stft_for_nola_windows(WindowKind window, int overlapDivisor, StftPadding padding)
    {
        const int n = 256;
        var s = new StftSettings(n, n / overlapDivisor, window: window, padding: padding);
        var x = Signals.Noise(5003, seed: (int)window * 31 + overlapDivisor); // odd length
        using var plan = new StftPlan(s);
        float[] y = plan.Inverse(plan.Forward(x), x.Length);
        Assert.Equal(x.Length, y.Length);
        AssertReconstructs(x, y, padding, n);
    }

    [Theory]
    [InlineData(512, 400, 100, StftPadding.Reflect)]  // FFT size > window length
    [InlineData(512, 400, 100, StftPadding.Zero)]
    [InlineData(512, 301, 75, StftPadding.Uncentered)]
    [InlineData(255, 255, 64, StftPadding.Reflect)]   // odd FFT size
    [InlineData(99, 80, 20, StftPadding.Zero)]        // odd FFT size > window
    [InlineData(1024, 1024, 256, StftPadding.Reflect)]
    [InlineData(256, 256, 48, StftPadding.Zero)]      // hop does not divide N/2
    public void Istft_inverts_Stft_for_other_geometries(int fftSize, int windowLength, int hop, StftPadding padding)
    {
        var s = new StftSettings(windowLength, hop, fftSize, padding: padding);
        var x = Signals.Chirp(9001, 50, 9000, s.SampleRate);
        using var plan = new StftPlan(s);
        float[] y = plan.Inverse(plan.Forward(x), x.Length);
        AssertReconstructs(x, y, padding, fftSize);
    }

    [Theory]
    [InlineData(1, StftPadding.Reflect)]
    [InlineData(1, StftPadding.Zero)]
    [InlineData(2, StftPadding.Reflect)]
    [InlineData(17, StftPadding.Reflect)]
    [InlineData(17, StftPadding.Zero)]
    [InlineData(100, StftPadding.Reflect)]
    [InlineData(255, StftPadding.Zero)]
    public void Istft_inverts_Stft_for_signals_shorter_than_one_frame(int length, StftPadding padding)
    {
        var s = new StftSettings(256, 64, padding: padding);
        var x = Signals.Noise(length, seed: length);
        using var plan = new StftPlan(s);
        float[] y = plan.Inverse(plan.Forward(x), length);
        Assert.True(Tolerance.RelativeError(y, x) < 1e-6, $"relative error {Tolerance.RelativeError(y, x):E2}");
    }

    [Theory]
    [InlineData(32, 32, 8, StftPadding.Reflect, 150, 150)]
    [InlineData(32, 32, 8, StftPadding.Zero, 150, 171)]      // longer than natural: part of the end is under fewer frames
    [InlineData(32, 24, 6, StftPadding.Zero, 150, 200)]      // and beyond the last frame's reach
    [InlineData(32, 32, 8, StftPadding.Uncentered, 150, 150)]
    [InlineData(31, 31, 7, StftPadding.Uncentered, 100, 90)] // shorter than natural
    [InlineData(33, 20, 5, StftPadding.Reflect, 77, 40)]
    public void Istft_equals_direct_weighted_overlap_add_for_arbitrary_frames(int fftSize, int windowLength, int hop, StftPadding padding, int frames100, int length)
    {
        // An inconsistent spectrogram (random coefficients): the ISTFT is the least-squares signal
        // y[t] = Σ_n fw[t − s_n]·IDFT(X_n)[t − c_n] / Σ_n fw²[t − s_n], summed over the frames that exist (exact at both ends).
        var s = new StftSettings(windowLength, hop, fftSize, window: WindowKind.Hamming, padding: padding);
        int frames = frames100 / 10;
        var re = Signals.Noise(frames * s.BinCount, seed: 1);
        var im = Signals.Noise(frames * s.BinCount, seed: 2);
        var y = new float[length];
        using var plan = new StftPlan(s);
        plan.Inverse(re, im, y);
        double[] expected = StftOracle.Istft(re, im, s, length);
        Assert.True(Tolerance.RelativeError(y, expected) < 1e-6, $"relative error {Tolerance.RelativeError(y, expected):E2}");
        for (int t = 0; t < length; t++)
        {
            Assert.True(Math.Abs(y[t] - expected[t]) < 1e-5, $"sample {t}: {y[t]} vs {expected[t]}");
        }
    }

    [Theory]
    [InlineData(32, 32, 8, StftPadding.Reflect, 150, 150)]
    [InlineData(32, 32, 8, StftPadding.Zero, 150, 171)]
    [InlineData(32, 24, 6, StftPadding.Zero, 150, 200)]
    [InlineData(32, 32, 8, StftPadding.Uncentered, 150, 150)]
    [InlineData(31, 31, 7, StftPadding.Uncentered, 100, 90)] // shorter than natural: the last frames are not requested
    [InlineData(33, 20, 5, StftPadding.Reflect, 77, 40)]
    [InlineData(1024, 1024, 256, StftPadding.Reflect, 1300, 33000)] // several blocks of 32 frames and a partial one
    [InlineData(1024, 1024, 256, StftPadding.Reflect, 10, 100)]    // one frame, a 100-sample output
    public void Frame_source_inverse_equals_the_oracle_and_the_plane_inverse_bit_for_bit(int fftSize, int windowLength, int hop, StftPadding padding, int frames10, int length)
    {
        var s = new StftSettings(windowLength, hop, fftSize, window: WindowKind.Hamming, padding: padding);
        int frames = frames10 / 10;
        var re = Signals.Noise(frames * s.BinCount, seed: 3);
        var im = Signals.Noise(frames * s.BinCount, seed: 4);
        using var plan = new StftPlan(s);
        var fromPlanes = new float[length];
        plan.Inverse(re, im, fromPlanes);
        var source = new RecordingSource(re, im, s.BinCount);
        var fromSource = new float[length];
        Array.Fill(fromSource, float.NaN); // every sample must be written
        plan.Inverse(ref source, frames, fromSource);
        Assert.Equal(fromPlanes, fromSource);

        double[] expected = StftOracle.Istft(re, im, s, length);
        Assert.True(Tolerance.RelativeError(fromSource, expected) < 1e-6, $"relative error {Tolerance.RelativeError(fromSource, expected):E2}");

        // Frames requested in order from 0, each once, and none that cannot reach the output.
        int reaching = Enumerable.Range(0, frames).Count(f => s.FrameCenter(f) - (s.FftSize / 2) <= length - 1);
        Assert.Equal(reaching, source.Requested);
        Assert.True(source.InOrder);
    }

    [Fact]
    public void Frame_source_inverse_refuses_bad_arguments_and_non_finite_frames()
    {
        var s = new StftSettings(64, 16);
        using var plan = new StftPlan(s);
        var re = new float[10 * s.BinCount];
        var im = new float[10 * s.BinCount];
        var source = new RecordingSource(re, im, s.BinCount);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => plan.Inverse(ref source, 0, new float[100]));
        Assert.Equal("frameCount", e.ParamName);
        var empty = Assert.Throws<ArgumentException>(() => plan.Inverse(ref source, 10, Span<float>.Empty));
        Assert.Equal("signal", empty.ParamName);

        im[(7 * s.BinCount) + 5] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => plan.Inverse(ref source, 10, new float[200]));
        Assert.Contains("frame 7", nan.Message, StringComparison.Ordinal);

        plan.Dispose();
        Assert.Throws<ObjectDisposedException>(() => plan.Inverse(ref source, 10, new float[200]));
    }

    /// <summary>Serves frames from planes and records the order in which they were asked for.</summary>
    private struct RecordingSource(float[] re, float[] im, int bins) : IStftFrameSource
    {
        public int Requested { get; private set; }

        public bool InOrder { get; private set; } = true;

        public void WriteFrames(int firstFrame, Span<float> real, Span<float> imag)
        {
            InOrder &= firstFrame == Requested && real.Length == imag.Length && real.Length % bins == 0;
            re.AsSpan(firstFrame * bins, real.Length).CopyTo(real);
            im.AsSpan(firstFrame * bins, imag.Length).CopyTo(imag);
            Requested += real.Length / bins;
        }
    }

    [Fact]
    public void Istft_returns_exactly_the_requested_length_with_zeros_past_the_last_frame()
    {
        var s = new StftSettings(64, 16, padding: StftPadding.Zero);
        var x = Signals.Noise(1000, seed: 3);
        using var plan = new StftPlan(s);
        ComplexSpectrogram spec = plan.Forward(x);
        int reach = (spec.FrameCount - 1) * 16 + 32; // the last frame covers up to (F − 1)H + ⌈N/2⌉ − 1
        float[] longer = plan.Inverse(spec, 1500);
        Assert.Equal(1500, longer.Length);
        Assert.True(Tolerance.RelativeError(longer.AsSpan(0, 1000), x) < 1e-6);
        for (int t = reach; t < 1500; t++)
        {
            Assert.Equal(0f, longer[t]);
        }

        float[] shorter = plan.Inverse(spec, 300);
        Assert.Equal(300, shorter.Length);
        Assert.True(Tolerance.RelativeError(shorter, x.AsSpan(0, 300)) < 1e-6);
        Assert.Equal(s.DefaultSignalLength(spec.FrameCount), plan.Inverse(spec).Length);
    }

    [Fact]
    public void Uncentered_istft_returns_zero_where_the_window_is_zero()
    {
        // Periodic Hann with Nw = N has w[0] = 0: signal sample 0 lies under no nonzero window value.
        var s = new StftSettings(64, 16, padding: StftPadding.Uncentered);
        var x = Signals.Noise(640, seed: 4);
        float[] y = s.Istft(s.Stft(x), x.Length);
        Assert.Equal(0f, y[0]);
        Assert.True(Math.Abs(y[5] - x[5]) < 1e-3);
    }

    [Fact]
    public void Istft_ignores_imaginary_parts_of_dc_and_nyquist()
    {
        var s = new StftSettings(64, 16);
        var x = Signals.Noise(500, seed: 5);
        using var plan = new StftPlan(s);
        ComplexSpectrogram spec = plan.Forward(x);
        for (int f = 0; f < spec.FrameCount; f++)
        {
            spec.ImaginaryFrame(f)[0] = 3f;
            spec.ImaginaryFrame(f)[32] = -2f;
        }

        Assert.True(Tolerance.RelativeError(plan.Inverse(spec, 500), x) < 1e-6);
    }

    [Fact]
    public void Plan_is_reusable_and_span_overloads_agree()
    {
        var s = new StftSettings(128, 32, padding: StftPadding.Reflect);
        using var plan = new StftPlan(s);
        for (int i = 0; i < 3; i++)
        {
            var x = Signals.Noise(1000 + 333 * i, seed: i);
            int frames = plan.FrameCount(x.Length);
            var re = new float[frames * plan.BinCount];
            var im = new float[frames * plan.BinCount];
            plan.Forward(x, re, im);
            var y = new float[x.Length];
            plan.Inverse(re, im, y);
            Assert.True(Tolerance.RelativeError(y, x) < 1e-6);
            ComplexSpectrogram spec = plan.Forward(x);
            Assert.Equal(re, spec.Real.ToArray());
            Assert.Equal(im, spec.Imaginary.ToArray());
        }
    }

    private static void AssertReconstructs(float[] x, float[] y, StftPadding padding, int n)
    {
        if (padding == StftPadding.Uncentered)
        {
            // Uncentred: only samples under every frame that should cover them are exact; compare the interior.
            int lo = n, hi = x.Length - 2 * n;
            double err = Tolerance.RelativeError(y.AsSpan(lo, hi - lo), x.AsSpan(lo, hi - lo));
            Assert.True(err < 1e-6, $"interior relative error {err:E2}");
        }
        else
        {
            double err = Tolerance.RelativeError(y, x);
            Assert.True(err < 1e-6, $"relative error {err:E2}");
        }
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Phase.Tests;

public class StftSettingsTests
{
    [Fact]
    public void Defaults_are_the_tts_setting()
    {
        StftSettings s = StftSettings.Default;
        Assert.Equal(1024, s.WindowLength);
        Assert.Equal(1024, s.FftSize);
        Assert.Equal(256, s.Hop);
        Assert.Equal(22050, s.SampleRate);
        Assert.Equal(WindowKind.Hann, s.WindowKind);
        Assert.Equal(StftPadding.Reflect, s.Padding);
        Assert.Equal(WindowSymmetry.Periodic, s.Symmetry);
        Assert.Equal(513, s.BinCount);
        Assert.True(s.IsCentered);
        Assert.True(double.IsNaN(s.WindowParameter));
        Assert.Equal(100, new StftSettings(400).Hop); // hop 0 → Nw/4
        Assert.Equal(400, new StftSettings(400).FftSize); // FFT size 0 → Nw
        Assert.Equal(Window.DefaultKaiserBeta, new StftSettings(window: WindowKind.Kaiser).WindowParameter);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(65537)]
    public void Rejects_fft_size_out_of_range(int fftSize)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(2, 1, fftSize));
        Assert.Equal("fftSize", ex.ParamName);
        Assert.Contains("between 4 and 65536", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_other_out_of_range_values_naming_the_parameter_and_the_allowed_range()
    {
        Assert.Equal("windowLength", Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(1, 1, 16)).ParamName);
        var longWindow = Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(32, 8, 16));
        Assert.Equal("windowLength", longWindow.ParamName);
        Assert.Contains("between 2 and the FFT size (16)", longWindow.Message, StringComparison.Ordinal);
        Assert.Equal("hop", Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(64, -1)).ParamName);
        var bigHop = Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(64, 65));
        Assert.Contains("between 1 and the window length (64)", bigHop.Message, StringComparison.Ordinal);
        Assert.Equal("sampleRate", Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(64, 16, sampleRate: 0)).ParamName);
        Assert.Equal("sampleRate", Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(64, 16, sampleRate: StftSettings.MaxSampleRate + 1)).ParamName);
        Assert.Equal("padding", Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(64, 16, padding: (StftPadding)7)).ParamName);
        Assert.Equal("windowParameter", Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(64, 16, window: WindowKind.Gaussian, windowParameter: -0.1)).ParamName);
        Assert.Equal("windowParameter", Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(64, 16, window: WindowKind.Kaiser, windowParameter: 701)).ParamName);
    }

    [Theory]
    [InlineData(WindowKind.Hann, 64)]
    [InlineData(WindowKind.Hamming, 64)]
    [InlineData(WindowKind.Blackman, 60)]
    [InlineData(WindowKind.SqrtHann, 64)]
    [InlineData(WindowKind.Gaussian, 64)]
    [InlineData(WindowKind.Kaiser, 48)]
    [InlineData(WindowKind.Rectangular, 32)]
    public void Accepts_a_hop_exactly_when_the_window_square_sum_satisfies_nola(WindowKind kind, int n)
    {
        float[] w = Window.Create(kind, n);
        for (int hop = 1; hop <= n; hop++)
        {
            // Independent NOLA ratio: min over all samples / max of Σ_j w²[t − jH] on a long stretch of overlapped frames.
            var sum = new double[8 * n];
            for (int start = 0; start + n <= sum.Length; start += hop)
            {
                for (int m = 0; m < n; m++)
                {
                    sum[start + m] += (double)w[m] * w[m];
                }
            }

            double min = double.MaxValue, max = 0;
            for (int t = n; t < sum.Length - 2 * n; t++)
            {
                min = Math.Min(min, sum[t]);
                max = Math.Max(max, sum[t]);
            }

            bool nola = min >= StftSettings.NolaTolerance * max;
            if (nola)
            {
                _ = new StftSettings(n, hop, window: kind);
            }
            else
            {
                var ex = Assert.Throws<ArgumentException>(() => new StftSettings(n, hop, window: kind));
                Assert.Equal("hop", ex.ParamName);
            }
        }
    }

    [Fact]
    public void Nola_violation_message_explains_and_suggests_a_hop_that_works()
    {
        var ex = Assert.Throws<ArgumentException>(() => new StftSettings(1024, 1024));
        Assert.Equal("hop", ex.ParamName);
        Assert.Contains("hop 1024 with a 1024-sample periodic Hann window violates NOLA", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1E-04", ex.Message.ToUpperInvariant().Replace("0.0001", "1E-04", StringComparison.Ordinal), StringComparison.Ordinal);
        Match m = Regex.Match(ex.Message, @"hop (\d+) works");
        Assert.True(m.Success, ex.Message);
        int suggested = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(suggested, 1, 1023);
        _ = new StftSettings(1024, suggested);

        var blackman = Assert.Throws<ArgumentException>(() => new StftSettings(64, 64, window: WindowKind.Blackman, symmetry: WindowSymmetry.Symmetric));
        Assert.Contains("symmetric Blackman", blackman.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Frame_window_is_the_window_zero_padded_and_centred()
    {
        var s = new StftSettings(windowLength: 5, hop: 2, fftSize: 12, window: WindowKind.Hamming);
        Assert.Equal(3, s.WindowOffset); // ⌊(12 − 5)/2⌋
        float[] w = Window.Create(WindowKind.Hamming, 5);
        Assert.Equal(w, s.Window.ToArray());
        float[] expected = [0, 0, 0, w[0], w[1], w[2], w[3], w[4], 0, 0, 0, 0];
        Assert.Equal(expected, s.FrameWindow.ToArray());
    }

    [Fact]
    public void Frame_geometry_follows_the_padding_mode()
    {
        var centred = new StftSettings(256, 64);
        Assert.Equal(1 + 1000 / 64, centred.FrameCount(1000));
        Assert.Equal(1, centred.FrameCount(1));
        Assert.Equal(640, centred.FrameCenter(10));
        Assert.Equal(64 * 15, centred.DefaultSignalLength(16));
        Assert.Equal(1, centred.DefaultSignalLength(1));

        var uncentred = new StftSettings(256, 64, padding: StftPadding.Uncentered);
        Assert.False(uncentred.IsCentered);
        Assert.Equal(1, uncentred.FrameCount(100));
        Assert.Equal(1, uncentred.FrameCount(256));
        Assert.Equal(2, uncentred.FrameCount(257));
        Assert.Equal(1 + (1000 - 256 + 63) / 64, uncentred.FrameCount(1000));
        Assert.Equal(640 + 128, uncentred.FrameCenter(10));
        Assert.Equal(15 * 64 + 256, uncentred.DefaultSignalLength(16));
        Assert.Equal(16, uncentred.FrameCount(uncentred.DefaultSignalLength(16)));
        Assert.Equal(16, centred.FrameCount(centred.DefaultSignalLength(16)));

        Assert.Throws<ArgumentOutOfRangeException>(() => centred.FrameCount(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => centred.DefaultSignalLength(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StftSettings(65536, 65536 / 4, window: WindowKind.Hann).DefaultSignalLength(int.MaxValue));
    }

    [Theory]
    [InlineData(1024, 256, 768)]  // ⌈N/2⌉ = 512 is a multiple of H: N − H
    [InlineData(256, 48, 224)]    // δ = (−128) mod 48 = 16
    [InlineData(99, 20, 89)]      // ⌈99/2⌉ = 50, δ = 10
    [InlineData(255, 64, 191)]    // ⌈255/2⌉ = 128, δ = 0
    public void Streaming_latency_is_n_minus_h_plus_the_hop_quantisation_wait(int n, int hop, int expected) =>
        Assert.Equal(expected, new StftSettings(n, hop).StreamingLatency);

    [Fact]
    public void Derived_quantities_are_consistent()
    {
        var s = new StftSettings(800, 200, 1024, sampleRate: 16000);
        Assert.Equal(513, s.BinCount);
        Assert.Equal(16000.0 * 10 / 1024, s.BinFrequency(10));
        Assert.Equal(0.25645 * 800 * 800, s.Gamma, 1e-9);
        var odd = new StftSettings(99, 20, 101);
        Assert.Equal(51, odd.BinCount);
        Assert.Equal(1, odd.WindowOffset);
        s.ThrowIfBinCountMismatch(513, "x");
        var ex = Assert.Throws<ArgumentException>(() => s.ThrowIfBinCountMismatch(512, "spectrogram"));
        Assert.Equal("spectrogram", ex.ParamName);
        Assert.Contains("513", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equality_covers_every_setting()
    {
        var a = new StftSettings(512, 128, 1024, WindowKind.Kaiser, 16000, StftPadding.Zero, WindowSymmetry.Symmetric, 6);
        var b = new StftSettings(512, 128, 1024, WindowKind.Kaiser, 16000, StftPadding.Zero, WindowSymmetry.Symmetric, 6);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a.Equals((object)b));
        Assert.NotEqual(a, new StftSettings(512, 128, 1024, WindowKind.Kaiser, 16000, StftPadding.Zero, WindowSymmetry.Symmetric, 7));
        Assert.NotEqual(a, new StftSettings(512, 128, 1024, WindowKind.Kaiser, 16000, StftPadding.Reflect, WindowSymmetry.Symmetric, 6));
        Assert.NotEqual(a, new StftSettings(512, 64, 1024, WindowKind.Kaiser, 16000, StftPadding.Zero, WindowSymmetry.Symmetric, 6));
        Assert.NotEqual(a, new StftSettings(512, 128, 512, WindowKind.Kaiser, 16000, StftPadding.Zero, WindowSymmetry.Symmetric, 6));
        Assert.NotEqual(a, new StftSettings(512, 128, 1024, WindowKind.Kaiser, 22050, StftPadding.Zero, WindowSymmetry.Symmetric, 6));
        Assert.False(a.Equals(null));
        Assert.Equal("symmetric Kaiser 512 (6), FFT 1024, hop 128, 16000 Hz, Zero", a.ToString());
        Assert.Equal(new StftSettings(1024, 256), StftSettings.Default);
    }
}

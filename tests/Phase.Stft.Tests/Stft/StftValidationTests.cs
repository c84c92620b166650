using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Stft;

public class StftValidationTests
{
    private static readonly StftSettings Settings = new(64, 16);

    [Fact]
    public void Forward_rejects_empty_and_non_finite_signals()
    {
        using var plan = new StftPlan(Settings);
        var empty = Assert.Throws<ArgumentException>(() => plan.Forward(ReadOnlySpan<float>.Empty));
        Assert.Equal("signal", empty.ParamName);
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        var x = new float[100];
        x[42] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => plan.Forward(x));
        Assert.Contains("signal[42]", nan.Message, StringComparison.Ordinal);
        x[42] = float.NegativeInfinity;
        Assert.Throws<ArgumentException>(() => plan.ForwardMagnitude(x));
    }

    [Fact]
    public void Forward_rejects_wrong_destination_lengths()
    {
        using var plan = new StftPlan(Settings);
        var x = new float[100];
        int size = plan.FrameCount(100) * plan.BinCount;
        Assert.Equal("real", Assert.Throws<ArgumentException>(() => plan.Forward(x, new float[size - 1], new float[size])).ParamName);
        Assert.Equal("imag", Assert.Throws<ArgumentException>(() => plan.Forward(x, new float[size], new float[size + 1])).ParamName);
        Assert.Equal("magnitudes", Assert.Throws<ArgumentException>(() => plan.ForwardMagnitude(x, new float[3])).ParamName);
    }

    [Fact]
    public void Inverse_rejects_wrong_bin_counts_and_non_finite_coefficients()
    {
        using var plan = new StftPlan(Settings);
        var wrong = Assert.Throws<ArgumentException>(() => plan.Inverse(new ComplexSpectrogram(3, 32)));
        Assert.Equal("spectrogram", wrong.ParamName);
        Assert.Contains("33", wrong.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => plan.Inverse(new float[34], new float[34], new float[10])); // not whole frames
        Assert.Throws<ArgumentException>(() => plan.Inverse(new float[33], new float[66], new float[10]));
        Assert.Throws<ArgumentException>(() => plan.Inverse(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, new float[10]));
        Assert.Equal("signal", Assert.Throws<ArgumentException>(() => plan.Inverse(new float[33], new float[33], Span<float>.Empty)).ParamName);
        var spec = new ComplexSpectrogram(4, 33);
        spec.ImaginaryFrame(2)[5] = float.NaN;
        var nan = Assert.Throws<ArgumentException>(() => plan.Inverse(spec));
        Assert.Contains("frame 2, bin 5", nan.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(150, 1000)]   // beyond the first block of frames
    [InlineData(190, 300)]    // a frame past the requested output's reach is still checked
    public void Inverse_names_the_frame_of_a_non_finite_coefficient_anywhere(int badFrame, int length)
    {
        var s = new StftSettings(1024, 16, padding: StftPadding.Zero); // 32 frames per block
        using var plan = new StftPlan(s);
        var spec = new ComplexSpectrogram(200, s.BinCount);
        spec.RealFrame(badFrame)[7] = float.NaN;
        var ex = Assert.Throws<ArgumentException>(() => plan.Inverse(spec, new float[length]));
        Assert.Contains($"frame {badFrame}, bin 7", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, StftPadding.Reflect)]
    [InlineData(5000, StftPadding.Zero)]
    [InlineData(9999, StftPadding.Uncentered)]
    [InlineData(9999, StftPadding.Reflect)]
    public void Forward_names_the_index_of_a_non_finite_sample_anywhere(int bad, StftPadding padding)
    {
        var s = new StftSettings(64, 64, window: WindowKind.Rectangular, padding: padding); // H = N: blocks barely overlap
        using var plan = new StftPlan(s);
        var x = new float[10000];
        x[bad] = float.PositiveInfinity;
        var ex = Assert.Throws<ArgumentException>(() => plan.Forward(x));
        Assert.Contains($"signal[{bad}]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Span_transforms_allocate_nothing()
    {
        var s = new StftSettings(256, 64);
        using var plan = new StftPlan(s);
        var x = Signals.Noise(5000, seed: 1);
        int size = plan.FrameCount(x.Length) * plan.BinCount;
        var re = new float[size];
        var im = new float[size];
        var mag = new float[size];
        var y = new float[x.Length];
        Assert.Equal(0, Allocations.Measure(() => plan.Forward(x, re, im), 10));
        Assert.Equal(0, Allocations.Measure(() => plan.ForwardMagnitude(x, mag), 10));
        Assert.Equal(0, Allocations.Measure(() => plan.Inverse(re, im, y), 10));
    }

    [Fact]
    public void Inverse_rejects_out_of_range_lengths()
    {
        using var plan = new StftPlan(Settings);
        var spec = new ComplexSpectrogram(4, 33);
        Assert.Equal("signalLength", Assert.Throws<ArgumentOutOfRangeException>(() => plan.Inverse(spec, 0)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Inverse(spec, -5));
    }

    [Fact]
    public void Forward_rejects_signals_whose_spectrogram_would_overflow_an_array()
    {
        // Hop 1 and N = 65536: about 2¹⁵ values per sample; 70 000 samples already exceed the largest array.
        var s = new StftSettings(65536, 1, padding: StftPadding.Zero, window: WindowKind.Rectangular);
        using var plan = new StftPlan(s);
        var ex = Assert.Throws<ArgumentException>(() => plan.Forward(new float[70_000]));
        Assert.Contains("largest array", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposed_plan_throws()
    {
        var plan = new StftPlan(Settings);
        plan.Dispose();
        plan.Dispose();
        Assert.Throws<ObjectDisposedException>(() => plan.Forward(new float[10]));
        Assert.Throws<ObjectDisposedException>(() => plan.Inverse(new float[33], new float[33], new float[5]));
    }

    [Fact]
    public void Multi_channel_rejects_bad_shapes()
    {
        using var plan = new StftPlan(Settings);
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.ForwardInterleaved(new float[10], 0));
        Assert.Equal("interleaved", Assert.Throws<ArgumentException>(() => plan.ForwardInterleaved(new float[11], 2)).ParamName);
        Assert.Throws<ArgumentException>(() => plan.ForwardChannels([]));
        Assert.Throws<ArgumentException>(() => plan.InverseChannels([]));
        Assert.Equal("interleaved", Assert.Throws<ArgumentException>(() => plan.InverseInterleaved([new ComplexSpectrogram(2, 33), new ComplexSpectrogram(2, 33)], new float[11])).ParamName);
        Assert.Throws<ArgumentException>(() => plan.InverseChannels([new ComplexSpectrogram(2, 33), new ComplexSpectrogram(2, 32)]));
    }
}

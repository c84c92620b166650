using Phase.Fourier;

namespace Phase.Tests.Fourier;

/// <summary>Bad sizes and span lengths fail with errors that name the parameter and say what is allowed.</summary>
public class RealFftArgumentTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(RealFft.MaxSize + 1)]
    public void Sizes_outside_2_to_MaxSize_are_rejected(int size)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("size", () => new RealFft(size));
        Assert.Contains("between 2 and", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1024)]
    [InlineData(997)]
    public void Size_and_bin_count_are_reported(int size)
    {
        var fft = new RealFft(size);
        Assert.Equal(size, fft.Size);
        Assert.Equal((size / 2) + 1, fft.BinCount);
    }

    [Fact]
    public void Forward_rejects_wrong_lengths()
    {
        var fft = new RealFft(16);
        AssertLength("input", "exactly 16", () => fft.Forward(new float[15], new float[9], new float[9]));
        AssertLength("real", "exactly 9", () => fft.Forward(new float[16], new float[8], new float[9]));
        AssertLength("imag", "exactly 9", () => fft.Forward(new float[16], new float[9], new float[10]));
    }

    [Fact]
    public void Inverse_rejects_wrong_lengths()
    {
        var fft = new RealFft(16);
        AssertLength("real", "exactly 9", () => fft.Inverse(new float[10], new float[9], new float[16]));
        AssertLength("imag", "exactly 9", () => fft.Inverse(new float[9], new float[0], new float[16]));
        AssertLength("output", "exactly 16", () => fft.Inverse(new float[9], new float[9], new float[17]));
    }

    [Fact]
    public void Batches_reject_wrong_lengths_and_negative_counts()
    {
        var fft = new RealFft(16);
        AssertLength("input", "exactly 48", () => fft.ForwardBatch(new float[32], new float[27], new float[27], 3));
        AssertLength("real", "exactly 27", () => fft.ForwardBatch(new float[48], new float[18], new float[27], 3));
        AssertLength("imag", "exactly 27", () => fft.ForwardBatch(new float[48], new float[27], new float[28], 3));
        AssertLength("real", "exactly 27", () => fft.InverseBatch(new float[26], new float[27], new float[48], 3));
        AssertLength("imag", "exactly 27", () => fft.InverseBatch(new float[27], new float[9], new float[48], 3));
        AssertLength("output", "exactly 48", () => fft.InverseBatch(new float[27], new float[27], new float[16], 3));
        Assert.Throws<ArgumentOutOfRangeException>("count", () => fft.ForwardBatch([], [], [], -1));
        Assert.Throws<ArgumentOutOfRangeException>("count", () => fft.InverseBatch([], [], [], -1));

        // count·N overflowing int must not wrap around to a length that happens to match.
        AssertLength("input", "exactly", () => fft.ForwardBatch([], [], [], int.MaxValue / 8));
    }

    private static void AssertLength(string name, string allowed, Action action)
    {
        var e = Assert.Throws<ArgumentException>(name, action);
        Assert.Contains(allowed, e.Message, StringComparison.Ordinal);
    }
}

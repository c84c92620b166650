using Phase.Fourier;
using Phase.Testing;
using static Phase.Tests.Fourier.FftTestSupport;

namespace Phase.Tests.Fourier;

/// <summary>
/// Batched transforms against the single-frame ones. Frame-by-frame batches run the single-frame code and must agree
/// bit for bit. The "pairs" (two frames per complex FFT) and "lanes" (one frame per vector lane) strategies use a
/// different factorisation, so they agree to float rounding: each result is within <see cref="FftTestSupport.ForwardBound"/>
/// of the exact DFT, hence within twice that of each other.
/// </summary>
[KernelTest]
public class RealFftBatchTests
{
    public static TheoryData<int, string> Cases
    {
        get
        {
            var data = new TheoryData<int, string>();
            foreach (string strategy in new[] { nameof(BatchStrategy.FrameByFrame), nameof(BatchStrategy.Pairs), nameof(BatchStrategy.Lanes) })
            {
                foreach (int n in new[] { 2, 3, 16, 32, 34, 64, 97, 128, 256, 400, 480, 512, 1000, 1024, 2048, 2046 })
                {
                    data.Add(n, strategy);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardBatch_matches_Forward_on_each_frame(int n, string strategy)
    {
        const int frames = 19; // one full group of 16 lanes or 9 pairs, plus a remainder
        var x = Signals.Noise(n * frames, seed: n);
        foreach (int width in Widths)
        {
            var fft = new RealFft(n, width, Enum.Parse<BatchStrategy>(strategy));
            int k = fft.BinCount;
            var re = new float[k * frames];
            var im = new float[k * frames];
            fft.ForwardBatch(x, re, im, frames);
            for (int f = 0; f < frames; f++)
            {
                float[] er = new float[k], ei = new float[k];
                fft.Forward(Frame(x, f, n), er, ei);
                AssertSame(fft, Frame(re, f, k), Frame(im, f, k), er, ei, n, $"N={n} {fft.Batch} width={width} frame={f}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void InverseBatch_matches_Inverse_on_each_frame(int n, string strategy)
    {
        const int frames = 19;
        var probe = new RealFft(n);
        var re = Signals.Noise(probe.BinCount * frames, seed: n);
        var im = Signals.Noise(probe.BinCount * frames, seed: n + 1);
        foreach (int width in Widths)
        {
            var fft = new RealFft(n, width, Enum.Parse<BatchStrategy>(strategy));
            int k = fft.BinCount;
            var y = new float[n * frames];
            fft.InverseBatch(re, im, y, frames);
            for (int f = 0; f < frames; f++)
            {
                var expected = new float[n];
                fft.Inverse(Frame(re, f, k), Frame(im, f, k), expected);
                string label = $"N={n} {fft.Batch} width={width} frame={f}";
                if (fft.Batch == BatchStrategy.FrameByFrame)
                {
                    Assert.True(Frame(y, f, n).SequenceEqual(expected), label);
                }
                else
                {
                    Assert.True(Tolerance.RelativeError(Frame(y, f, n), expected) <= 2 * ForwardBound(n), label);
                }
            }
        }
    }

    [Theory]
    [InlineData(64)]   // lanes
    [InlineData(512)]  // pairs
    [InlineData(4096)] // frame by frame
    [InlineData(997)]  // pairs, odd
    [InlineData(1018)] // frame by frame, Bluestein
    public void Every_frame_count_from_0_to_37_is_transformed_exactly_once(int n)
    {
        var fft = new RealFft(n);
        int k = fft.BinCount;
        const int maxFrames = 37;
        var x = Signals.Noise(n * maxFrames, seed: 3);
        var single = new (float[] Re, float[] Im)[maxFrames];
        for (int f = 0; f < maxFrames; f++)
        {
            single[f] = (new float[k], new float[k]);
            fft.Forward(Frame(x, f, n), single[f].Re, single[f].Im);
        }

        for (int count = 0; count <= maxFrames; count++)
        {
            var re = new float[k * count];
            var im = new float[k * count];
            fft.ForwardBatch(x.AsSpan(0, n * count), re, im, count);
            var y = new float[n * count];
            fft.InverseBatch(re, im, y, count);
            for (int f = 0; f < count; f++)
            {
                AssertSame(fft, Frame(re, f, k), Frame(im, f, k), single[f].Re, single[f].Im, n, $"N={n} {fft.Batch} count={count} frame={f}");
                Assert.True(Tolerance.RelativeError(Frame(y, f, n), Frame(x, f, n)) <= RoundTripBound(n) * 2, $"round trip N={n} count={count} frame={f}");
            }
        }
    }

    [Fact]
    public void Automatic_strategy_follows_the_documented_policy()
    {
        int lanes = SimdWidth.Widest(16, int.MaxValue);
        Assert.Equal(lanes > 1 ? BatchStrategy.Lanes : BatchStrategy.Pairs, new RealFft(256).Batch);
        Assert.Equal(BatchStrategy.Pairs, new RealFft(1024).Batch);
        Assert.Equal(BatchStrategy.Pairs, new RealFft(997).Batch);
        Assert.Equal(BatchStrategy.FrameByFrame, new RealFft(2048).Batch);
        Assert.Equal(BatchStrategy.FrameByFrame, new RealFft(1018).Batch);
    }

    private static void AssertSame(RealFft fft, ReadOnlySpan<float> re, ReadOnlySpan<float> im, float[] er, float[] ei, int n, string label)
    {
        if (fft.Batch == BatchStrategy.FrameByFrame)
        {
            Assert.True(re.SequenceEqual(er) && im.SequenceEqual(ei), label + ": not bit-identical");
        }
        else
        {
            double error = RelativeError(re, im, er, ei);
            Assert.True(error <= 2 * ForwardBound(n), $"{label}: {error:E2}");
        }
    }
}

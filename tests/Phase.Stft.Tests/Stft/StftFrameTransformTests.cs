using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Stft;

public class StftFrameTransformTests
{
    [Theory]
    [InlineData(64, 64, 16)]
    [InlineData(63, 50, 10)]
    public void Frame_forward_equals_the_plan_frame_and_overlap_add_of_windowed_inverses_is_the_istft(int n, int windowLength, int hop)
    {
        var s = new StftSettings(windowLength, hop, n, window: WindowKind.Blackman, padding: StftPadding.Zero);
        var x = Signals.Noise(1000, seed: 3);
        ComplexSpectrogram spec = s.Stft(x);
        var t = new StftFrameTransform(s);
        var frame = new float[n];
        var re = new float[s.BinCount];
        var im = new float[s.BinCount];
        var sum = new double[x.Length];
        for (int f = 0; f < spec.FrameCount; f++)
        {
            for (int j = 0; j < n; j++)
            {
                frame[j] = (float)StftOracle.Sample(x, f * hop - n / 2 + j, StftPadding.Zero);
            }

            t.Forward(frame, re, im);
            Assert.True(Tolerance.MaxAbsDifference(re, spec.RealFrame(f)) < 1e-5 && Tolerance.MaxAbsDifference(im, spec.ImaginaryFrame(f)) < 1e-5, $"frame {f}");

            // The plain inverse of an STFT frame is the windowed frame in frame order: z[j] = x[s_n + j]·fw[j].
            t.Inverse(spec.RealFrame(f), spec.ImaginaryFrame(f), frame);
            for (int j = 0; j < n; j++)
            {
                double expected = StftOracle.Sample(x, f * hop - n / 2 + j, StftPadding.Zero) * s.FrameWindow[j];
                Assert.True(Math.Abs(frame[j] - expected) < 1e-5, $"frame {f} element {j}: {frame[j]} vs {expected}");
            }

            t.InverseWindowed(spec.RealFrame(f), spec.ImaginaryFrame(f), frame);
            for (int j = 0; j < n; j++)
            {
                long i = f * hop - n / 2 + j;
                if (i >= 0 && i < x.Length)
                {
                    sum[i] += frame[j];
                }
            }
        }

        // In the interior (every overlapping frame present) dividing by P[(t − s_0) mod H] gives the signal.
        ReadOnlySpan<float> p = t.WindowSquareSum;
        Assert.Equal(hop, p.Length);
        var y = new float[x.Length - 2 * n];
        for (int i = 0; i < y.Length; i++)
        {
            int tt = i + n;
            y[i] = (float)(sum[tt] / p[(int)StftOracle.Mod(tt + n / 2, hop)]);
        }

        Assert.True(Tolerance.RelativeError(y, x.AsSpan(n, y.Length)) < 1e-6);
        Assert.Equal(0, Allocations.Measure(() => t.Forward(frame, re, im)));
        Assert.Equal(0, Allocations.Measure(() => t.InverseWindowed(re, im, frame)));
    }
}

using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Stft;

public class PhaseConventionTests
{
    [Theory]
    [InlineData(64, 64, 16)]
    [InlineData(63, 63, 16)]
    [InlineData(45, 30, 10)]
    public void Frame_start_spectrogram_equals_dft_of_the_unrotated_windowed_frame(int n, int windowLength, int hop)
    {
        // Frame-start convention: X_start[n, k] = Σ_j x[s_n + j]·fw[j]·e^{−2πikj/N}, the plain DFT of the windowed frame.
        var s = new StftSettings(windowLength, hop, n, padding: StftPadding.Zero);
        var x = Signals.Noise(400, seed: n);
        ComplexSpectrogram spec = s.Stft(x);
        PhaseConvention.ToFrameStart(spec, s);
        var frame = new float[n];
        for (int f = 0; f < spec.FrameCount; f++)
        {
            for (int j = 0; j < n; j++)
            {
                frame[j] = (float)(StftOracle.Sample(x, f * hop - n / 2 + j, StftPadding.Zero) * s.FrameWindow[j]);
            }

            var (re, im) = NaiveDft.Forward(frame);
            double err = StftForwardTests.ComplexRelativeError(spec.RealFrame(f), spec.ImaginaryFrame(f), re, im);
            Assert.True(err < 2e-6, $"frame {f}: {err:E2}");
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(63)]
    [InlineData(4)]
    [InlineData(5)]
    public void Conversions_round_trip_in_both_directions(int n)
    {
        int bins = n / 2 + 1;
        float[] re = Signals.Noise(7 * bins, seed: 1), im = Signals.Noise(7 * bins, seed: 2);
        float[] r1 = (float[])re.Clone(), i1 = (float[])im.Clone();
        PhaseConvention.ToFrameStart(r1, i1, n);
        PhaseConvention.ToTimeInvariant(r1, i1, n);
        Assert.True(Tolerance.MaxAbsDifference(r1, re) < 1e-6 && Tolerance.MaxAbsDifference(i1, im) < 1e-6);
        float[] r2 = (float[])re.Clone(), i2 = (float[])im.Clone();
        PhaseConvention.ToTimeInvariant(r2, i2, n);
        PhaseConvention.ToFrameStart(r2, i2, n);
        Assert.True(Tolerance.MaxAbsDifference(r2, re) < 1e-6 && Tolerance.MaxAbsDifference(i2, im) < 1e-6);
    }

    [Fact]
    public void Even_fft_size_conversion_negates_odd_bins()
    {
        float[] re = [1, 2, 3, 4, 5], im = [6, 7, 8, 9, 10];
        PhaseConvention.ToFrameStart(re, im, 8);
        Assert.Equal(new float[] { 1, -2, 3, -4, 5 }, re);
        Assert.Equal(new float[] { 6, -7, 8, -9, 10 }, im);
    }

    [Fact]
    public void Conversion_rejects_mismatched_planes()
    {
        Assert.Throws<ArgumentException>(() => PhaseConvention.ToFrameStart(new float[11], new float[11], 8)); // not a multiple of K = 5
        Assert.Throws<ArgumentException>(() => PhaseConvention.ToFrameStart(new float[5], new float[10], 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => PhaseConvention.ToTimeInvariant(new float[1], new float[1], 1));
        var s = new StftSettings(64, 16);
        Assert.Throws<ArgumentException>(() => PhaseConvention.ToFrameStart(new ComplexSpectrogram(2, 30), s));
    }
}

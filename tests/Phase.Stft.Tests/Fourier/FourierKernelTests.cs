using Phase.Fourier;
using Phase.Testing;
using static Phase.Tests.Fourier.FftTestSupport;

namespace Phase.Tests.Fourier;

/// <summary>The SIMD building blocks (transposes, interleaving, lane reversal) at every supported width, and the
/// complex FFT plans on their own.</summary>
[KernelTest]
public class FourierKernelTests
{
    [Fact]
    public void TransposeBlock_transposes_at_every_width()
    {
        CheckTranspose<VecScalar>();
        if (Vec128.IsSupported)
        {
            CheckTranspose<Vec128>();
        }

        if (Vec256.IsSupported)
        {
            CheckTranspose<Vec256>();
        }

        if (Vec512.IsSupported)
        {
            CheckTranspose<Vec512>();
        }
    }

    [Fact]
    public void Deinterleave_interleave_and_reverse_at_every_width()
    {
        CheckShuffles<VecScalar>();
        if (Vec128.IsSupported)
        {
            CheckShuffles<Vec128>();
        }

        if (Vec256.IsSupported)
        {
            CheckShuffles<Vec256>();
        }

        if (Vec512.IsSupported)
        {
            CheckShuffles<Vec512>();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(60)]
    [InlineData(64)]
    [InlineData(125)]
    [InlineData(256)]
    [InlineData(480)]
    [InlineData(1024)]
    [InlineData(7)]
    [InlineData(101)]
    [InlineData(500)]
    public void Complex_fft_matches_naive_dft_and_leaves_a_separate_source_untouched(int n)
    {
        var re = Signals.Noise(n, seed: 1);
        var im = Signals.Noise(n, seed: 2);
        var (er, ei) = NaiveComplex(re, im);
        foreach (int width in Widths)
        {
            var fft = ComplexFft.Create(n, width);
            var srcRe = (float[])re.Clone();
            var srcIm = (float[])im.Clone();
            var work = new float[4 * n];
            bool second = fft.Forward(ref srcRe[0], ref srcIm[0], ref work[0], ref work[n], ref work[2 * n], ref work[3 * n]);
            int o = second ? 2 * n : 0;
            double bound = 2 * Epsilon * Math.Max(1, Math.Log2(ComplexFft.IsSmooth(n) ? n : 8 * n));
            Assert.True(RelativeError(work.AsSpan(o, n), work.AsSpan(o + n, n), er, ei) <= bound, $"n={n} width={width}");
            Assert.Equal(re, srcRe);
            Assert.Equal(im, srcIm);
        }
    }

    [Theory]
    [InlineData(1, new int[0])]
    [InlineData(2, new[] { 2 })]
    [InlineData(4, new[] { 4 })]
    [InlineData(8, new[] { 8 })]
    [InlineData(16, new[] { 4, 4 })]
    [InlineData(32, new[] { 8, 4 })]
    [InlineData(64, new[] { 8, 8 })]
    [InlineData(128, new[] { 8, 4, 4 })]
    [InlineData(60, new[] { 5, 3, 4 })]
    [InlineData(250, new[] { 5, 5, 5, 2 })]
    public void Factorisation_prefers_large_radices(int n, int[] expected) => Assert.Equal(expected, FourStepFft.Factor(n));

    private static void CheckTranspose<T>()
        where T : struct, IFloatVector<T>
    {
        int w = T.Count;
        const int srcStride = 37, dstStride = 41; // deliberately not multiples of the width
        var src = new float[w * srcStride];
        for (int i = 0; i < src.Length; i++)
        {
            src[i] = i;
        }

        var dst = Enumerable.Repeat(-1f, w * dstStride).ToArray();
        T.TransposeBlock(ref src[0], srcStride, ref dst[0], dstStride);
        for (int r = 0; r < w; r++)
        {
            for (int c = 0; c < dstStride; c++)
            {
                float expected = c < w ? src[(c * srcStride) + r] : -1f;
                Assert.Equal(expected, dst[(r * dstStride) + c]);
            }
        }
    }

    private static void CheckShuffles<T>()
        where T : struct, IFloatVector<T>
    {
        int w = T.Count;
        var pairs = new float[2 * w];
        for (int i = 0; i < pairs.Length; i++)
        {
            pairs[i] = i + 0.5f;
        }

        T.LoadDeinterleaved(ref pairs[0], out T even, out T odd);
        var e = new float[w];
        var o = new float[w];
        T.Store(even, ref e[0]);
        T.Store(odd, ref o[0]);
        for (int i = 0; i < w; i++)
        {
            Assert.Equal(pairs[2 * i], e[i]);
            Assert.Equal(pairs[(2 * i) + 1], o[i]);
        }

        var back = new float[2 * w];
        T.StoreInterleaved(even, odd, ref back[0]);
        Assert.Equal(pairs, back);

        var reversed = new float[w];
        T.Store(T.Reverse(T.Load(ref e[0])), ref reversed[0]);
        Assert.Equal(e.Reverse(), reversed);
    }
}

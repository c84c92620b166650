using System.Numerics;
using Phase.Fourier;

namespace Phase.Tests.Fourier;

/// <summary>Oracles, tolerances and width lists shared by the FFT tests.</summary>
internal static class FftTestSupport
{
    /// <summary>Unit roundoff of float, 2⁻²⁴.</summary>
    public const double Epsilon = 5.9604644775390625e-8;

    /// <summary>
    /// The vector widths to test, each clamped to what this process supports (so with hardware intrinsics switched off
    /// every entry becomes 1 and the scalar path is what runs), duplicates removed.
    /// </summary>
    public static int[] Widths { get; } = new[] { 16, 8, 4, 1 }.Select(w => SimdWidth.Widest(w, int.MaxValue)).Distinct().ToArray();

    /// <summary>
    /// log₂ of the length of the longest chain of butterflies a real FFT of size <paramref name="n"/> runs: log₂N for
    /// sizes handled by the mixed-radix path, and for Bluestein sizes log₂ of 4·2^⌈log₂N⌉, an upper bound on the
    /// convolution length 2^⌈log₂(2n−1)⌉ (two such transforms run in sequence, plus chirp products).
    /// </summary>
    public static double EffectiveLog2(int n)
    {
        bool smooth = n % 2 == 0 ? ComplexFft.IsSmooth(n / 2) : ComplexFft.IsSmooth(n);
        return smooth ? Math.Max(1, Math.Log2(n)) : Math.Log2(4.0 * BitOperations.RoundUpToPowerOf2((uint)n));
    }

    /// <summary>
    /// Bound on the relative RMS error of one transform against the exact DFT: roundoff in an FFT grows like
    /// ε·log₂N (Higham, Accuracy and Stability of Numerical Algorithms, §24.1). The constant 2 was set from a scan of
    /// 200 sizes × 4 widths whose worst ratio error/(ε·log₂N) was 0.54 — a margin of more than 3, never loosened to
    /// make a test pass.
    /// </summary>
    public static double ForwardBound(int n) => 2 * Epsilon * EffectiveLog2(n);

    /// <summary>A forward and an inverse transform in sequence: twice <see cref="ForwardBound"/> (worst seen 0.63·ε·log₂N).</summary>
    public static double RoundTripBound(int n) => 4 * Epsilon * EffectiveLog2(n);

    /// <summary><c>‖(re, im) − (refRe, refIm)‖₂ / ‖(refRe, refIm)‖₂</c> over complex vectors.</summary>
    public static double RelativeError(ReadOnlySpan<float> re, ReadOnlySpan<float> im, ReadOnlySpan<double> refRe, ReadOnlySpan<double> refIm)
    {
        Assert.Equal(refRe.Length, re.Length);
        Assert.Equal(refIm.Length, im.Length);
        double num = 0, den = 0;
        for (int i = 0; i < re.Length; i++)
        {
            double dr = re[i] - refRe[i], di = im[i] - refIm[i];
            num += (dr * dr) + (di * di);
            den += (refRe[i] * refRe[i]) + (refIm[i] * refIm[i]);
        }

        return Math.Sqrt(num / den);
    }

    /// <summary>Relative error of float results against float references (e.g. batched against single-frame).</summary>
    public static double RelativeError(ReadOnlySpan<float> re, ReadOnlySpan<float> im, ReadOnlySpan<float> refRe, ReadOnlySpan<float> refIm)
    {
        var dr = new double[refRe.Length];
        var di = new double[refIm.Length];
        for (int i = 0; i < dr.Length; i++)
        {
            dr[i] = refRe[i];
            di[i] = refIm[i];
        }

        return RelativeError(re, im, dr, di);
    }

    /// <summary>Naive inverse real DFT in double: <c>x[m] = (1/N)·Σ_{k=0}^{N−1} X[k]·e^{2πikm/N}</c> with
    /// <c>X[N−k] = conj X[k]</c>; the imaginary parts of bin 0 and (even N) bin N/2 are treated as zero.</summary>
    public static double[] NaiveInverse(ReadOnlySpan<float> re, ReadOnlySpan<float> im, int n)
    {
        var x = new double[n];
        int bins = (n / 2) + 1;
        for (int m = 0; m < n; m++)
        {
            double s = re[0];
            for (int k = 1; k < bins; k++)
            {
                double angle = 2 * Math.PI * ((long)k * m % n) / n;
                double term = (re[k] * Math.Cos(angle)) - (im[k] * Math.Sin(angle));
                s += (n % 2 == 0 && k == n / 2) ? re[k] * Math.Cos(angle) : 2 * term;
            }

            x[m] = s / n;
        }

        return x;
    }

    /// <summary>Naive complex DFT in double, <c>Z[k] = Σ z[m]·e^{−2πikm/n}</c>.</summary>
    public static (double[] Re, double[] Im) NaiveComplex(ReadOnlySpan<float> re, ReadOnlySpan<float> im)
    {
        int n = re.Length;
        var outRe = new double[n];
        var outIm = new double[n];
        for (int k = 0; k < n; k++)
        {
            double sr = 0, si = 0;
            for (int m = 0; m < n; m++)
            {
                double angle = -2 * Math.PI * ((long)k * m % n) / n;
                double c = Math.Cos(angle), s = Math.Sin(angle);
                sr += (re[m] * c) - (im[m] * s);
                si += (re[m] * s) + (im[m] * c);
            }

            outRe[k] = sr;
            outIm[k] = si;
        }

        return (outRe, outIm);
    }

    /// <summary>Frame-sized slices.</summary>
    public static Span<float> Frame(float[] data, int index, int length) => data.AsSpan(index * length, length);
}

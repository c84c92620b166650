namespace Phase.Tests.Stft;

/// <summary>
/// Independent double-precision STFT/ISTFT written straight from the definitions (O(F·N·K), no FFT, no rotation trick,
/// padding by index bouncing rather than by period arithmetic). Used as the oracle for the fast code.
/// </summary>
internal static class StftOracle
{
    /// <summary>Padded sample: numpy "reflect" (bounce off both ends without repeating them), zeros, or nothing.</summary>
    public static double Sample(ReadOnlySpan<float> x, long t, StftPadding padding)
    {
        int length = x.Length;
        if (t >= 0 && t < length)
        {
            return x[(int)t];
        }

        if (padding != StftPadding.Reflect)
        {
            return 0;
        }

        if (length == 1)
        {
            return x[0];
        }

        while (t < 0 || t >= length)
        {
            t = t < 0 ? -t : 2L * (length - 1) - t;
        }

        return x[(int)t];
    }

    /// <summary>X[n,k] = Σ_{m=−⌊N/2⌋}^{N−⌊N/2⌋−1} x[c_n + m]·fw[m + ⌊N/2⌋]·e^{−2πikm/N}.</summary>
    public static (double[] Re, double[] Im) Stft(ReadOnlySpan<float> x, StftSettings s)
    {
        int n = s.FftSize, half = n / 2, bins = s.BinCount;
        int frames = s.FrameCount(x.Length);
        var re = new double[frames * bins];
        var im = new double[frames * bins];
        ReadOnlySpan<float> fw = s.FrameWindow;
        var frame = new double[n];
        for (int f = 0; f < frames; f++)
        {
            long c = s.FrameCenter(f);
            for (int j = 0; j < n; j++)
            {
                frame[j] = Sample(x, c - half + j, s.Padding) * fw[j];
            }

            for (int k = 0; k < bins; k++)
            {
                double sr = 0, si = 0;
                for (int j = 0; j < n; j++)
                {
                    long m = j - half;
                    double angle = -2 * Math.PI * Mod((long)k * m, n) / n;
                    sr += frame[j] * Math.Cos(angle);
                    si += frame[j] * Math.Sin(angle);
                }

                re[f * bins + k] = sr;
                im[f * bins + k] = si;
            }
        }

        return (re, im);
    }

    /// <summary>
    /// y[t] = Σ_n fw[t − s_n]·z_n[t − c_n] / Σ_n fw²[t − s_n] (0 where the sum is 0), with z_n the naive inverse DFT of frame n
    /// (Hermitian extension, imaginary parts of DC and Nyquist dropped).
    /// </summary>
    public static double[] Istft(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, StftSettings s, int length)
    {
        int n = s.FftSize, half = n / 2, bins = s.BinCount;
        int frames = real.Length / bins;
        ReadOnlySpan<float> fw = s.FrameWindow;
        var num = new double[length];
        var den = new double[length];
        for (int f = 0; f < frames; f++)
        {
            long c = s.FrameCenter(f);
            for (int j = 0; j < n; j++)
            {
                long t = c - half + j;
                if (t < 0 || t >= length)
                {
                    continue;
                }

                long m = j - half;
                double z = 0;
                for (int k = 0; k < n; k++)
                {
                    int kk = k < bins ? k : n - k;
                    double a = real[f * bins + kk];
                    double b = k < bins ? imag[f * bins + kk] : -imag[f * bins + kk];
                    if (k == 0 || (n % 2 == 0 && k == n / 2))
                    {
                        b = 0;
                    }

                    double angle = 2 * Math.PI * Mod((long)k * m, n) / n;
                    z += a * Math.Cos(angle) - b * Math.Sin(angle);
                }

                z /= n;
                num[t] += fw[j] * z;
                den[t] += (double)fw[j] * fw[j];
            }
        }

        for (int t = 0; t < length; t++)
        {
            num[t] = den[t] > 0 ? num[t] / den[t] : 0;
        }

        return num;
    }

    public static long Mod(long a, long b)
    {
        long r = a % b;
        return r < 0 ? r + b : r;
    }

    public static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected) =>
        Phase.Testing.Tolerance.RelativeError(actual, expected);
}

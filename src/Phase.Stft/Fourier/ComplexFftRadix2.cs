namespace Phase.Fourier;

/// <summary>In-place iterative radix-2 complex FFT on split planes (interim implementation, double-precision twiddles).</summary>
internal sealed class ComplexFftRadix2
{
    private readonly int _n;
    private readonly float[] _cos;
    private readonly float[] _sin;
    private readonly int[] _bitReverse;

    public ComplexFftRadix2(int n)
    {
        _n = n;
        _cos = new float[n / 2];
        _sin = new float[n / 2];
        for (int i = 0; i < n / 2; i++)
        {
            _cos[i] = (float)Math.Cos(2 * Math.PI * i / n);
            _sin[i] = (float)Math.Sin(2 * Math.PI * i / n);
        }

        _bitReverse = new int[n];
        int bits = System.Numerics.BitOperations.Log2((uint)n);
        for (int i = 0; i < n; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++)
            {
                r |= ((i >> b) & 1) << (bits - 1 - b);
            }

            _bitReverse[i] = r;
        }
    }

    /// <summary>Forward uses e^{−2πi/N}; inverse uses e^{+2πi/N} and does not scale.</summary>
    public void Transform(Span<float> re, Span<float> im, bool forward)
    {
        int n = _n;
        for (int i = 0; i < n; i++)
        {
            int j = _bitReverse[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        float sign = forward ? -1f : 1f;
        for (int len = 2; len <= n; len <<= 1)
        {
            int half = len >> 1;
            int step = n / len;
            for (int start = 0; start < n; start += len)
            {
                for (int j = 0; j < half; j++)
                {
                    float wr = _cos[j * step], wi = sign * _sin[j * step];
                    int a = start + j, b = a + half;
                    float tr = re[b] * wr - im[b] * wi;
                    float ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}

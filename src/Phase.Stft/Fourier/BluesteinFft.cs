using System.Numerics;
using System.Runtime.CompilerServices;

namespace Phase.Fourier;

/// <summary>
/// Bluestein's chirp-z algorithm: a DFT of any length <c>n</c> as a circular convolution of length
/// <c>P = 2^⌈log₂(2n−1)⌉</c>, computed with the fast power-of-two <see cref="FourStepFft"/>.
/// </summary>
/// <remarks>
/// With <c>k·m = (k² + m² − (k − m)²)/2</c> and the chirp <c>c[j] = e^{−iπj²/n}</c>:
/// <c>X[k] = c[k] · Σ_m (z[m]·c[m]) · conj(c[k − m])</c>. The convolution kernel's spectrum
/// <c>DFT_P(conj c)/P</c> is computed once, in double precision, when the plan is made; each transform then costs two
/// power-of-two FFTs of length P and three pointwise complex products.
/// </remarks>
internal sealed class BluesteinFft : ComplexFft
{
    private readonly int _p;
    private readonly FourStepFft _fft;
    private readonly int _width;
    private readonly AlignedBuffer _chirp;  // re: [0, n), im: [n, 2n)
    private readonly AlignedBuffer _kernel; // re: [0, P), im: [P, 2P); includes the 1/P of the inverse
    private readonly AlignedBuffer _work;   // four planes of P floats

    public BluesteinFft(int n, int maxVectorWidth)
        : base(n, maxVectorWidth)
    {
        _p = (int)BitOperations.RoundUpToPowerOf2((uint)(2 * n - 1));
        _fft = new FourStepFft(_p, maxVectorWidth);
        _width = SimdWidth.Widest(maxVectorWidth, int.MaxValue);
        _chirp = new AlignedBuffer(2 * n);
        var cr = new double[n];
        var ci = new double[n];
        for (int k = 0; k < n; k++)
        {
            // k² mod 2n keeps the angle exact: e^{−iπk²/n} has period 2n in k².
            long k2 = (long)k * k % (2L * n);
            (double sin, double cos) = Math.SinCos(-Math.PI * k2 / n);
            cr[k] = cos;
            ci[k] = sin;
            _chirp[k] = (float)cos;
            _chirp[n + k] = (float)sin;
        }

        var hr = new double[_p];
        var hi = new double[_p];
        hr[0] = cr[0];
        hi[0] = -ci[0];
        for (int k = 1; k < n; k++)
        {
            hr[k] = hr[_p - k] = cr[k];
            hi[k] = hi[_p - k] = -ci[k];
        }

        DoubleFft(hr, hi);
        _kernel = new AlignedBuffer(2 * _p);
        for (int k = 0; k < _p; k++)
        {
            _kernel[k] = (float)(hr[k] / _p);
            _kernel[_p + k] = (float)(hi[k] / _p);
        }

        _work = new AlignedBuffer(4 * _p);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override bool Forward(ref float srcRe, ref float srcIm, ref float re0, ref float im0, ref float re1, ref float im1)
    {
        switch (_width)
        {
            case 16:
                Transform<Vec512>(ref srcRe, ref srcIm, ref re0, ref im0);
                break;
            case 8:
                Transform<Vec256>(ref srcRe, ref srcIm, ref re0, ref im0);
                break;
            case 4:
                Transform<Vec128>(ref srcRe, ref srcIm, ref re0, ref im0);
                break;
            default:
                Transform<VecScalar>(ref srcRe, ref srcIm, ref re0, ref im0);
                break;
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Transform<T>(ref float zr, ref float zi, ref float outRe, ref float outIm)
        where T : struct, IFloatVector<T>
    {
        int n = Length, p = _p;
        ref float ar = ref _work[0];
        ref float ai = ref _work[p];
        ref float br = ref _work[2 * p];
        ref float bi = ref _work[3 * p];
        ref float cr = ref _chirp[0];
        ref float ci = ref _chirp[n];

        // a = z·c, zero-padded to P.
        Multiply<T>(ref zr, ref zi, ref cr, ref ci, ref ar, ref ai, n);
        _work.Span.Slice(n, p - n).Clear();
        _work.Span.Slice(p + n, p - n).Clear();

        // A = DFT(a); A·K; inverse DFT by the plane swap (IDFT(v) = swap(DFT(swap(v)))).
        bool second = _fft.Forward(ref ar, ref ai, ref br, ref bi);
        ref float sr = ref second ? ref br : ref ar;
        ref float si = ref second ? ref bi : ref ai;
        Multiply<T>(ref sr, ref si, ref _kernel[0], ref _kernel[p], ref sr, ref si, p);
        bool back = second
            ? _fft.Forward(ref bi, ref br, ref ai, ref ar)
            : _fft.Forward(ref ai, ref ar, ref bi, ref br);
        ref float ur = ref second == back ? ref ar : ref br;
        ref float ui = ref second == back ? ref ai : ref bi;

        // X = c · conv.
        Multiply<T>(ref ur, ref ui, ref cr, ref ci, ref outRe, ref outIm, n);
    }

    /// <summary><c>out[k] = a[k]·b[k]</c> (complex, split planes) for <c>k &lt; count</c>; <c>out</c> may alias <c>a</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multiply<T>(ref float ar, ref float ai, ref float br, ref float bi, ref float or, ref float oi, int count)
        where T : struct, IFloatVector<T>
    {
        nint w = T.Count, i = 0;
        for (; i <= count - w; i += w)
        {
            T xr = T.Load(ref Unsafe.Add(ref ar, i)), xi = T.Load(ref Unsafe.Add(ref ai, i));
            T yr = T.Load(ref Unsafe.Add(ref br, i)), yi = T.Load(ref Unsafe.Add(ref bi, i));
            T re = T.NegatedMultiplyAdd(xi, yi, xr * yr);
            T im = T.MultiplyAdd(xi, yr, xr * yi);
            T.Store(re, ref Unsafe.Add(ref or, i));
            T.Store(im, ref Unsafe.Add(ref oi, i));
        }

        for (; i < count; i++)
        {
            float xr = Unsafe.Add(ref ar, i), xi = Unsafe.Add(ref ai, i);
            float yr = Unsafe.Add(ref br, i), yi = Unsafe.Add(ref bi, i);
            Unsafe.Add(ref or, i) = (xr * yr) - (xi * yi);
            Unsafe.Add(ref oi, i) = (xr * yi) + (xi * yr);
        }
    }

    /// <summary>In-place iterative radix-2 DFT in double precision (setup only: the kernel spectrum).</summary>
    private static void DoubleFft(double[] re, double[] im)
    {
        int n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
            {
                j ^= bit;
            }

            j |= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }

        for (int len = 2; len <= n; len <<= 1)
        {
            int half = len >> 1;
            for (int k = 0; k < half; k++)
            {
                (double sin, double cos) = Math.SinCos(-2 * Math.PI * k / len);
                for (int start = 0; start < n; start += len)
                {
                    int a = start + k, b = a + half;
                    double tr = (re[b] * cos) - (im[b] * sin);
                    double ti = (re[b] * sin) + (im[b] * cos);
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}

namespace Phase.Fourier;

/// <summary>Bluestein's chirp-z FFT for any size n, through a power-of-two convolution of size M ≥ 2n − 1
/// (interim implementation). Uses <c>km = (k² + m² − (k − m)²)/2</c>.</summary>
internal sealed class Bluestein
{
    private readonly int _n;
    private readonly int _m;
    private readonly ComplexFftRadix2 _fft;
    private readonly float[] _chirpRe; // e^{−iπk²/n}
    private readonly float[] _chirpIm;
    private readonly float[] _kernelRe; // FFT of conj(chirp), wrapped
    private readonly float[] _kernelIm;
    private readonly float[] _aRe;
    private readonly float[] _aIm;

    public Bluestein(int n)
    {
        _n = n;
        _m = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(2 * n - 1));
        _fft = new ComplexFftRadix2(_m);
        _chirpRe = new float[n];
        _chirpIm = new float[n];
        for (int k = 0; k < n; k++)
        {
            // k² mod 2n keeps the angle small and exact.
            long k2 = (long)k * k % (2L * n);
            double angle = Math.PI * k2 / n;
            _chirpRe[k] = (float)Math.Cos(angle);
            _chirpIm[k] = (float)-Math.Sin(angle);
        }

        _kernelRe = new float[_m];
        _kernelIm = new float[_m];
        _kernelRe[0] = _chirpRe[0];
        _kernelIm[0] = -_chirpIm[0];
        for (int k = 1; k < n; k++)
        {
            _kernelRe[k] = _kernelRe[_m - k] = _chirpRe[k];
            _kernelIm[k] = _kernelIm[_m - k] = -_chirpIm[k];
        }

        _fft.Transform(_kernelRe, _kernelIm, forward: true);
        _aRe = new float[_m];
        _aIm = new float[_m];
    }

    public void Transform(Span<float> re, Span<float> im, bool forward)
    {
        int n = _n;
        // The inverse DFT is the conjugate of the forward DFT of the conjugate.
        float s = forward ? 1f : -1f;
        Array.Clear(_aRe);
        Array.Clear(_aIm);
        for (int k = 0; k < n; k++)
        {
            float xr = re[k], xi = s * im[k];
            _aRe[k] = xr * _chirpRe[k] - xi * _chirpIm[k];
            _aIm[k] = xr * _chirpIm[k] + xi * _chirpRe[k];
        }

        _fft.Transform(_aRe, _aIm, forward: true);
        for (int k = 0; k < _m; k++)
        {
            float ar = _aRe[k], ai = _aIm[k];
            _aRe[k] = ar * _kernelRe[k] - ai * _kernelIm[k];
            _aIm[k] = ar * _kernelIm[k] + ai * _kernelRe[k];
        }

        _fft.Transform(_aRe, _aIm, forward: false);
        float scale = 1f / _m;
        for (int k = 0; k < n; k++)
        {
            float cr = _aRe[k] * scale, ci = _aIm[k] * scale;
            re[k] = cr * _chirpRe[k] - ci * _chirpIm[k];
            im[k] = s * (cr * _chirpIm[k] + ci * _chirpRe[k]);
        }
    }
}

using System.Numerics;

namespace Phase.Benchmarks.Iterative;

/// <summary>
/// The .NET status quo: a straightforward Griffin-Lim written over MathNet.Numerics' FFT, the way one would write it
/// without Phase — complex arrays per frame, full-size complex FFTs, centred frames with zero padding, overlap-add with
/// a window-square normalisation. Used only as the benchmark baseline.
/// </summary>
internal sealed class MathNetGriffinLim
{
    private readonly int _n;
    private readonly int _hop;
    private readonly double[] _window;
    private readonly Complex[][] _spectrogram;
    private readonly double[] _magnitudes;
    private readonly double[] _signal;
    private readonly double[] _norm;
    private readonly int _frames;
    private readonly int _bins;

    public MathNetGriffinLim(float[] magnitudes, int frames, int n, int hop, int seed)
    {
        _n = n;
        _hop = hop;
        _frames = frames;
        _bins = n / 2 + 1;
        _window = new double[n];
        for (int i = 0; i < n; i++)
        {
            _window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / n);
        }

        _magnitudes = Array.ConvertAll(magnitudes, v => (double)v);
        var rng = new Random(seed);
        _spectrogram = new Complex[frames][];
        for (int f = 0; f < frames; f++)
        {
            _spectrogram[f] = new Complex[n];
            for (int k = 0; k < _bins; k++)
            {
                _spectrogram[f][k] = Complex.FromPolarCoordinates(_magnitudes[f * _bins + k], 2 * Math.PI * rng.NextDouble());
            }
        }

        int length = (frames - 1) * hop + n;
        _signal = new double[length];
        _norm = new double[length];
        for (int f = 0; f < frames; f++)
        {
            for (int i = 0; i < n; i++)
            {
                _norm[f * hop + i] += _window[i] * _window[i];
            }
        }
    }

    /// <summary>One Griffin-Lim iteration: impose the magnitude, ISTFT, STFT.</summary>
    public void Iterate()
    {
        Array.Clear(_signal);
        var buffer = new Complex[_n];
        for (int f = 0; f < _frames; f++)
        {
            Complex[] x = _spectrogram[f];
            for (int k = 0; k < _bins; k++)
            {
                double m = x[k].Magnitude;
                Complex c = m > 0 ? x[k] / m : Complex.One;
                buffer[k] = c * _magnitudes[f * _bins + k];
                if (k > 0 && k < _n - k)
                {
                    buffer[_n - k] = Complex.Conjugate(buffer[k]);
                }
            }

            MathNet.Numerics.IntegralTransforms.Fourier.Inverse(buffer, MathNet.Numerics.IntegralTransforms.FourierOptions.AsymmetricScaling);
            for (int i = 0; i < _n; i++)
            {
                _signal[f * _hop + i] += buffer[i].Real * _window[i];
            }
        }

        for (int i = 0; i < _signal.Length; i++)
        {
            _signal[i] = _norm[i] > 1e-10 ? _signal[i] / _norm[i] : 0;
        }

        for (int f = 0; f < _frames; f++)
        {
            Complex[] x = _spectrogram[f];
            for (int i = 0; i < _n; i++)
            {
                x[i] = new Complex(_signal[f * _hop + i] * _window[i], 0);
            }

            MathNet.Numerics.IntegralTransforms.Fourier.Forward(x, MathNet.Numerics.IntegralTransforms.FourierOptions.AsymmetricScaling);
        }
    }
}

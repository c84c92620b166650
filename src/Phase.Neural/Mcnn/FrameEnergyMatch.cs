using System.Numerics.Tensors;

namespace Phase.Neural.Mcnn;

/// <summary>
/// Frame-energy matching: scales a waveform so that the energy of each of its STFT frames equals the energy of the
/// target magnitudes' frame, with the gain interpolated linearly between frame centres. Used by <see cref="McnnReconstructor"/>
/// after the network (see <see cref="McnnReconstructor.MatchFrameEnergy"/>).
/// </summary>
/// <remarks>
/// By Parseval, the energy of frame <c>n</c> of a signal <c>y</c> is
/// <c>Eᵧ[n] = Σ_{k=0}^{N−1} |Y[n,k]|² = N·Σ_m (w[m]·y_p[nH − N/2 + m])²</c> (<c>w</c> the frame window of <c>N</c>
/// samples, <c>y_p</c> the signal with the settings' padding); from one-sided magnitudes <c>S</c> it is
/// <c>E_S[n] = Σ_k c_k S[n,k]²</c> with <c>c_k = 1</c> at DC and (even <c>N</c>) Nyquist and 2 elsewhere. The gain at
/// frame <c>n</c>'s centre is <c>√((E_S[n] + ε)/(Eᵧ[n] + ε))</c>, capped at <see cref="MaxGain"/>, with
/// <c>ε = 10⁻¹²·max E_S</c> (−120 dB); before the first and after the last centre the end gains are held. The gains
/// are ratios of energies, so the step is level-equivariant like the network. Cost: <c>N</c> multiply-adds per frame
/// for <c>Eᵧ</c> and <c>K</c> for <c>E_S</c>; allocates two arrays of <c>T</c> doubles.
/// </remarks>
internal static class FrameEnergyMatch
{
    /// <summary>The largest gain (+12 dB): where the network gives (almost) nothing, the step does not blow noise up.</summary>
    public const double MaxGain = 4.0;

    /// <summary>Scales <paramref name="signal"/> in place (see the remarks).</summary>
    /// <param name="signal">The waveform, on the settings' time axis (frame <c>n</c> centred on <see cref="StftSettings.FrameCenter"/>).</param>
    /// <param name="target">Target magnitudes (same settings).</param>
    /// <param name="settings">STFT settings.</param>
    public static void Apply(Span<float> signal, MagnitudeSpectrogram target, StftSettings settings)
    {
        int frames = target.FrameCount;
        double[] targetEnergy = TargetEnergies(target, settings.FftSize);
        double[] energy = SignalEnergies(signal, frames, settings);
        double eps = Math.Max(1e-12 * targetEnergy.Max(), 1e-300);
        var gain = new double[frames];
        for (int n = 0; n < frames; n++)
        {
            gain[n] = Math.Min(MaxGain, Math.Sqrt((targetEnergy[n] + eps) / (energy[n] + eps)));
        }

        ApplyInterpolated(signal, gain, settings);
    }

    /// <summary><c>E_S[n] = Σ_k c_k S[n,k]²</c>: the full-spectrum energy of each frame from one-sided magnitudes.</summary>
    public static double[] TargetEnergies(MagnitudeSpectrogram target, int fftSize)
    {
        int bins = target.BinCount;
        bool nyquist = fftSize % 2 == 0;
        var e = new double[target.FrameCount];
        for (int n = 0; n < e.Length; n++)
        {
            ReadOnlySpan<float> s = target.Frame(n);
            double sum = 0;
            for (int k = 0; k < bins; k++)
            {
                double v = (double)s[k] * s[k];
                sum += (k == 0 || (nyquist && k == bins - 1)) ? v : 2 * v;
            }

            e[n] = sum;
        }

        return e;
    }

    /// <summary><c>Eᵧ[n] = N·Σ_m (w[m]·y_p[start_n + m])²</c> with the settings' framing and padding.</summary>
    public static double[] SignalEnergies(ReadOnlySpan<float> signal, int frames, StftSettings settings)
    {
        int n = settings.FftSize;
        ReadOnlySpan<float> window = settings.FrameWindow;
        bool reflect = settings.Padding == StftPadding.Reflect;
        var frame = new float[n];
        var e = new double[frames];
        for (int f = 0; f < frames; f++)
        {
            long start = settings.FrameCenter(f) - (n / 2);
            if (start >= 0 && start + n <= signal.Length)
            {
                signal.Slice((int)start, n).CopyTo(frame);
            }
            else
            {
                FillPadded(signal, start, frame, reflect);
            }

            TensorPrimitives.Multiply(frame, window, frame);
            e[f] = n * (double)TensorPrimitives.SumOfSquares(frame);
        }

        return e;
    }

    private static void ApplyInterpolated(Span<float> signal, double[] gain, StftSettings settings)
    {
        int frames = gain.Length;
        for (int t = 0; t < signal.Length; t++)
        {
            // Frame centres c_n = FrameCenter(n) = c_0 + n·H.
            double position = (t - (double)settings.FrameCenter(0)) / settings.Hop;
            double g;
            if (position <= 0)
            {
                g = gain[0];
            }
            else if (position >= frames - 1)
            {
                g = gain[frames - 1];
            }
            else
            {
                int i = (int)position;
                double u = position - i;
                g = ((1 - u) * gain[i]) + (u * gain[i + 1]);
            }

            signal[t] = (float)(signal[t] * g);
        }
    }

    // The padded signal x_p[start + j] as Phase.Stft's offline STFT sees it: reflection without repeating the edge
    // sample (numpy "reflect", repeated for short signals) or zeros.
    private static void FillPadded(ReadOnlySpan<float> signal, long start, Span<float> destination, bool reflect)
    {
        long length = signal.Length;
        long period = 2 * (length - 1);
        for (int j = 0; j < destination.Length; j++)
        {
            long t = start + j;
            if ((ulong)t < (ulong)length)
            {
                destination[j] = signal[(int)t];
            }
            else if (!reflect)
            {
                destination[j] = 0f;
            }
            else if (period == 0)
            {
                destination[j] = signal[0];
            }
            else
            {
                long r = ((t % period) + period) % period;
                destination[j] = signal[(int)(r < length ? r : period - r)];
            }
        }
    }
}

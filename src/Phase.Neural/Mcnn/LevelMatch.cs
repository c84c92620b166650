using System.Numerics.Tensors;

namespace Phase.Neural.Mcnn;

/// <summary>
/// Level matching, the step <see cref="McnnReconstructor"/> applies after the network
/// (<see cref="McnnReconstructor.MatchLevels"/>): per-frame least-squares gains, then one global gain that restores the
/// target's energy.
/// </summary>
/// <remarks>
/// <para>Frame gains: <c>α_n = Σ_k c_k S[n,k]·|Y[n,k]| / Σ_k c_k |Y[n,k]|²</c> (<c>c_k = 1</c> at DC and, for even
/// <c>N</c>, Nyquist, 2 elsewhere): the gain that minimises frame <c>n</c>'s magnitude error
/// <c>Σ_k c_k (S − α|Y|)²</c>, capped at <see cref="MaxGain"/>, 0 where the output frame is silent. They are
/// interpolated linearly between frame centres (held before the first and after the last) and multiply the signal. A
/// frame where the target is silent gets gain ≈ 0, so what the network adds there (the shipped model's buzz, loudest in
/// the silent first and last 1024 samples) goes.</para>
/// <para>Global gain: <c>√(Σ_n E_S[n] / Σ_n E_Y[n])</c> with the frame energies <c>E_S[n] = Σ_k c_k S[n,k]²</c> and,
/// by Parseval, <c>E_Y[n] = Σ_{k=0}^{N−1} |Y[n,k]|² = N·Σ_m (w[m]·y_p[nH − N/2 + m])²</c> (<c>w</c> the frame window,
/// <c>y_p</c> the signal with the settings' padding). The least-squares gains alone leave the output quieter than the
/// target wherever its spectral shape is wrong (the same bias that makes an SC-trained network 0.6–1.3 dB too quiet);
/// the global gain sets the output's mean level to the target's exactly.</para>
/// <para>Both gains are ratios, so the step is level-equivariant like the network. Cost: one STFT of the output, in
/// blocks of 64 frames (no whole spectrogram is allocated), and <c>N</c> multiply-adds per frame for the energies.</para>
/// </remarks>
internal static class LevelMatch
{
    /// <summary>The largest frame gain (+12 dB): where the network gives (almost) nothing, the step does not blow noise up.</summary>
    public const double MaxGain = 4.0;

    /// <summary>Scales <paramref name="signal"/> in place (see the remarks).</summary>
    /// <param name="signal">The waveform, on the settings' time axis (frame <c>n</c> centred on <see cref="StftSettings.FrameCenter"/>).</param>
    /// <param name="target">Target magnitudes (same settings).</param>
    /// <param name="settings">STFT settings.</param>
    public static void Apply(Span<float> signal, MagnitudeSpectrogram target, StftSettings settings)
    {
        int frames = target.FrameCount, bins = target.BinCount;
        bool nyquist = settings.FftSize % 2 == 0;
        var cross = new double[frames];
        var own = new double[frames];
        MagnitudeBlocks(signal, frames, settings, (n, y) =>
        {
            ReadOnlySpan<float> s = target.Frame(n);
            double xy = 0, yy = 0;
            for (int k = 0; k < bins; k++)
            {
                double c = (k == 0 || (nyquist && k == bins - 1)) ? 1 : 2;
                xy += c * s[k] * y[k];
                yy += c * (double)y[k] * y[k];
            }

            cross[n] = xy;
            own[n] = yy;
        });
        var gain = new double[frames];
        for (int n = 0; n < frames; n++)
        {
            gain[n] = own[n] > 0 ? Math.Min(MaxGain, cross[n] / own[n]) : 0;
        }

        ApplyInterpolated(signal, gain, settings);
        double[] targetEnergy = TargetEnergies(target, settings.FftSize);
        double[] energy = SignalEnergies(signal, frames, settings);
        double total = energy.Sum();
        if (total > 0)
        {
            TensorPrimitives.Multiply(signal, (float)Math.Sqrt(targetEnergy.Sum() / total), signal);
        }
    }

    // |Y[n, ·]| of the signal with the settings' framing and padding, frame by frame, computed in blocks of 64 frames
    // (an uncentred plan over the padded samples of each block), so that no whole spectrogram is allocated.
    private static void MagnitudeBlocks(ReadOnlySpan<float> signal, int frames, StftSettings settings, Action<int, ReadOnlySpan<float>> frame)
    {
        const int Block = 64;
        int n = settings.FftSize, hop = settings.Hop, bins = settings.BinCount;
        var uncentred = new StftSettings(settings.WindowLength, hop, n, settings.WindowKind, settings.SampleRate, StftPadding.Uncentered, settings.Symmetry, settings.WindowParameter);
        using var plan = new Phase.Stft.StftPlan(uncentred);
        bool reflect = settings.Padding == StftPadding.Reflect;
        var buffer = new float[((Block - 1) * hop) + n];
        var magnitudes = new float[Block * bins];
        for (int a = 0; a < frames; a += Block)
        {
            int count = Math.Min(Block, frames - a);
            Span<float> b = buffer.AsSpan(0, ((count - 1) * hop) + n);
            Phase.Stft.StftPlan.FillPadded(signal, settings.FrameCenter(a) - (n / 2), b, reflect);
            Span<float> m = magnitudes.AsSpan(0, count * bins);
            plan.ForwardMagnitude(b, m);
            for (int j = 0; j < count; j++)
            {
                frame(a + j, m.Slice(j * bins, bins));
            }
        }
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
                Phase.Stft.StftPlan.FillPadded(signal, start, frame, reflect);
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
}

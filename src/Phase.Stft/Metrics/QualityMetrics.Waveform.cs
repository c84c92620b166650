namespace Phase.Metrics;

/// <content>Waveform measures: SNR and SI-SDR (phase-sensitive; meaningful only against a time-aligned oracle reference).</content>
public static partial class QualityMetrics
{
    /// <summary>
    /// Signal-to-noise ratio <c>SNR = 10·log10(Σ s[i]² / Σ (s[i] − ŝ[i])²)</c> in dB of the estimate <c>ŝ</c> against the
    /// reference <c>s</c>.
    /// </summary>
    /// <param name="estimate">The estimate <c>ŝ</c>, time-aligned with the reference.</param>
    /// <param name="reference">The reference <c>s</c>, as many samples.</param>
    /// <returns>SNR in dB; higher is better. +∞ when the two are equal (including both zero); −∞ when the reference is
    /// zero but the estimate is not. Not scale-invariant: <c>ŝ = (1 + ε)·s</c> gives <c>−20·log10|ε|</c>.</returns>
    /// <exception cref="ArgumentException">The lengths differ, the signals are empty, or a sample is NaN or infinite.</exception>
    public static double SnrDb(ReadOnlySpan<float> estimate, ReadOnlySpan<float> reference)
    {
        ValidateWaveforms(estimate, reference, "SNR");
        double signal = 0, error = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double s = reference[i];
            double e = s - estimate[i];
            signal += s * s;
            error += e * e;
        }

        if (error == 0)
        {
            return double.PositiveInfinity;
        }

        return signal == 0 ? double.NegativeInfinity : 10 * Math.Log10(signal / error);
    }

    /// <summary>
    /// Scale-invariant signal-to-distortion ratio (Le Roux, Wisdom, Erdogan and Hershey, "SDR – half-baked or well done?",
    /// ICASSP 2019) in dB: with <c>α = ŝᵀs / ‖s‖²</c>, <c>SI-SDR = 10·log10(‖α·s‖² / ‖α·s − ŝ‖²)</c>.
    /// </summary>
    /// <param name="estimate">The estimate <c>ŝ</c>, time-aligned with the reference.</param>
    /// <param name="reference">The reference <c>s</c>, as many samples.</param>
    /// <param name="zeroMean">Subtract each signal's mean first, as the paper prescribes (default); false uses the signals
    /// as they are.</param>
    /// <returns>SI-SDR in dB; higher is better. Unchanged when the estimate is scaled by any non-zero factor (a negative
    /// factor included, since α absorbs the sign). +∞ when the estimate is a non-zero multiple of the reference; −∞ when
    /// it has no component along the reference (α = 0, including an all-zero estimate).</returns>
    /// <exception cref="ArgumentException">The lengths differ, the signals are empty, a sample is NaN or infinite, or the
    /// reference has no energy (after mean removal when <paramref name="zeroMean"/> is set), which leaves α undefined.</exception>
    public static double SiSdrDb(ReadOnlySpan<float> estimate, ReadOnlySpan<float> reference, bool zeroMean = true)
    {
        ValidateWaveforms(estimate, reference, "SI-SDR");
        int n = reference.Length;
        double meanS = 0, meanE = 0;
        if (zeroMean)
        {
            for (int i = 0; i < n; i++)
            {
                meanS += reference[i];
                meanE += estimate[i];
            }

            meanS /= n;
            meanE /= n;
        }

        double ss = 0, es = 0;
        for (int i = 0; i < n; i++)
        {
            double s = reference[i] - meanS;
            ss += s * s;
            es += (estimate[i] - meanE) * s;
        }

        if (ss == 0)
        {
            throw new ArgumentException(zeroMean
                ? "reference is constant (zero energy after removing its mean); SI-SDR is undefined for it. Pass zeroMean: false to measure against a DC reference."
                : "reference is all zeros; SI-SDR is undefined for it.", nameof(reference));
        }

        double alpha = es / ss;
        double target = alpha * alpha * ss;
        if (target == 0)
        {
            return double.NegativeInfinity;
        }

        // The residual is summed directly rather than as ‖ŝ‖² − α²‖s‖², which would cancel catastrophically near +∞ dB.
        double residual = 0;
        for (int i = 0; i < n; i++)
        {
            double r = alpha * (reference[i] - meanS) - (estimate[i] - meanE);
            residual += r * r;
        }

        return residual == 0 ? double.PositiveInfinity : 10 * Math.Log10(target / residual);
    }

    private static void ValidateWaveforms(ReadOnlySpan<float> estimate, ReadOnlySpan<float> reference, string what)
    {
        MetricGuards.ThrowIfLengthMismatch(estimate.Length, reference.Length, nameof(estimate), nameof(reference));
        MetricGuards.ThrowIfEmpty(estimate.Length, nameof(estimate), what);
        MetricGuards.ThrowIfNotFinite(estimate, nameof(estimate));
        MetricGuards.ThrowIfNotFinite(reference, nameof(reference));
    }
}

using System.Globalization;

namespace Phase.Metrics;

/// <summary>
/// Quality measures for phase reconstruction: spectral convergence and log-spectral distance between magnitude
/// spectrograms, SNR and SI-SDR between waveforms, and the intelligibility predictors STOI and ESTOI.
/// </summary>
/// <remarks>
/// <para><b>Argument order.</b> Every method takes the <i>estimate</i> (the reconstruction) first and the
/// <i>reference</i> (the target magnitudes or the clean waveform) second, like
/// <see cref="SpectralConvergenceDb(MagnitudeSpectrogram, MagnitudeSpectrogram)"/>. (pystoi's <c>stoi(clean, processed)</c>
/// has the opposite order; use named arguments when porting.)</para>
/// <para><b>Units.</b> SC, LSD, SNR and SI-SDR are in dB; STOI and ESTOI are dimensionless and at most 1.
/// Lower is better for SC and LSD, higher for the others.</para>
/// <para><b>Threading and allocation.</b> All methods are pure and thread-safe. SC, LSD, SNR and SI-SDR allocate
/// nothing and run in O(n) with double-precision accumulation; STOI/ESTOI allocate their working arrays (they are not
/// on a real-time path) and take a few milliseconds for a few seconds of audio.</para>
/// <para>Formulas, parameters and the oracle the implementation is tested against are in <c>docs/metrics.md</c>.</para>
/// </remarks>
public static partial class QualityMetrics
{
    /// <summary>The default dynamic range of <see cref="LogSpectralDistanceDb(MagnitudeSpectrogram, MagnitudeSpectrogram, double)"/>:
    /// power below 100 dB under the louder spectrogram's peak is floored.</summary>
    public const double DefaultLsdDynamicRangeDb = 100;

    /// <summary>
    /// Spectral convergence <c>SC = 20·log10(‖Y − S‖_F / ‖S‖_F)</c> in dB, where <c>Y</c> is the estimate's magnitude
    /// spectrogram (for a reconstruction, <c>|STFT(y)|</c>) and <c>S</c> the target magnitudes (Arik et al. 2019;
    /// phaseret's <c>magnitudeerrdb</c>).
    /// </summary>
    /// <param name="estimate">Magnitudes <c>Y</c> of the estimate, linear amplitude.</param>
    /// <param name="target">Target magnitudes <c>S</c>, same frame and bin counts.</param>
    /// <returns>SC in dB; lower is better. −∞ when <c>Y = S</c> (including both zero); +∞ when <c>S = 0</c> but
    /// <c>Y ≠ 0</c>. Scaling both by the same factor leaves it unchanged; <c>Y = (1 + ε)·S</c> gives <c>20·log10|ε|</c>.</returns>
    /// <exception cref="ArgumentNullException">A spectrogram is null.</exception>
    /// <exception cref="ArgumentException">The shapes differ, or a value is NaN, infinite or negative.</exception>
    public static double SpectralConvergenceDb(MagnitudeSpectrogram estimate, MagnitudeSpectrogram target)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(target);
        ThrowIfShapeMismatch(estimate, target, nameof(estimate), nameof(target));
        estimate.ThrowIfInvalid(nameof(estimate));
        target.ThrowIfInvalid(nameof(target));
        return SpectralConvergenceCore(estimate.Values, target.Values);
    }

    /// <summary>Spectral convergence of two magnitude spectrograms given as equally long spans in the same layout
    /// (for example frame-major <c>F·K</c> values); see
    /// <see cref="SpectralConvergenceDb(MagnitudeSpectrogram, MagnitudeSpectrogram)"/>.</summary>
    /// <param name="estimate">Magnitudes <c>Y</c>.</param>
    /// <param name="target">Target magnitudes <c>S</c>, as many values as <paramref name="estimate"/>.</param>
    /// <returns>SC in dB.</returns>
    /// <exception cref="ArgumentException">The lengths differ, the spans are empty, or a value is NaN, infinite or negative.</exception>
    public static double SpectralConvergenceDb(ReadOnlySpan<float> estimate, ReadOnlySpan<float> target)
    {
        ThrowIfSpanMismatch(estimate.Length, target.Length, nameof(estimate), nameof(target));
        MetricGuards.ThrowIfEmpty(estimate.Length, nameof(estimate), "spectral convergence");
        MetricGuards.ThrowIfNotMagnitudes(estimate, nameof(estimate));
        MetricGuards.ThrowIfNotMagnitudes(target, nameof(target));
        return SpectralConvergenceCore(estimate, target);
    }

    /// <summary>
    /// Log-spectral distance in dB: the mean over frames of the RMS over bins of the level difference,
    /// <c>LSD = (1/F)·Σ_n √( (1/K)·Σ_k [10·log10((S[n,k]² + ε) / (Y[n,k]² + ε))]² )</c>
    /// (Gray and Markel, IEEE TASSP 24(5), 1976, the RMS log spectral measure; averaged over frames as in
    /// speech-coding and bandwidth-extension evaluations).
    /// </summary>
    /// <remarks>The power floor is relative, <c>ε = 10^(−R/10)·max(max S², max Y²)</c> with <c>R</c> =
    /// <paramref name="dynamicRangeDb"/>, so bins far below the louder spectrogram's peak do not dominate and the measure
    /// does not change when both spectrograms are scaled by the same factor. It is symmetric in its arguments.</remarks>
    /// <param name="estimate">Magnitudes <c>Y</c> of the estimate, linear amplitude.</param>
    /// <param name="reference">Reference magnitudes <c>S</c>, same frame and bin counts.</param>
    /// <param name="dynamicRangeDb">R in (0, 300] dB; default <see cref="DefaultLsdDynamicRangeDb"/>.</param>
    /// <returns>LSD in dB, ≥ 0; 0 when the spectrograms are equal (including both zero). <c>Y = a·S</c> gives
    /// <c>|20·log10 a|</c> where the floor is negligible.</returns>
    /// <exception cref="ArgumentNullException">A spectrogram is null.</exception>
    /// <exception cref="ArgumentException">The shapes differ, or a value is NaN, infinite or negative.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dynamicRangeDb"/> is out of range.</exception>
    public static double LogSpectralDistanceDb(MagnitudeSpectrogram estimate, MagnitudeSpectrogram reference, double dynamicRangeDb = DefaultLsdDynamicRangeDb)
    {
        ArgumentNullException.ThrowIfNull(estimate);
        ArgumentNullException.ThrowIfNull(reference);
        ThrowIfShapeMismatch(estimate, reference, nameof(estimate), nameof(reference));
        ThrowIfBadDynamicRange(dynamicRangeDb);
        estimate.ThrowIfInvalid(nameof(estimate));
        reference.ThrowIfInvalid(nameof(reference));
        return LogSpectralDistanceCore(estimate.Values, reference.Values, estimate.BinCount, dynamicRangeDb);
    }

    /// <summary>Log-spectral distance of two frame-major magnitude spectrograms of <paramref name="binCount"/> bins per
    /// frame given as spans; see <see cref="LogSpectralDistanceDb(MagnitudeSpectrogram, MagnitudeSpectrogram, double)"/>.</summary>
    /// <param name="estimate">Frame-major magnitudes <c>Y</c>, <c>F·K</c> values.</param>
    /// <param name="reference">Frame-major reference magnitudes <c>S</c>, as many values.</param>
    /// <param name="binCount">Bins per frame <c>K</c>, ≥ 1, dividing the span length.</param>
    /// <param name="dynamicRangeDb">R in (0, 300] dB.</param>
    /// <returns>LSD in dB.</returns>
    /// <exception cref="ArgumentException">The lengths differ or are not a positive multiple of the bin count, or a value is
    /// NaN, infinite or negative.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="binCount"/> or <paramref name="dynamicRangeDb"/> is out of range.</exception>
    public static double LogSpectralDistanceDb(ReadOnlySpan<float> estimate, ReadOnlySpan<float> reference, int binCount, double dynamicRangeDb = DefaultLsdDynamicRangeDb)
    {
        ThrowIfSpanMismatch(estimate.Length, reference.Length, nameof(estimate), nameof(reference));
        if (binCount < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(binCount), binCount, $"The bin count must be at least 1; got {binCount}.");
        }

        if (estimate.Length == 0 || estimate.Length % binCount != 0)
        {
            throw new ArgumentException($"estimate has {estimate.Length} values, which is not a positive multiple of the bin count {binCount}.", nameof(estimate));
        }

        ThrowIfBadDynamicRange(dynamicRangeDb);
        MetricGuards.ThrowIfNotMagnitudes(estimate, nameof(estimate));
        MetricGuards.ThrowIfNotMagnitudes(reference, nameof(reference));
        return LogSpectralDistanceCore(estimate, reference, binCount, dynamicRangeDb);
    }

    private static double SpectralConvergenceCore(ReadOnlySpan<float> estimate, ReadOnlySpan<float> target)
    {
        double error = 0, energy = 0;
        for (int i = 0; i < target.Length; i++)
        {
            double s = target[i];
            double d = estimate[i] - s;
            error += d * d;
            energy += s * s;
        }

        if (error == 0)
        {
            return double.NegativeInfinity;
        }

        // 10·log10 of the energy ratio is 20·log10 of the norm ratio; +∞ when the target is zero.
        return energy == 0 ? double.PositiveInfinity : 10 * Math.Log10(error / energy);
    }

    private static double LogSpectralDistanceCore(ReadOnlySpan<float> estimate, ReadOnlySpan<float> reference, int binCount, double dynamicRangeDb)
    {
        double peak = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            peak = Math.Max(peak, Math.Max((double)reference[i] * reference[i], (double)estimate[i] * estimate[i]));
        }

        if (peak == 0)
        {
            return 0;
        }

        double floor = peak * Math.Pow(10, -dynamicRangeDb / 10);
        int frames = reference.Length / binCount;
        double total = 0;
        for (int n = 0; n < frames; n++)
        {
            double sum = 0;
            for (int k = n * binCount; k < (n + 1) * binCount; k++)
            {
                double s = reference[k], y = estimate[k];
                double level = 10 * Math.Log10((s * s + floor) / (y * y + floor));
                sum += level * level;
            }

            total += Math.Sqrt(sum / binCount);
        }

        return total / frames;
    }

    private static void ThrowIfShapeMismatch(MagnitudeSpectrogram a, MagnitudeSpectrogram b, string aName, string bName)
    {
        if (a.FrameCount != b.FrameCount || a.BinCount != b.BinCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{aName} is {a.FrameCount} frames × {a.BinCount} bins but {bName} is {b.FrameCount} × {b.BinCount}; both must come from the same STFT settings and signal length."),
                aName);
        }
    }

    private static void ThrowIfSpanMismatch(int a, int b, string aName, string bName)
    {
        if (a != b)
        {
            throw new ArgumentException($"{aName} has {a} values but {bName} has {b}; they must have the same length and layout.", aName);
        }
    }

    private static void ThrowIfBadDynamicRange(double dynamicRangeDb)
    {
        if (!(dynamicRangeDb > 0 && dynamicRangeDb <= 300))
        {
            throw new ArgumentOutOfRangeException(nameof(dynamicRangeDb), dynamicRangeDb, $"The dynamic range must be in (0, 300] dB; got {dynamicRangeDb}. The default is {DefaultLsdDynamicRangeDb} dB.");
        }
    }
}

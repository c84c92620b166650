namespace Phase.Metrics;

/// <content>Intelligibility predictors STOI and ESTOI.</content>
public static partial class QualityMetrics
{
    /// <summary>
    /// Short-time objective intelligibility, STOI (Taal, Hendriks, Heusdens and Jensen, IEEE TASLP 19(7), 2011), of an
    /// estimate against its clean reference.
    /// </summary>
    /// <remarks>
    /// <para>Both signals are resampled to 10 kHz (<see cref="Resampling.PolyphaseResampler"/> with the response of the
    /// reference implementation's MATLAB <c>resample</c>: flat to 4.75 kHz, at least 60 dB down from 5.25 kHz), cut into
    /// 256-sample Hann frames with 50 % overlap; frames whose reference energy is more than 40 dB below the reference's
    /// loudest frame are removed from both signals, which are then overlap-added back together. A 512-point FFT of each
    /// frame is grouped into 15 one-third-octave bands (centres <c>150·2^(j/3)</c> Hz, 150 Hz … 3.8 kHz) giving envelopes
    /// <c>X_j(m)</c>, <c>Y_j(m)</c>. For every band <c>j</c> and every run of N = 30 frames (384 ms), the estimate is scaled to the
    /// reference's energy and clipped at β = −15 dB signal-to-distortion,
    /// <c>Y'(n) = min(‖x‖/‖y‖·Y(n), (1 + 10^(−β/20))·X(n))</c>, and correlated with the reference; STOI is the mean
    /// correlation over bands and segments.</para>
    /// <para>Follows the authors' reference implementation in frame placement (frames start at 0, 128, … while the start
    /// is less than <c>n − 256</c>), silence removal and resampling filter. Differences, documented in
    /// <c>docs/metrics.md</c>: the resampler's filter length is rounded slightly differently (scores move by about 10⁻⁵);
    /// a band segment with zero variance correlates as 0 instead of dividing by zero.</para>
    /// <para>Allocates O(n) working memory; about a millisecond per second of audio.</para>
    /// </remarks>
    /// <param name="estimate">The processed or reconstructed waveform, time-aligned with the reference.</param>
    /// <param name="reference">The clean reference waveform, as many samples.</param>
    /// <param name="sampleRate">Sample rate of both signals in Hz, ≥ 1 (any rate; 10 kHz skips resampling).</param>
    /// <returns>STOI, dimensionless, at most 1 (typically 0.4 … 1 for speech); 1 for identical signals. Higher predicts
    /// better intelligibility.</returns>
    /// <exception cref="ArgumentException">The lengths differ, a signal is empty or has a NaN or infinite sample, the
    /// reference is silent, or fewer than 31 non-silent frames (about 0.42 s of active speech at 10 kHz) remain, too few for
    /// one 30-frame segment.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sampleRate"/> is not positive, or so irregular relative to
    /// 10 kHz that no resampler can be built (see <see cref="Resampling.PolyphaseResampler.MaxCoefficients"/>).</exception>
    public static double Stoi(ReadOnlySpan<float> estimate, ReadOnlySpan<float> reference, int sampleRate)
    {
        var (x, y, frames) = Analyse(estimate, reference, sampleRate);
        return ShortTimeIntelligibility.Stoi(x, y, frames);
    }

    /// <summary>
    /// Extended short-time objective intelligibility, ESTOI (Jensen and Taal, IEEE/ACM TASLP 24(11), 2016), of an
    /// estimate against its clean reference. Unlike STOI it is sensitive to modulated (fluctuating) maskers.
    /// </summary>
    /// <remarks>
    /// <para>Same analysis as <see cref="Stoi"/> up to the one-third-octave envelopes. For each run of N = 30 frames the
    /// J × N (15 × 30) envelope matrices of reference and estimate are normalised: first every row (one band over time) to
    /// zero mean and unit norm, then every column (the bands at one time) to zero mean and unit norm. The segment's score is
    /// the mean over its N columns of the inner product of corresponding columns, <c>(1/N)·Σ_n x̌_nᵀ y̌_n</c>; ESTOI is the
    /// mean over segments. There is no clipping. A row or column of zero norm stays zero (the reference code adds
    /// eps-scale random noise; this keeps the measure deterministic).</para>
    /// </remarks>
    /// <param name="estimate">The processed or reconstructed waveform, time-aligned with the reference.</param>
    /// <param name="reference">The clean reference waveform, as many samples.</param>
    /// <param name="sampleRate">Sample rate of both signals in Hz, ≥ 1.</param>
    /// <returns>ESTOI, dimensionless, at most 1; 1 for identical signals. Higher predicts better intelligibility.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Stoi"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Stoi"/>.</exception>
    public static double Estoi(ReadOnlySpan<float> estimate, ReadOnlySpan<float> reference, int sampleRate)
    {
        var (x, y, frames) = Analyse(estimate, reference, sampleRate);
        return ShortTimeIntelligibility.Estoi(x, y, frames);
    }

    /// <summary>STOI and ESTOI together, sharing the analysis (about half the cost of calling both).</summary>
    /// <param name="estimate">The processed or reconstructed waveform, time-aligned with the reference.</param>
    /// <param name="reference">The clean reference waveform, as many samples.</param>
    /// <param name="sampleRate">Sample rate of both signals in Hz, ≥ 1.</param>
    /// <returns>Both scores, identical to <see cref="Stoi"/> and <see cref="Estoi"/>.</returns>
    /// <exception cref="ArgumentException">As for <see cref="Stoi"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Stoi"/>.</exception>
    public static IntelligibilityScores Intelligibility(ReadOnlySpan<float> estimate, ReadOnlySpan<float> reference, int sampleRate)
    {
        var (x, y, frames) = Analyse(estimate, reference, sampleRate);
        return new IntelligibilityScores(ShortTimeIntelligibility.Stoi(x, y, frames), ShortTimeIntelligibility.Estoi(x, y, frames));
    }

    private static (double[] Reference, double[] Estimate, int Frames) Analyse(ReadOnlySpan<float> estimate, ReadOnlySpan<float> reference, int sampleRate)
    {
        ValidateWaveforms(estimate, reference, "STOI/ESTOI");
        MetricGuards.ThrowIfBadSampleRate(sampleRate, nameof(sampleRate));
        return ShortTimeIntelligibility.Envelopes(estimate, reference, sampleRate);
    }
}

using System.Globalization;

namespace Phase.Mel;

/// <summary>
/// Conversions between frequency in Hz and the mel scales of <see cref="MelScale"/>, exactly as librosa's
/// <c>hz_to_mel</c> / <c>mel_to_hz</c> / <c>mel_frequencies</c> compute them (double precision).
/// </summary>
/// <remarks>
/// <para><b>Slaney</b>: <c>m = f / (200/3)</c> for <c>f &lt; 1000 Hz</c>; <c>m = 15 + ln(f/1000) / (ln(6.4)/27)</c> above.
/// The two pieces meet at 1000 Hz = 15 mel; 27 mel steps span a factor of 6.4 in frequency.</para>
/// <para><b>HTK</b>: <c>m = 2595·log10(1 + f/700)</c>, inverse <c>f = 700·(10^(m/2595) − 1)</c>.</para>
/// <para>All members are pure and thread-safe; none allocates except <see cref="BandEdges"/>.</para>
/// </remarks>
public static class MelFrequency
{
    private const double SlaneyHzPerMel = 200.0 / 3.0;
    private const double SlaneyBreakHz = 1000.0;
    private const double SlaneyBreakMel = SlaneyBreakHz / SlaneyHzPerMel; // 15
    private static readonly double SlaneyLogStep = Math.Log(6.4) / 27.0;

    /// <summary>Mel value of a frequency.</summary>
    /// <param name="hertz">Frequency in Hz (≥ 0; negative values are mapped by the linear piece / HTK formula as librosa does).</param>
    /// <param name="scale">The mel scale.</param>
    /// <returns>The frequency in mel.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not a defined value.</exception>
    public static double FromHertz(double hertz, MelScale scale) => scale switch
    {
        MelScale.Slaney => hertz >= SlaneyBreakHz
            ? SlaneyBreakMel + Math.Log(hertz / SlaneyBreakHz) / SlaneyLogStep
            : hertz / SlaneyHzPerMel,
        MelScale.Htk => 2595.0 * Math.Log10(1.0 + hertz / 700.0),
        _ => throw BadScale(scale),
    };

    /// <summary>Frequency of a mel value (the inverse of <see cref="FromHertz"/>).</summary>
    /// <param name="mel">Mel value.</param>
    /// <param name="scale">The mel scale.</param>
    /// <returns>The frequency in Hz.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is not a defined value.</exception>
    public static double ToHertz(double mel, MelScale scale) => scale switch
    {
        MelScale.Slaney => mel >= SlaneyBreakMel
            ? SlaneyBreakHz * Math.Exp(SlaneyLogStep * (mel - SlaneyBreakMel))
            : SlaneyHzPerMel * mel,
        MelScale.Htk => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0),
        _ => throw BadScale(scale),
    };

    /// <summary>
    /// <paramref name="count"/> frequencies equally spaced on the mel scale from <paramref name="minHertz"/> to
    /// <paramref name="maxHertz"/> inclusive (librosa <c>mel_frequencies(count, fmin, fmax, htk)</c>). A filter bank of
    /// <c>M</c> bands uses <c>M + 2</c> of them: band <c>m</c> rises from point <c>m</c>, peaks at <c>m + 1</c> and falls
    /// to <c>m + 2</c>.
    /// </summary>
    /// <param name="count">Number of points, at least 2.</param>
    /// <param name="minHertz">First point in Hz, ≥ 0.</param>
    /// <param name="maxHertz">Last point in Hz, greater than <paramref name="minHertz"/>.</param>
    /// <param name="scale">The mel scale.</param>
    /// <returns>A new array of <paramref name="count"/> increasing frequencies in Hz; the ends are exact.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count below 2 or an invalid range or scale.</exception>
    public static double[] BandEdges(int count, double minHertz, double maxHertz, MelScale scale)
    {
        if (count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "At least 2 points are needed.");
        }

        if (!(minHertz >= 0) || double.IsInfinity(minHertz))
        {
            throw new ArgumentOutOfRangeException(nameof(minHertz), minHertz, "The lowest frequency must be finite and ≥ 0 Hz.");
        }

        if (!(maxHertz > minHertz) || double.IsInfinity(maxHertz))
        {
            throw new ArgumentOutOfRangeException(nameof(maxHertz), maxHertz,
                string.Create(CultureInfo.InvariantCulture, $"The highest frequency must be finite and above the lowest ({minHertz} Hz)."));
        }

        double lo = FromHertz(minHertz, scale), hi = FromHertz(maxHertz, scale);
        double step = (hi - lo) / (count - 1);
        var points = new double[count];
        for (int i = 0; i < count - 1; i++)
        {
            points[i] = ToHertz(lo + i * step, scale);
        }

        // numpy.linspace sets its last element to the end point exactly; do the same before converting back.
        points[count - 1] = ToHertz(hi, scale);
        return points;
    }

    private static ArgumentOutOfRangeException BadScale(MelScale scale) =>
        new(nameof(scale), scale, "Use MelScale.Slaney or MelScale.Htk.");
}

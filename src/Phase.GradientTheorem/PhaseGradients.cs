using System.Globalization;
using System.Numerics.Tensors;

namespace Phase.GradientTheorem;

/// <summary>
/// Phase derivatives of an STFT, frame by frame: estimated from magnitudes with the Gaussian-window relations
/// (Průša, Balazs and Søndergaard, IEEE/ACM TASLP 2017), or computed from a known complex STFT ("oracle", for tests and
/// training targets). Span-based, allocation-free, thread-safe.
/// </summary>
/// <remarks>
/// <para><b>Relations.</b> For the Gaussian window <c>exp(−πm²/γ)</c> (γ in samples²) and time-invariant phase, the
/// logarithm of the STFT is analytic in <c>τ − iγω/(2π)</c>, which ties the phase derivatives to the derivatives of the
/// log magnitude <c>ln s</c> (Cauchy–Riemann). In STFT units (hop <c>H</c>, FFT size <c>N</c>):</para>
/// <code>
/// tgrad[n,k] = 2πHk/N + (H·N/γ)·∂ₖ ln s[n,k]       radians per hop (instantaneous frequency × H)
/// fgrad[n,k] = −(γ/(H·N))·∂ₙ ln s[n,k]             radians per bin (−2π/N × local group delay)
/// </code>
/// <para>with centred differences <c>∂ₖ ln s = (ln s[n,k+1] − ln s[n,k−1])/2</c> (0 at <c>k = 0</c> and <c>K − 1</c>) and
/// <c>∂ₙ ln s = (ln s[n+1,k] − ln s[n−1,k])/2</c>, or the causal one-sided second-order difference
/// <c>(3 ln s[n,k] − 4 ln s[n−1,k] + ln s[n−2,k])/2</c>. Other windows use their Gaussian-equivalent
/// <c>γ = C_g·Nw²</c> (<see cref="StftSettings.Gamma"/>; Hann 0.25645·Nw²), which makes the relations approximate.
/// Checks: a stationary sinusoid at bin μ gives <c>tgrad = 2πHμ/N</c>; an impulse <c>t</c> samples after the frame
/// centre gives <c>fgrad = −2πt/N</c>.</para>
/// <para><b>Log floor.</b> <c>ln 0</c> is −∞ and the logarithm of tiny magnitudes is noise, so magnitudes are floored
/// before the logarithm: <c>ln max(s, ρ·M)</c> with <c>M</c> the largest magnitude of the frames involved and ρ a
/// relative floor (<see cref="AnalyticPhaseGradients.DefaultLogFloor"/> = 10⁻⁵, −100 dB; the result is insensitive
/// to ρ between 10⁻⁸ and 10⁻⁴ on speech, docs/gradient-quality.md).</para>
/// <para><b>Integration targets.</b> The integrators use the trapezoid rule between grid points: the phase advance
/// from frame <c>n − 1</c> to <c>n</c> is <c>2πHk/N + d[n,k]</c>, <c>d[n,k] = (tdev[n−1,k] + tdev[n,k])/2</c> with
/// <c>tdev = tgrad − 2πHk/N</c> (<see cref="AdvanceDeviation"/>), and the step from bin <c>k</c> to <c>k + 1</c> is
/// <c>v[n,k] = (fgrad[n,k] + fgrad[n,k+1])/2</c> (<see cref="FrequencyStep"/>) — the quantities of
/// <see cref="IPhaseGradientSource"/>.</para>
/// </remarks>
public static class PhaseGradients
{
    /// <summary>The factor <c>H·N/γ</c> that turns <c>∂ₖ ln s</c> into radians per hop.</summary>
    /// <param name="settings">STFT settings.</param>
    /// <returns><c>H·N/γ</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public static double TimeGradientScale(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Hop * (double)settings.FftSize / settings.Gamma;
    }

    /// <summary>The factor <c>γ/(H·N)</c> that turns <c>∂ₙ ln s</c> (per frame) into radians per bin (with a minus sign).</summary>
    /// <param name="settings">STFT settings.</param>
    /// <returns><c>γ/(H·N)</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public static double FrequencyGradientScale(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Gamma / (settings.Hop * (double)settings.FftSize);
    }

    /// <summary>Floored log magnitudes: <c>destination[k] = ln max(magnitudes[k], floor)</c>.</summary>
    /// <param name="magnitudes">Linear magnitudes (finite, ≥ 0; not checked).</param>
    /// <param name="floor">The smallest magnitude, &gt; 0 (for example ρ times the largest magnitude involved).</param>
    /// <param name="destination">Receives the logarithms, same length; may be <paramref name="magnitudes"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="floor"/> is not positive and finite.</exception>
    public static void LogMagnitude(ReadOnlySpan<float> magnitudes, float floor, Span<float> destination)
    {
        CheckSameLength(magnitudes.Length, destination.Length, nameof(destination));
        if (!(floor > 0 && floor < float.PositiveInfinity))
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(floor), floor, "The log floor must be positive and finite.");
        }

        TensorPrimitives.Max(magnitudes, floor, destination);
        TensorPrimitives.Log(destination, destination);
    }

    /// <summary>Deviation of the time gradient from the bin's nominal advance:
    /// <c>tdev[k] = tgrad[k] − 2πHk/N = (H·N/γ)·(L[k+1] − L[k−1])/2</c>, 0 at <c>k = 0</c> and <c>K − 1</c>. Radians per hop.</summary>
    /// <param name="settings">STFT settings (<c>K</c>, <c>H</c>, <c>N</c>, γ).</param>
    /// <param name="logMagnitude">Floored log magnitudes <c>L</c> of one frame, <c>K</c> values.</param>
    /// <param name="destination">Receives <c>K</c> values; must not overlap <paramref name="logMagnitude"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException">A span does not hold <c>K</c> values.</exception>
    public static void TimeGradientDeviation(StftSettings settings, ReadOnlySpan<float> logMagnitude, Span<float> destination)
    {
        int bins = CheckBins(settings, logMagnitude.Length, nameof(logMagnitude));
        GradientThrowHelper.ThrowIfLengthNot(destination.Length, bins, nameof(destination), "one STFT frame");
        CenteredBinDifference(logMagnitude, (float)(TimeGradientScale(settings) / 2), destination);
    }

    /// <summary>Centred frequency gradient: <c>fgrad[k] = −(γ/(H·N))·(Lnext[k] − Lprevious[k])/2</c>, radians per bin.</summary>
    /// <param name="settings">STFT settings.</param>
    /// <param name="logPrevious">Floored log magnitudes of frame <c>n − 1</c>, <c>K</c> values.</param>
    /// <param name="logNext">Floored log magnitudes of frame <c>n + 1</c>, <c>K</c> values.</param>
    /// <param name="destination">Receives <c>K</c> values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException">A span does not hold <c>K</c> values.</exception>
    public static void FrequencyGradient(StftSettings settings, ReadOnlySpan<float> logPrevious, ReadOnlySpan<float> logNext, Span<float> destination)
    {
        int bins = CheckBins(settings, logPrevious.Length, nameof(logPrevious));
        GradientThrowHelper.ThrowIfLengthNot(logNext.Length, bins, nameof(logNext), "one STFT frame");
        GradientThrowHelper.ThrowIfLengthNot(destination.Length, bins, nameof(destination), "one STFT frame");
        TensorPrimitives.Subtract(logNext, logPrevious, destination);
        TensorPrimitives.Multiply(destination, (float)(-FrequencyGradientScale(settings) / 2), destination);
    }

    /// <summary>One-sided first-order frequency gradient between two consecutive frames:
    /// <c>fgrad[k] = −(γ/(H·N))·(Llater[k] − Learlier[k])</c>, radians per bin (used where only one neighbouring frame exists).</summary>
    /// <param name="settings">STFT settings.</param>
    /// <param name="logEarlier">Floored log magnitudes of the earlier frame, <c>K</c> values.</param>
    /// <param name="logLater">Floored log magnitudes of the later frame, <c>K</c> values.</param>
    /// <param name="destination">Receives <c>K</c> values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException">A span does not hold <c>K</c> values.</exception>
    public static void FrequencyGradientOneSided(StftSettings settings, ReadOnlySpan<float> logEarlier, ReadOnlySpan<float> logLater, Span<float> destination)
    {
        int bins = CheckBins(settings, logEarlier.Length, nameof(logEarlier));
        GradientThrowHelper.ThrowIfLengthNot(logLater.Length, bins, nameof(logLater), "one STFT frame");
        GradientThrowHelper.ThrowIfLengthNot(destination.Length, bins, nameof(destination), "one STFT frame");
        TensorPrimitives.Subtract(logLater, logEarlier, destination);
        TensorPrimitives.Multiply(destination, (float)-FrequencyGradientScale(settings), destination);
    }

    /// <summary>Causal frequency gradient from the current and two earlier frames (second-order backward difference):
    /// <c>fgrad[k] = −(γ/(H·N))·(3L[n,k] − 4L[n−1,k] + L[n−2,k])/2</c>, radians per bin.</summary>
    /// <param name="settings">STFT settings.</param>
    /// <param name="logTwoBefore">Floored log magnitudes of frame <c>n − 2</c>.</param>
    /// <param name="logBefore">Floored log magnitudes of frame <c>n − 1</c>.</param>
    /// <param name="logCurrent">Floored log magnitudes of frame <c>n</c>.</param>
    /// <param name="destination">Receives <c>K</c> values.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException">A span does not hold <c>K</c> values.</exception>
    public static void FrequencyGradientCausal(StftSettings settings, ReadOnlySpan<float> logTwoBefore, ReadOnlySpan<float> logBefore, ReadOnlySpan<float> logCurrent, Span<float> destination)
    {
        int bins = CheckBins(settings, logCurrent.Length, nameof(logCurrent));
        GradientThrowHelper.ThrowIfLengthNot(logBefore.Length, bins, nameof(logBefore), "one STFT frame");
        GradientThrowHelper.ThrowIfLengthNot(logTwoBefore.Length, bins, nameof(logTwoBefore), "one STFT frame");
        GradientThrowHelper.ThrowIfLengthNot(destination.Length, bins, nameof(destination), "one STFT frame");
        float c = (float)(-FrequencyGradientScale(settings) / 2);
        for (int k = 0; k < bins; k++)
        {
            destination[k] = c * ((3 * logCurrent[k]) - (4 * logBefore[k]) + logTwoBefore[k]);
        }
    }

    /// <summary>Trapezoid rule in time: <c>d[k] = (tdevPrevious[k] + tdevCurrent[k])/2</c>, the deviation of the phase advance
    /// from frame <c>n − 1</c> to <c>n</c> from its nominal <c>2πHk/N</c>. Radians per hop.</summary>
    /// <param name="previousTimeDeviation"><see cref="TimeGradientDeviation"/> of frame <c>n − 1</c>.</param>
    /// <param name="currentTimeDeviation"><see cref="TimeGradientDeviation"/> of frame <c>n</c>, same length.</param>
    /// <param name="destination">Receives the advance deviation, same length; may alias an input.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void AdvanceDeviation(ReadOnlySpan<float> previousTimeDeviation, ReadOnlySpan<float> currentTimeDeviation, Span<float> destination)
    {
        CheckSameLength(previousTimeDeviation.Length, currentTimeDeviation.Length, nameof(currentTimeDeviation));
        CheckSameLength(previousTimeDeviation.Length, destination.Length, nameof(destination));
        TensorPrimitives.Add(previousTimeDeviation, currentTimeDeviation, destination);
        TensorPrimitives.Multiply(destination, 0.5f, destination);
    }

    /// <summary>Trapezoid rule in frequency: <c>v[k] = (fgrad[k] + fgrad[k+1])/2</c> for <c>k &lt; K − 1</c>, <c>v[K − 1] = 0</c>:
    /// the phase step from bin <c>k</c> to <c>k + 1</c>. Radians per bin.</summary>
    /// <param name="frequencyGradient">One frame's <c>fgrad</c>, <c>K ≥ 1</c> values.</param>
    /// <param name="destination">Receives <c>K</c> values; must not overlap <paramref name="frequencyGradient"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ or the span is empty.</exception>
    public static void FrequencyStep(ReadOnlySpan<float> frequencyGradient, Span<float> destination)
    {
        int bins = frequencyGradient.Length;
        if (bins < 1)
        {
            GradientThrowHelper.Argument(nameof(frequencyGradient), "A frame needs at least one bin.");
        }

        CheckSameLength(bins, destination.Length, nameof(destination));
        TensorPrimitives.Add(frequencyGradient[..^1], frequencyGradient[1..], destination[..^1]);
        TensorPrimitives.Multiply(destination[..^1], 0.5f, destination[..^1]);
        destination[^1] = 0;
    }

    /// <summary>Oracle derivatives of frame <c>n</c> from the true STFT (time-invariant phase φ = atan2(Im, Re), computed
    /// in double precision):
    /// <c>d[k] = princarg(φ[n,k] − φ[n−1,k] − 2πHk/N)</c> and <c>v[k] = princarg(φ[n,k+1] − φ[n,k])</c>, <c>v[K − 1] = 0</c>;
    /// principal values in <c>[−π, π)</c>, the phase of a zero coefficient taken as 0 (as numpy's <c>angle</c>).</summary>
    /// <param name="settings">STFT settings.</param>
    /// <param name="previousReal">Real parts of frame <c>n − 1</c>, <c>K</c> values.</param>
    /// <param name="previousImaginary">Imaginary parts of frame <c>n − 1</c>.</param>
    /// <param name="real">Real parts of frame <c>n</c>.</param>
    /// <param name="imaginary">Imaginary parts of frame <c>n</c>.</param>
    /// <param name="advanceDeviation">Receives <c>d</c>, <c>K</c> values, radians per hop.</param>
    /// <param name="frequencyStep">Receives <c>v</c>, <c>K</c> values, radians per bin.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException">A span does not hold <c>K</c> values.</exception>
    public static void Oracle(
        StftSettings settings,
        ReadOnlySpan<float> previousReal,
        ReadOnlySpan<float> previousImaginary,
        ReadOnlySpan<float> real,
        ReadOnlySpan<float> imaginary,
        Span<float> advanceDeviation,
        Span<float> frequencyStep)
    {
        int bins = CheckBins(settings, real.Length, nameof(real));
        GradientThrowHelper.ThrowIfLengthNot(imaginary.Length, bins, nameof(imaginary), "one STFT frame");
        GradientThrowHelper.ThrowIfLengthNot(previousReal.Length, bins, nameof(previousReal), "one STFT frame");
        GradientThrowHelper.ThrowIfLengthNot(previousImaginary.Length, bins, nameof(previousImaginary), "one STFT frame");
        GradientThrowHelper.ThrowIfLengthNot(advanceDeviation.Length, bins, nameof(advanceDeviation), "one STFT frame");
        GradientThrowHelper.ThrowIfLengthNot(frequencyStep.Length, bins, nameof(frequencyStep), "one STFT frame");
        int n = settings.FftSize, hop = settings.Hop;
        for (int k = 0; k < bins; k++)
        {
            double nominal = 2 * Math.PI * ((long)k * hop % n) / n;
            double difference = Math.Atan2(imaginary[k], real[k]) - Math.Atan2(previousImaginary[k], previousReal[k]) - nominal;
            advanceDeviation[k] = (float)PhaseMath.Wrap(difference);
        }

        OracleFrequencyStep(settings, real, imaginary, frequencyStep);
    }

    /// <summary>Oracle frequency steps of one frame: <c>v[k] = princarg(φ[k+1] − φ[k])</c>, <c>v[K − 1] = 0</c> (double precision,
    /// <c>[−π, π)</c>).</summary>
    /// <param name="settings">STFT settings.</param>
    /// <param name="real">Real parts, <c>K</c> values.</param>
    /// <param name="imaginary">Imaginary parts, <c>K</c> values.</param>
    /// <param name="frequencyStep">Receives <c>v</c>, <c>K</c> values, radians per bin.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException">A span does not hold <c>K</c> values.</exception>
    public static void OracleFrequencyStep(StftSettings settings, ReadOnlySpan<float> real, ReadOnlySpan<float> imaginary, Span<float> frequencyStep)
    {
        int bins = CheckBins(settings, real.Length, nameof(real));
        GradientThrowHelper.ThrowIfLengthNot(imaginary.Length, bins, nameof(imaginary), "one STFT frame");
        GradientThrowHelper.ThrowIfLengthNot(frequencyStep.Length, bins, nameof(frequencyStep), "one STFT frame");
        double previous = Math.Atan2(imaginary[0], real[0]);
        for (int k = 0; k < bins - 1; k++)
        {
            double next = Math.Atan2(imaginary[k + 1], real[k + 1]);
            frequencyStep[k] = (float)PhaseMath.Wrap(next - previous);
            previous = next;
        }

        frequencyStep[bins - 1] = 0;
    }

    /// <summary>The nominal phase advance per hop of every bin, <c>2πHk/N</c>, as principal values in <c>[−π, π)</c> (exact
    /// from the integer <c>kH mod N</c>). The full advance from frame <c>n − 1</c> to <c>n</c> is this plus <c>d[k]</c>.</summary>
    /// <param name="settings">STFT settings.</param>
    /// <param name="destination">Receives <c>K</c> values, radians.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> does not hold <c>K</c> values.</exception>
    public static void NominalAdvance(StftSettings settings, Span<float> destination)
    {
        int bins = CheckBins(settings, destination.Length, nameof(destination));
        int n = settings.FftSize, hop = settings.Hop;
        for (int k = 0; k < bins; k++)
        {
            destination[k] = (float)PhaseMath.Wrap(2 * Math.PI * ((long)k * hop % n) / n);
        }
    }

    /// <summary>Principal values: <c>destination[i] = x − 2π·⌊(x + π)/(2π)⌋ ∈ [−π, π)</c> (vectorised; float rounding can
    /// return −π or a value a few ulps from π for inputs next to an odd multiple of π).</summary>
    /// <param name="angles">Angles in radians, finite.</param>
    /// <param name="destination">Receives the principal values, same length; may be <paramref name="angles"/> itself.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void PrincipalValue(ReadOnlySpan<float> angles, Span<float> destination)
    {
        CheckSameLength(angles.Length, destination.Length, nameof(destination));
        PhaseMath.Wrap(angles, destination);
    }

    /// <summary><c>destination[k] = scale·(source[k+1] − source[k−1])</c> inside, 0 at both ends.</summary>
    internal static void CenteredBinDifference(ReadOnlySpan<float> source, float scale, Span<float> destination)
    {
        int bins = source.Length;
        if (bins >= 3)
        {
            TensorPrimitives.Subtract(source[2..], source[..^2], destination[1..^1]);
            TensorPrimitives.Multiply(destination[1..^1], scale, destination[1..^1]);
        }

        destination[0] = 0;
        destination[bins - 1] = 0;
    }

    private static int CheckBins(StftSettings settings, int length, string paramName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        GradientThrowHelper.ThrowIfLengthNot(length, settings.BinCount, paramName, "one STFT frame");
        return settings.BinCount;
    }

    private static void CheckSameLength(int expected, int actual, string paramName)
    {
        if (expected != actual)
        {
            GradientThrowHelper.Argument(paramName, string.Create(CultureInfo.InvariantCulture,
                $"{paramName} has {actual} elements but must have {expected}, the length of the input."));
        }
    }
}

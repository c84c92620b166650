using System.Globalization;
using Phase.Resampling;

namespace Phase.Effects;

/// <summary>
/// Pitch-shifting by a phase vocoder: moves every frequency by <c>2^(s/12)</c> for <see cref="Semitones"/> <c>s</c> and keeps
/// the duration. Immutable settings; <see cref="Process(ReadOnlySpan{float})"/> runs offline, <see cref="CreateStreaming"/>
/// creates a real-time voice changer.
/// </summary>
/// <remarks>
/// <para><b>Method.</b> The ratio <c>2^(s/12)</c> is approximated by the fraction <c>p/q</c> (<see cref="RatioNumerator"/>,
/// <see cref="RatioDenominator"/>) with the smallest <c>q ≤ 1000</c> whose relative error is at most 5·10⁻⁶ (0.01 cent), or the
/// best fraction with <c>q ≤ 1000</c> if none is: within 0.03 cent of <c>2^(s/12)</c> for whole semitones, within 0.8 cent for
/// any fractional shift (checked on a 0.01-semitone grid; the ear's pitch resolution is about 5 cents). The bound keeps the
/// resampler's filter small (about 100·max(p, q) coefficients). The input is time-stretched by
/// <c>r = p/q</c> (<see cref="TimeStretch"/>, same method and window) to <c>round(r·n)</c> samples, then resampled from
/// <c>p</c> to <c>q</c> (<see cref="PolyphaseResampler"/>: Kaiser-windowed sinc, passband to 90 % of the lower Nyquist
/// frequency, 80 dB stopband) so that it plays in the original duration at <c>r</c> times the pitch. The output has exactly
/// the input's length (the resampler's last sample is followed by zeros if rounding left it one or two short).</para>
/// <para><b>Band limit.</b> Shifting up by <c>r</c> removes what would land above 90 % of Nyquist: input content above
/// <c>0.9·(fs/2)/r</c>.</para>
/// <para><b>Cost.</b> The stretch (≈ <c>r·n/Hs</c> frames) plus <see cref="PolyphaseResampler.TapsPerPhase"/> (≈ 100·max(r, 1))
/// multiply-adds per output sample. Thread-safe (immutable).</para>
/// </remarks>
public sealed class PitchShift
{
    /// <summary>The lowest shift accepted, −24 semitones (two octaves down).</summary>
    public const double MinSemitones = -24;

    /// <summary>The highest shift accepted, +24 semitones (two octaves up).</summary>
    public const double MaxSemitones = 24;

    /// <summary>The largest denominator of the pitch ratio's fraction.</summary>
    public const int MaxRatioDenominator = 1000;

    /// <summary>Creates pitch-shift settings.</summary>
    /// <param name="semitones">Shift in semitones, <see cref="MinSemitones"/> … <see cref="MaxSemitones"/> (fractions allowed; 0 returns the input).</param>
    /// <param name="method">The phase vocoder; default <see cref="PhaseVocoderMethod.Pvdr"/>.</param>
    /// <param name="windowLength">Hann window and FFT size <c>N</c>, <see cref="TimeStretch.MinWindowLength"/> … <see cref="TimeStretch.MaxWindowLength"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The shift is NaN, infinite or outside −24 … 24, the method is not defined,
    /// or the window length is out of range.</exception>
    public PitchShift(double semitones, PhaseVocoderMethod method = PhaseVocoderMethod.Pvdr, int windowLength = TimeStretch.DefaultWindowLength)
    {
        if (!(semitones >= MinSemitones && semitones <= MaxSemitones))
        {
            throw new ArgumentOutOfRangeException(nameof(semitones), semitones, string.Create(CultureInfo.InvariantCulture,
                $"The shift must be a number of semitones from {MinSemitones} to {MaxSemitones}; got {semitones}."));
        }

        Semitones = semitones;
        (RatioNumerator, RatioDenominator) = Fraction(Math.Pow(2, semitones / 12));
        Stretch = new TimeStretch(Ratio, method, windowLength, validated: true);
        Resampler = new PolyphaseResampler(RatioNumerator, RatioDenominator);
    }

    /// <summary>The shift in semitones.</summary>
    public double Semitones { get; }

    /// <summary>The frequency ratio applied, <c>p/q ≈ 2^(s/12)</c>.</summary>
    public double Ratio => (double)RatioNumerator / RatioDenominator;

    /// <summary><c>p</c> of the ratio <c>p/q</c>.</summary>
    public int RatioNumerator { get; }

    /// <summary><c>q</c> of the ratio <c>p/q</c> (≤ <see cref="MaxRatioDenominator"/>).</summary>
    public int RatioDenominator { get; }

    /// <summary>The phase vocoder.</summary>
    public PhaseVocoderMethod Method => Stretch.Method;

    /// <summary>The time-stretch by <see cref="Ratio"/> that precedes the resampling.</summary>
    public TimeStretch Stretch { get; }

    /// <summary>The resampler from <c>p</c> to <c>q</c> that follows the stretch.</summary>
    public PolyphaseResampler Resampler { get; }

    /// <summary>Shifts <paramref name="input"/> into a new array of the same length.</summary>
    /// <param name="input">Finite samples.</param>
    /// <returns>The shifted signal.</returns>
    /// <exception cref="ArgumentException">A sample is NaN or infinite.</exception>
    public float[] Process(ReadOnlySpan<float> input)
    {
        var output = new float[input.Length];
        Process(input, output);
        return output;
    }

    /// <summary>Shifts <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <param name="input">Finite samples.</param>
    /// <param name="output">Receives exactly <c>input.Length</c> samples (may not overlap the input).</param>
    /// <exception cref="ArgumentException">A sample is not finite, or <paramref name="output"/> has the wrong length.</exception>
    /// <remarks>Allocates the stretched signal and the resampled one (about <c>(1 + r)·n</c> floats).</remarks>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.Length != input.Length)
        {
            throw new ArgumentException($"output has {output.Length} samples; a pitch shift keeps the length, {input.Length}.", nameof(output));
        }

        float[] stretched = Stretch.Process(input);
        float[] resampled = Resampler.Process(stretched);
        int take = Math.Min(resampled.Length, output.Length);
        resampled.AsSpan(0, take).CopyTo(output);
        output.Slice(take).Clear();
    }

    /// <summary>Creates a streaming pitch shifter (a real-time voice changer) with these settings.</summary>
    /// <returns>A new stream; allocation-free per call.</returns>
    public StreamingPitchShifter CreateStreaming() => new(this);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Method == PhaseVocoderMethod.Pvdr ? "pvdr" : "pv")} {Semitones:+0.###;-0.###;0} semitones (ratio {RatioNumerator}/{RatioDenominator}, N {Stretch.WindowLength})");

    /// <summary>The fraction <c>p/q</c> with the smallest <c>q ≤ 1000</c> within 5·10⁻⁶ of <paramref name="ratio"/> (relative), or the closest.</summary>
    internal static (int Numerator, int Denominator) Fraction(double ratio)
    {
        int bestP = 1, bestQ = 1;
        double bestError = double.PositiveInfinity;
        for (int q = 1; q <= MaxRatioDenominator; q++)
        {
            int p = (int)Math.Round(ratio * q, MidpointRounding.AwayFromZero);
            if (p < 1)
            {
                continue;
            }

            double error = Math.Abs(((double)p / q / ratio) - 1);
            if (error < bestError)
            {
                (bestP, bestQ, bestError) = (p, q, error);
                if (error <= 5e-6)
                {
                    break;
                }
            }
        }

        return (bestP, bestQ);
    }
}

using System.Globalization;

namespace Phase.Mel;

/// <summary>
/// Decibel and logarithmic compression of mel spectrograms, and their inverses — the first step of inverting a mel
/// spectrogram a model produced, and the last step of making one like a feature pipeline does.
/// </summary>
/// <remarks>
/// <para><b>Formulas</b> (<c>P</c> power, <c>A</c> amplitude; see <see cref="MelSpectrumKind"/>):</para>
/// <list type="table">
/// <listheader><term>encoding</term><description>encode (feature pipeline) → decode (here)</description></listheader>
/// <item><term>dB, power</term><description>librosa <c>power_to_db</c>: <c>d = 10·log10(max(amin, P)) − 10·log10(max(amin, ref))</c>,
/// then <c>d = max(d, max(d) − top_db)</c> → <c>P = ref·10^(d/10)</c></description></item>
/// <item><term>dB, amplitude</term><description>librosa <c>amplitude_to_db</c>: <c>20·log10</c> with <c>amin = 1e−5</c> → <c>A = ref·10^(d/20)</c></description></item>
/// <item><term>natural log</term><description>HiFi-GAN / Tacotron 2: <c>ln(max(x, 1e−5))</c> → <c>x = e^v</c></description></item>
/// <item><term>log10</term><description><c>log10(max(x, floor))</c> → <c>x = 10^v</c></description></item>
/// </list>
/// <para><b>Caveats.</b> (1) <c>ref</c>: librosa's default is 1.0, but pipelines often pass <c>ref=np.max</c>, which
/// makes the loudest value 0 dB and discards the absolute level; decoding with <c>reference = 1</c> then gives a
/// spectrogram of the right shape at an arbitrary scale (a reconstruction is correspondingly quiet or loud — rescale the
/// waveform, or pass the original reference if known). (2) <c>top_db</c> (default 80) clips everything more than
/// <c>top_db</c> below the maximum to that floor; the floor decodes to a faint constant noise floor, not to silence.
/// (3) The clamp of the log encodings (<c>amin</c>, 1e−5) likewise decodes to a floor of 1e−5, not 0. (4) dB of a
/// power mel and dB of an amplitude mel are different things: a power mel is <c>W·|X|²</c>, not <c>(W·|X|)²</c>; say
/// which the model used.</para>
/// <para>All methods are element-wise, allocate nothing, accept <c>destination</c> equal to the input (in place) and are
/// thread-safe.</para>
/// </remarks>
public static class MelCompression
{
    /// <summary>librosa's <c>power_to_db</c> default <c>amin</c> (1e−10); for amplitudes its square root, 1e−5.</summary>
    public const double DefaultPowerFloor = 1e-10;

    /// <summary>The clamp of HiFi-GAN's and Tacotron 2's log compression, 1e−5.</summary>
    public const double DefaultLogFloor = 1e-5;

    /// <summary>librosa's default <c>top_db</c>, 80 dB.</summary>
    public const double DefaultTopDb = 80;

    /// <summary>Decodes compressed mel values to linear ones (power or amplitude, whichever was encoded).</summary>
    /// <param name="encoded">Values as stored.</param>
    /// <param name="destination">Receives linear values, same length.</param>
    /// <param name="encoding">How the values were compressed.</param>
    /// <param name="kind">Power or amplitude; decides 10 vs 20 in the dB formula (ignored otherwise).</param>
    /// <param name="reference">The dB reference <c>ref</c> (default 1; ignored for the log encodings).</param>
    /// <exception cref="ArgumentException">Lengths differ, a value is NaN or infinite (a linear value is also rejected if
    /// negative), or the reference is not positive and finite.</exception>
    public static void Decode(ReadOnlySpan<float> encoded, Span<float> destination, MelEncoding encoding, MelSpectrumKind kind = MelSpectrumKind.Power, double reference = 1.0)
    {
        MelThrowHelper.ThrowIfLengthNot(destination.Length, encoded.Length, nameof(destination), "the input");
        ThrowIfNotFinite(encoded, nameof(encoded));
        switch (encoding)
        {
            case MelEncoding.Linear:
                for (int i = 0; i < encoded.Length; i++)
                {
                    if (encoded[i] < 0)
                    {
                        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                            $"encoded[{i}] is {encoded[i]}: linear mel values cannot be negative. Are these dB or log values? Choose the matching MelEncoding."), nameof(encoded));
                    }
                }

                encoded.CopyTo(destination);
                break;
            case MelEncoding.Decibels:
                ThrowIfBadReference(reference);
                FromDecibels(encoded, destination, kind == MelSpectrumKind.Power ? 10 : 20, reference);
                break;
            case MelEncoding.NaturalLog:
                for (int i = 0; i < encoded.Length; i++)
                {
                    destination[i] = (float)Math.Exp(encoded[i]);
                }

                break;
            case MelEncoding.Log10:
                for (int i = 0; i < encoded.Length; i++)
                {
                    destination[i] = (float)Math.Pow(10, encoded[i]);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Use Linear, Decibels, NaturalLog or Log10.");
        }
    }

    /// <summary>Encodes linear mel values the way feature pipelines do (see the class remarks for each formula).</summary>
    /// <param name="linear">Linear mel values, finite and ≥ 0.</param>
    /// <param name="destination">Receives the encoded values, same length.</param>
    /// <param name="encoding">The compression.</param>
    /// <param name="kind">Power or amplitude (dB: 10 or 20 per decade, and the default floor 1e−10 or 1e−5).</param>
    /// <param name="reference">dB reference <c>ref</c> (default 1).</param>
    /// <param name="topDb">dB only: clip more than this many dB below the maximum (default 80, librosa's); +∞ or NaN for no clipping.</param>
    /// <param name="floor">The clamp: NaN (default) for <see cref="DefaultPowerFloor"/> (power dB), 1e−5 (amplitude dB,
    /// <see cref="MelEncoding.NaturalLog"/>, <see cref="MelEncoding.Log10"/>).</param>
    /// <exception cref="ArgumentException">Lengths differ, a value is negative, NaN or infinite, or a parameter is out of range.</exception>
    public static void Encode(
        ReadOnlySpan<float> linear,
        Span<float> destination,
        MelEncoding encoding,
        MelSpectrumKind kind = MelSpectrumKind.Power,
        double reference = 1.0,
        double topDb = DefaultTopDb,
        double floor = double.NaN)
    {
        MelThrowHelper.ThrowIfLengthNot(destination.Length, linear.Length, nameof(destination), "the input");
        ThrowIfNotFinite(linear, nameof(linear));
        for (int i = 0; i < linear.Length; i++)
        {
            if (linear[i] < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"linear[{i}] is {linear[i]}; linear mel values cannot be negative."), nameof(linear));
            }
        }

        bool power = kind == MelSpectrumKind.Power;
        double clamp = double.IsNaN(floor) ? (encoding == MelEncoding.Decibels && power ? DefaultPowerFloor : DefaultLogFloor) : floor;
        if (!(clamp > 0) || double.IsInfinity(clamp))
        {
            throw new ArgumentOutOfRangeException(nameof(floor), floor, "The floor must be positive and finite (e.g. 1e-10 for power dB, 1e-5 otherwise).");
        }

        switch (encoding)
        {
            case MelEncoding.Linear:
                linear.CopyTo(destination);
                break;
            case MelEncoding.Decibels:
                ThrowIfBadReference(reference);
                if (!(topDb >= 0) && !double.IsNaN(topDb))
                {
                    throw new ArgumentOutOfRangeException(nameof(topDb), topDb, "top_db must be ≥ 0 (or +∞/NaN for no clipping).");
                }

                double scale = power ? 10 : 20;
                double offset = scale * Math.Log10(Math.Max(clamp, reference));
                double max = double.NegativeInfinity;
                for (int i = 0; i < linear.Length; i++)
                {
                    double d = scale * Math.Log10(Math.Max(clamp, linear[i])) - offset;
                    destination[i] = (float)d;
                    max = Math.Max(max, d);
                }

                if (!double.IsNaN(topDb) && !double.IsPositiveInfinity(topDb))
                {
                    float lowest = (float)(max - topDb);
                    for (int i = 0; i < destination.Length; i++)
                    {
                        destination[i] = Math.Max(destination[i], lowest);
                    }
                }

                break;
            case MelEncoding.NaturalLog:
                for (int i = 0; i < linear.Length; i++)
                {
                    destination[i] = (float)Math.Log(Math.Max(clamp, linear[i]));
                }

                break;
            case MelEncoding.Log10:
                for (int i = 0; i < linear.Length; i++)
                {
                    destination[i] = (float)Math.Log10(Math.Max(clamp, linear[i]));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Use Linear, Decibels, NaturalLog or Log10.");
        }
    }

    private static void FromDecibels(ReadOnlySpan<float> db, Span<float> destination, double perDecade, double reference)
    {
        for (int i = 0; i < db.Length; i++)
        {
            destination[i] = (float)(reference * Math.Pow(10, db[i] / perDecade));
        }
    }

    private static void ThrowIfNotFinite(ReadOnlySpan<float> values, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{paramName}[{i}] is {values[i]}; mel values must be finite."), paramName);
            }
        }
    }

    private static void ThrowIfBadReference(double reference)
    {
        if (!(reference > 0) || double.IsInfinity(reference))
        {
            throw new ArgumentOutOfRangeException(nameof(reference), reference, "The dB reference must be positive and finite (librosa's default is 1.0).");
        }
    }
}

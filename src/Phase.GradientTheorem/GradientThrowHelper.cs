using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics.Tensors;

namespace Phase.GradientTheorem;

/// <summary>Throw helpers and shared input checks of the gradient-theorem methods; keeps throw sites out of hot methods.</summary>
internal static class GradientThrowHelper
{
    [DoesNotReturn]
    public static void Argument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ArgumentOutOfRange(string paramName, object? actualValue, string message) =>
        throw new ArgumentOutOfRangeException(paramName, actualValue, message);

    /// <summary>Throws unless <paramref name="length"/> equals <paramref name="expected"/>.</summary>
    public static void ThrowIfLengthNot(int length, int expected, string paramName, string what)
    {
        if (length != expected)
        {
            Argument(paramName, string.Create(CultureInfo.InvariantCulture, $"{paramName} has {length} elements but {what} needs exactly {expected}."));
        }
    }

    /// <summary>Throws unless every value is a valid magnitude (finite, ≥ 0); the message names the first bad bin.</summary>
    public static void ThrowIfInvalidMagnitudeFrame(ReadOnlySpan<float> magnitudes, string paramName)
    {
        // Fast path: two vectorised scans (NaN fails both); the scalar loop only runs to name the bad bin.
        if (magnitudes.IsEmpty || (TensorPrimitives.IsFiniteAll(magnitudes) && TensorPrimitives.Min(magnitudes) >= 0))
        {
            if (!magnitudes.IsEmpty && TensorPrimitives.Max(magnitudes) > MagnitudeSpectrogram.MaxMagnitude)
            {
                MagnitudeSpectrogram.ThrowIfAboveMaxMagnitude(magnitudes, magnitudes.Length, paramName);
            }

            return;
        }

        for (int k = 0; k < magnitudes.Length; k++)
        {
            float v = magnitudes[k];
            if (!(v >= 0 && v < float.PositiveInfinity))
            {
                string what = float.IsNaN(v) ? "NaN" : float.IsInfinity(v) ? "infinite" : "negative";
                Argument(paramName, string.Create(CultureInfo.InvariantCulture,
                    $"Magnitudes must be finite and non-negative, but bin {k} is {what} ({v}). Pass linear amplitudes |X|; convert dB or log magnitudes first."));
            }
        }
    }

    /// <summary>Checks a magnitude spectrogram against the settings: not null, matching bin count, finite and non-negative.</summary>
    public static void ThrowIfInvalidMagnitudes(MagnitudeSpectrogram? magnitudes, StftSettings settings, string paramName)
    {
        ArgumentNullException.ThrowIfNull(magnitudes, paramName);
        magnitudes.ThrowIfInvalidFor(settings, paramName);
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> unless a gradient source wrote finite values.</summary>
    public static void ThrowIfSourceOutputNotFinite(ReadOnlySpan<float> advance, ReadOnlySpan<float> step, string sourceName, long frame)
    {
        if (!TensorPrimitives.IsFiniteAll(advance) || !TensorPrimitives.IsFiniteAll(step))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The phase-gradient source '{sourceName}' wrote a NaN or infinite derivative for frame {frame}; sources must write finite values."));
        }
    }

    /// <summary>Resolves the requested output length: null selects <see cref="StftSettings.DefaultSignalLength"/>.</summary>
    public static int ResolveSignalLength(StftSettings settings, int frames, int? requested)
    {
        if (requested is int l)
        {
            if (l < 1 || l > Array.MaxLength)
            {
                ArgumentOutOfRange("options", l, string.Create(CultureInfo.InvariantCulture,
                    $"ReconstructionOptions.SignalLength must be between 1 and {Array.MaxLength} samples; got {l}."));
            }

            return l;
        }

        return settings.DefaultSignalLength(frames);
    }

    /// <summary>Validates a relative tolerance: finite, 0 ≤ tol &lt; 1.</summary>
    public static double ValidateTolerance(double value, string paramName)
    {
        if (!(value >= 0 && value < 1))
        {
            ArgumentOutOfRange(paramName, value, string.Create(CultureInfo.InvariantCulture,
                $"The relative tolerance must be at least 0 and below 1 (typically 1e-5 … 1e-7); got {value}."));
        }

        return value;
    }
}

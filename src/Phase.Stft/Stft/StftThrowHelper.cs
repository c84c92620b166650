using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics.Tensors;

namespace Phase.Stft;

/// <summary>Throw helpers and input checks for the STFT and spectral code; keeps throw sites out of hot methods.</summary>
internal static class StftThrowHelper
{
    [DoesNotReturn]
    public static void Argument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ArgumentOutOfRange(string paramName, object? actualValue, string message) =>
        throw new ArgumentOutOfRangeException(paramName, actualValue, message);

    /// <summary>Throws unless <paramref name="length"/> equals <paramref name="expected"/>.</summary>
    public static void ThrowIfLengthNot(int length, long expected, string paramName, string what)
    {
        if (length != expected)
        {
            Argument(paramName, string.Create(CultureInfo.InvariantCulture, $"{paramName} has {length} elements but {what} needs exactly {expected}."));
        }
    }

    /// <summary>Throws unless every sample is finite; the message names the first bad index.</summary>
    public static void ThrowIfNotFinite(ReadOnlySpan<float> values, string paramName)
    {
        if (!TensorPrimitives.IsFiniteAll(values))
        {
            ThrowNotFinite(values, paramName);
        }
    }

    /// <summary>Throws unless every coefficient of frame-major planes is finite; the message names frame and bin.</summary>
    public static void ThrowIfNotFinite(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, int binCount, string realName, string imagName)
    {
        if (!TensorPrimitives.IsFiniteAll(real))
        {
            ThrowNotFiniteCoefficient(real, binCount, realName, "real part");
        }

        if (!TensorPrimitives.IsFiniteAll(imag))
        {
            ThrowNotFiniteCoefficient(imag, binCount, imagName, "imaginary part");
        }
    }

    [DoesNotReturn]
    private static void ThrowNotFinite(ReadOnlySpan<float> values, string paramName)
    {
        int i = FirstNonFinite(values);
        Argument(paramName, string.Create(CultureInfo.InvariantCulture,
            $"Samples must be finite, but {paramName}[{i}] is {values[i]}."));
    }

    [DoesNotReturn]
    private static void ThrowNotFiniteCoefficient(ReadOnlySpan<float> values, int binCount, string paramName, string part)
    {
        int i = FirstNonFinite(values);
        Argument(paramName, string.Create(CultureInfo.InvariantCulture,
            $"Spectrogram coefficients must be finite, but the {part} of frame {i / binCount}, bin {i % binCount} is {values[i]}."));
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return 0;
    }
}

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

    /// <summary>Throws unless a spectrogram destination holds exactly <c>frames·bins</c> values (message built only on failure).</summary>
    public static void ThrowIfSpectrogramLengthNot(int length, int signalLength, int frames, int bins, string paramName)
    {
        if (length != (long)frames * bins)
        {
            Argument(paramName, string.Create(CultureInfo.InvariantCulture,
                $"{paramName} has {length} elements but the STFT of {signalLength} samples needs exactly {frames} frames × {bins} bins = {(long)frames * bins}."));
        }
    }

    /// <summary>Throws unless every sample is finite; the message names the first bad index.</summary>
    public static void ThrowIfNotFinite(ReadOnlySpan<float> values, string paramName)
    {
        if (!values.IsEmpty && !TensorPrimitives.IsFiniteAll(values))
        {
            ThrowNotFinite(values, paramName);
        }
    }

    /// <summary>Throws unless <c>values[start … start + count)</c> are finite; the message names the first bad index.</summary>
    public static void ThrowIfNotFinite(ReadOnlySpan<float> values, int start, int count, string paramName)
    {
        if (count > 0 && !TensorPrimitives.IsFiniteAll(values.Slice(start, count)))
        {
            ThrowNotFinite(values.Slice(start, count), paramName, start);
        }
    }

    /// <summary>Throws unless every coefficient of frame-major planes is finite; the message names frame and bin.</summary>
    /// <param name="real">Real parts, starting at frame <paramref name="firstFrame"/>.</param>
    /// <param name="imag">Imaginary parts, same frames.</param>
    /// <param name="binCount">Bins per frame.</param>
    /// <param name="firstFrame">The frame index of the planes' first frame (for the message).</param>
    /// <param name="realName">Parameter name of the real plane.</param>
    /// <param name="imagName">Parameter name of the imaginary plane.</param>
    public static void ThrowIfNotFinite(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, int binCount, int firstFrame, string realName, string imagName)
    {
        if (!TensorPrimitives.IsFiniteAll(real))
        {
            ThrowNotFiniteCoefficient(real, binCount, firstFrame, realName, "real part");
        }

        if (!TensorPrimitives.IsFiniteAll(imag))
        {
            ThrowNotFiniteCoefficient(imag, binCount, firstFrame, imagName, "imaginary part");
        }
    }

    /// <summary>Throws unless every coefficient of frame-major planes is finite; the message names frame and bin.</summary>
    public static void ThrowIfNotFinite(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, int binCount, string realName, string imagName) =>
        ThrowIfNotFinite(real, imag, binCount, 0, realName, imagName);

    [DoesNotReturn]
    private static void ThrowNotFinite(ReadOnlySpan<float> values, string paramName, int offset = 0)
    {
        int i = FirstNonFinite(values);
        Argument(paramName, string.Create(CultureInfo.InvariantCulture,
            $"Samples must be finite, but {paramName}[{offset + i}] is {values[i]}."));
    }

    [DoesNotReturn]
    private static void ThrowNotFiniteCoefficient(ReadOnlySpan<float> values, int binCount, int firstFrame, string paramName, string part)
    {
        int i = FirstNonFinite(values);
        Argument(paramName, string.Create(CultureInfo.InvariantCulture,
            $"Spectrogram coefficients must be finite, but the {part} of frame {firstFrame + i / binCount}, bin {i % binCount} is {values[i]}."));
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

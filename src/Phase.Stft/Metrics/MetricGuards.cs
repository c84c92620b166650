using System.Globalization;

namespace Phase.Metrics;

/// <summary>Input checks shared by the metrics; each names the parameter and says what is allowed.</summary>
internal static class MetricGuards
{
    public static void ThrowIfEmpty(int length, string paramName, string what)
    {
        if (length == 0)
        {
            throw new ArgumentException($"{paramName} is empty; {what} needs at least one sample.", paramName);
        }
    }

    public static void ThrowIfLengthMismatch(int estimateLength, int referenceLength, string estimateName, string referenceName)
    {
        if (estimateLength != referenceLength)
        {
            throw new ArgumentException(
                $"{estimateName} has {estimateLength} samples but {referenceName} has {referenceLength}; the two must have the same length and be time-aligned (trim or pad one of them first).",
                estimateName);
        }
    }

    public static void ThrowIfNotFinite(ReadOnlySpan<float> values, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{paramName} must be finite, but sample {i} is {values[i]}."), paramName);
            }
        }
    }

    public static void ThrowIfNotMagnitudes(ReadOnlySpan<float> values, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            if (!(v >= 0 && v < float.PositiveInfinity))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"{paramName} must hold finite, non-negative linear magnitudes, but value {i} is {v}. Convert dB or log magnitudes first."), paramName);
            }
        }
    }

    public static void ThrowIfBadSampleRate(int sampleRate, string paramName)
    {
        if (sampleRate < 1)
        {
            throw new ArgumentOutOfRangeException(paramName, sampleRate, $"The sample rate must be a positive number of Hz; got {sampleRate}.");
        }
    }
}

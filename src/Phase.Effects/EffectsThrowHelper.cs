using System.Globalization;
using System.Numerics.Tensors;

namespace Phase.Effects;

/// <summary>Argument checks shared by the effects (messages name the parameter and what is allowed).</summary>
internal static class EffectsThrowHelper
{
    /// <summary>Throws unless every sample is finite; the message names the first bad sample.</summary>
    public static void ThrowIfNotFinite(ReadOnlySpan<float> samples, string paramName)
    {
        if (TensorPrimitives.IsFiniteAll(samples))
        {
            return;
        }

        for (int i = 0; i < samples.Length; i++)
        {
            if (!float.IsFinite(samples[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{paramName}[{i}] is {samples[i]}; every sample must be finite."), paramName);
            }
        }
    }

    public static void ThrowIfTooShort(int length, int needed, string paramName, string what)
    {
        if (length < needed)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{paramName} holds {length} samples; {what} needs at least {needed}."), paramName);
        }
    }
}

using System.Globalization;

namespace Phase.Mel;

/// <summary>Input checks of the mel code; messages are built only on failure so the checks allocate nothing.</summary>
internal static class MelThrowHelper
{
    /// <summary>Throws unless <paramref name="length"/> is <paramref name="expected"/>.</summary>
    public static void ThrowIfLengthNot(int length, long expected, string paramName, string what)
    {
        if (length != expected)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{paramName} has {length} elements but {what} needs exactly {expected}."), paramName);
        }
    }

    /// <summary>Throws unless <paramref name="length"/> is <c>frameCount·perFrame</c>.</summary>
    public static void ThrowIfNotFrames(int length, int frameCount, int perFrame, string paramName, string unit)
    {
        if (length != (long)frameCount * perFrame)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{paramName} has {length} values but {frameCount} frames of {perFrame} {unit} need exactly {(long)frameCount * perFrame}."), paramName);
        }
    }
}

using System.Numerics;
using System.Runtime.InteropServices;

namespace Phase;

/// <summary>Shape and value checks shared by the spectrogram types.</summary>
internal static class SpectrogramShape
{
    public static void Validate(int frameCount, int binCount, int? dataLength, string dataName = "data")
    {
        if (frameCount < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(frameCount), frameCount, $"A spectrogram needs at least one frame; got {frameCount}.");
        }

        if (binCount < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(binCount), binCount, $"A spectrogram needs at least one bin per frame; got {binCount}.");
        }

        long total = (long)frameCount * binCount;
        if (total > Array.MaxLength)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(frameCount), frameCount, $"{frameCount} frames × {binCount} bins = {total} values exceeds the largest array ({Array.MaxLength}).");
        }

        if (dataLength is int n && n != total)
        {
            ThrowHelper.Argument(dataName, $"{dataName} has {n} values but a {frameCount} × {binCount} spectrogram needs {total}.");
        }
    }

    /// <summary>Index of the first value that is NaN, infinite or negative, or −1.</summary>
    public static int FirstInvalidMagnitude(ReadOnlySpan<float> values)
    {
        // A value v is valid iff 0 ≤ v < ∞; NaN fails both comparisons. Vectorised scan, scalar pinpointing.
        int i = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var inf = new Vector<float>(float.PositiveInfinity);
            ReadOnlySpan<Vector<float>> vs = MemoryMarshal.Cast<float, Vector<float>>(values);
            for (int j = 0; j < vs.Length; j++)
            {
                var v = vs[j];
                if (!(Vector.GreaterThanOrEqualAll(v, Vector<float>.Zero) && Vector.LessThanAll(v, inf)))
                {
                    i = j * Vector<float>.Count;
                    break;
                }

                i = (j + 1) * Vector<float>.Count;
            }
        }

        for (; i < values.Length; i++)
        {
            float v = values[i];
            if (!(v >= 0 && v < float.PositiveInfinity))
            {
                return i;
            }
        }

        return -1;
    }
}

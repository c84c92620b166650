using System.Globalization;

namespace Phase.IO;

/// <summary>Conversions between 2-D arrays and <see cref="MagnitudeSpectrogram"/> in either orientation.</summary>
/// <remarks>Both directions copy (O(F·K) time and memory); transposition is blocked so it stays cache-friendly for
/// large spectrograms. Values are not validated: call <see cref="MagnitudeSpectrogram.ThrowIfInvalid"/> to check for
/// NaN, infinite or negative magnitudes. Thread-safe.</remarks>
public static class NpySpectrogram
{
    private const int Tile = 32;

    /// <summary>Builds a spectrogram from an array of shape <c>(F, K)</c> or <c>(K, F)</c>.</summary>
    /// <param name="array">A 2-D array; leading dimensions of size 1 (a batch of one, e.g. <c>(1, K, F)</c>) are
    /// ignored.</param>
    /// <param name="layout">Which axis is time.</param>
    /// <returns>A new frame-major spectrogram.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="ArgumentException">The array is not 2-D (after dropping leading 1s) or has an empty axis.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layout"/> is not defined.</exception>
    public static MagnitudeSpectrogram ToMagnitudeSpectrogram(this NpyArray<float> array, SpectrogramLayout layout)
    {
        ArgumentNullException.ThrowIfNull(array);
        (int rows, int cols) = Matrix(array.Shape.AsSpan(), nameof(array));
        return Build(array.Data, rows, cols, layout, copy: true, nameof(array));
    }

    /// <summary>Copies a spectrogram into a 2-D array of shape <c>(F, K)</c> or <c>(K, F)</c>.</summary>
    /// <param name="spectrogram">The spectrogram.</param>
    /// <param name="layout">Which axis is time.</param>
    /// <returns>A new float array.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spectrogram"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layout"/> is not defined.</exception>
    public static NpyArray<float> ToNpyArray(this MagnitudeSpectrogram spectrogram, SpectrogramLayout layout)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        ValidateLayout(layout);
        int f = spectrogram.FrameCount, k = spectrogram.BinCount;
        var data = new float[f * k];
        if (layout == SpectrogramLayout.FramesByBins)
        {
            spectrogram.Values.CopyTo(data);
            return new NpyArray<float>(data, f, k);
        }

        Transpose(spectrogram.Values, f, k, data);
        return new NpyArray<float>(data, k, f);
    }

    internal static MagnitudeSpectrogram Build(float[] values, int rows, int cols, SpectrogramLayout layout, bool copy,
        string paramName)
    {
        ValidateLayout(layout);
        if (rows == 0 || cols == 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"A {rows} × {cols} array is empty; a spectrogram needs at least one frame and one bin."), paramName);
        }

        if (layout == SpectrogramLayout.FramesByBins)
        {
            float[] data = copy ? (float[])values.Clone() : values;
            return new MagnitudeSpectrogram(data, rows, cols);
        }

        var transposed = new float[values.Length];
        Transpose(values, rows, cols, transposed);
        return new MagnitudeSpectrogram(transposed, cols, rows);
    }

    /// <summary>The matrix dimensions of a shape that is 2-D after dropping leading dimensions of size 1.</summary>
    internal static (int Rows, int Cols) Matrix(ReadOnlySpan<int> shape, string paramName)
    {
        int lead = 0;
        while (shape.Length - lead > 2 && shape[lead] == 1)
        {
            lead++;
        }

        if (shape.Length - lead != 2)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"A spectrogram array must be 2-D (frames × bins or bins × frames), optionally with leading dimensions of size 1; got shape {NpyHeader.FormatShape(shape)}."),
                paramName);
        }

        return (shape[lead], shape[lead + 1]);
    }

    /// <summary>dst (cols × rows) = srcᵀ for a row-major rows × cols source, in Tile × Tile blocks.</summary>
    internal static void Transpose(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst)
    {
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(rows, r0 + Tile);
            for (int c0 = 0; c0 < cols; c0 += Tile)
            {
                int c1 = Math.Min(cols, c0 + Tile);
                for (int r = r0; r < r1; r++)
                {
                    int rowStart = r * cols;
                    for (int c = c0; c < c1; c++)
                    {
                        dst[c * rows + r] = src[rowStart + c];
                    }
                }
            }
        }
    }

    private static void ValidateLayout(SpectrogramLayout layout)
    {
        if (layout is not (SpectrogramLayout.FramesByBins or SpectrogramLayout.BinsByFrames))
        {
            throw new ArgumentOutOfRangeException(nameof(layout), layout, "Use SpectrogramLayout.FramesByBins or BinsByFrames.");
        }
    }
}

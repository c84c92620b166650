namespace Phase.Fourier;

/// <summary>Chooses vector widths (floats per vector: 16, 8, 4 or 1) for the FFT kernels.</summary>
internal static class SimdWidth
{
    /// <summary>The widest width this machine supports; plans use it unless told otherwise.</summary>
    public static int Default => Widest(16, int.MaxValue);

    /// <summary>The widest supported width that is at most <paramref name="maxWidth"/> and at most
    /// <paramref name="atMost"/> (so that a run of <paramref name="atMost"/> floats holds at least one vector).</summary>
    public static int Widest(int maxWidth, long atMost)
    {
        if (maxWidth >= 16 && atMost >= 16 && Vec512.IsSupported)
        {
            return 16;
        }

        if (maxWidth >= 8 && atMost >= 8 && Vec256.IsSupported)
        {
            return 8;
        }

        if (maxWidth >= 4 && atMost >= 4 && Vec128.IsSupported)
        {
            return 4;
        }

        return 1;
    }
}

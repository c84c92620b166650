namespace Phase.Fourier;

/// <summary>How <see cref="RealFft.ForwardBatch"/> and <see cref="RealFft.InverseBatch"/> process frames.</summary>
internal enum BatchStrategy
{
    /// <summary>Chosen from the size (see <see cref="RealFft"/>'s constructor).</summary>
    Automatic,

    /// <summary>The single-frame path, frame by frame.</summary>
    FrameByFrame,

    /// <summary>Two frames per complex FFT of size N (<see cref="PairedFrameFft"/>).</summary>
    Pairs,

    /// <summary>One frame per vector lane (<see cref="FrameBatchRealFft"/>).</summary>
    Lanes,
}

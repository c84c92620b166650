namespace Phase;

/// <summary>Whether a window is periodic (DFT-even, the STFT default) or symmetric (filter design).</summary>
public enum WindowSymmetry
{
    /// <summary>Periodic (DFT-even): the window of length <c>Nw</c> is the first <c>Nw</c> samples of a symmetric
    /// window of length <c>Nw + 1</c>. This is what librosa, torch and scipy use for STFTs.</summary>
    Periodic,

    /// <summary>Symmetric: <c>w[m] = w[Nw − 1 − m]</c>.</summary>
    Symmetric,
}

namespace Phase;

/// <summary>How the offline STFT places frames relative to the signal.</summary>
public enum StftPadding
{
    /// <summary>Centred frames (frame <c>n</c> centred on sample <c>n·H</c>); the signal is extended by <c>N/2</c> samples
    /// on each side by reflection without repeating the edge sample (numpy/librosa <c>"reflect"</c>, applied repeatedly
    /// for signals shorter than <c>N/2 + 1</c>).</summary>
    Reflect,

    /// <summary>Centred frames (frame <c>n</c> centred on sample <c>n·H</c>); the signal is extended by <c>N/2</c> zeros
    /// on each side. Equals what a streaming analyser sees.</summary>
    Zero,

    /// <summary>No padding: frame <c>n</c> covers samples <c>[n·H, n·H + N)</c> and is centred on sample <c>n·H + N/2</c>.
    /// Samples near the ends that the window does not cover (for example the first sample under a periodic Hann window)
    /// cannot be reconstructed and come back as zero.</summary>
    Uncentered,
}

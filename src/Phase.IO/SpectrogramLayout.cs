namespace Phase.IO;

/// <summary>How a 2-D array holds a spectrogram.</summary>
public enum SpectrogramLayout
{
    /// <summary>Shape <c>(F, K)</c>: one row per frame, <c>a[n, k] = S[n, k]</c>. Phase's own frame-major layout, and
    /// what PyTorch TTS models usually emit (time first).</summary>
    FramesByBins,

    /// <summary>Shape <c>(K, F)</c>: one row per frequency bin, <c>a[k, n] = S[n, k]</c>. What librosa
    /// (<c>np.abs(librosa.stft(y))</c>) and <c>scipy.signal.stft</c> return.</summary>
    BinsByFrames,
}

namespace Phase.Mel;

/// <summary>How a <see cref="MelConvention"/> extends the signal by <see cref="MelConvention.Padding"/> samples on each
/// side before framing.</summary>
public enum MelPadMode
{
    /// <summary>Reflection without repeating the edge sample (numpy/torch <c>"reflect"</c>): <c>x[−j] = x[j]</c>,
    /// <c>x[L − 1 + j] = x[L − 1 − j]</c>. torch.stft's and torchaudio's default, HiFi-GAN's explicit padding.</summary>
    Reflect = 0,

    /// <summary>Zeros (numpy <c>"constant"</c>); librosa's default since version 0.10.</summary>
    Zero = 1,
}

namespace Phase.IO;

/// <summary>The sample containers Phase reads and writes in WAV files.</summary>
/// <remarks>
/// Integer codes <c>q</c> of a <c>b</c>-bit container map to floats as <c>x = q / 2^(b−1)</c>, so PCM reads land in
/// [−1, 1) (8-bit is unsigned on disk: <c>q = byte − 128</c>). See <see cref="WavFile"/> for the write direction.
/// </remarks>
public enum WavSampleFormat
{
    /// <summary>8-bit unsigned PCM (1 byte per sample, 128 is silence).</summary>
    Pcm8,

    /// <summary>16-bit signed PCM (2 bytes per sample); the common CD/speech format.</summary>
    Pcm16,

    /// <summary>24-bit signed PCM (3 packed bytes per sample).</summary>
    Pcm24,

    /// <summary>32-bit signed PCM (4 bytes per sample). Float32 keeps only 24 significant bits of it.</summary>
    Pcm32,

    /// <summary>32-bit IEEE float (4 bytes per sample); values are stored unchanged, without clipping.</summary>
    Float32,

    /// <summary>64-bit IEEE float (8 bytes per sample); values are stored unchanged, without clipping.</summary>
    Float64,
}

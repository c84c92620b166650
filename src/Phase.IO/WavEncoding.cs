namespace Phase.IO;

/// <summary>How samples are encoded in a WAV file's <c>data</c> chunk.</summary>
public enum WavEncoding
{
    /// <summary>Linear PCM integers: unsigned for 8-bit containers, two's complement little-endian otherwise
    /// (format tag 1, or WAVE_FORMAT_EXTENSIBLE with the KSDATAFORMAT_SUBTYPE_PCM sub-format).</summary>
    Pcm = 1,

    /// <summary>IEEE 754 binary32 or binary64, little-endian (format tag 3, or WAVE_FORMAT_EXTENSIBLE with the
    /// KSDATAFORMAT_SUBTYPE_IEEE_FLOAT sub-format).</summary>
    IeeeFloat = 3,
}

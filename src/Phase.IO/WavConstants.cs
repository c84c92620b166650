namespace Phase.IO;

/// <summary>Numbers from the RIFF/WAVE specifications (Microsoft "Multimedia Programming Interface and Data
/// Specifications 1.0" and "Multiple Channel Audio Data and WAVE Files").</summary>
internal static class WavConstants
{
    public const int FormatPcm = 0x0001;
    public const int FormatIeeeFloat = 0x0003;
    public const int FormatExtensible = 0xFFFE;

    /// <summary>Size of the classic PCM fmt chunk (no cbSize field).</summary>
    public const int FmtPcmSize = 16;

    /// <summary>Size of a classic non-PCM fmt chunk with cbSize = 0.</summary>
    public const int FmtExSize = 18;

    /// <summary>Size of a WAVE_FORMAT_EXTENSIBLE fmt chunk (cbSize = 22).</summary>
    public const int FmtExtensibleSize = 40;

    /// <summary>The largest fmt chunk: 18 bytes of WAVEFORMATEX plus cbSize ≤ 65535 bytes of extension.</summary>
    public const int FmtMaxSize = 18 + ushort.MaxValue;

    /// <summary>The chunk size streaming writers leave when they cannot seek back: "to the end of the file".</summary>
    public const uint UnknownDataSize = 0xFFFFFFFF;

    /// <summary>The placeholder sox writes (SOX_UNKNOWN_LEN rounded to its buffer) when its output is a pipe.</summary>
    public const uint SoxUnknownDataSize = 0x7FFFF000;

    /// <summary>The trailing 14 bytes shared by every KSDATAFORMAT_SUBTYPE GUID of the form
    /// {XXXXXXXX-0000-0010-8000-00AA00389B71}; the first 2 bytes are the classic format tag.</summary>
    public static ReadOnlySpan<byte> SubtypeGuidTail =>
        [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>A human name for a format tag, for error messages.</summary>
    public static string TagName(int tag) => tag switch
    {
        0x0001 => "PCM",
        0x0002 => "Microsoft ADPCM",
        0x0003 => "IEEE float",
        0x0006 => "A-law",
        0x0007 => "μ-law",
        0x0011 => "IMA ADPCM",
        0x0031 => "GSM 6.10",
        0x0040 => "G.721 ADPCM",
        0x0050 => "MPEG",
        0x0055 => "MPEG Layer 3",
        0x00FF => "AAC",
        0x0161 => "Windows Media Audio",
        0x2000 => "AC-3",
        0x674F => "Ogg Vorbis",
        0xF1AC => "FLAC",
        0xFFFE => "WAVE_FORMAT_EXTENSIBLE",
        _ => "unknown",
    };
}

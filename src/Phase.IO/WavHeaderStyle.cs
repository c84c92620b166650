namespace Phase.IO;

/// <summary>Which <c>fmt </c> chunk layout <see cref="WavFile"/> writes.</summary>
public enum WavHeaderStyle
{
    /// <summary>WAVE_FORMAT_EXTENSIBLE when there are more than 2 channels or more than 16 bits per sample (as
    /// Microsoft's "Multiple Channel Audio Data and WAVE Files" recommends), the classic header otherwise.</summary>
    Auto,

    /// <summary>Always WAVE_FORMAT_EXTENSIBLE (40-byte fmt chunk with a sub-format GUID and channel mask).</summary>
    Extensible,

    /// <summary>Always the classic header (format tag 1 or 3), for old readers that reject extensible files.</summary>
    Classic,
}

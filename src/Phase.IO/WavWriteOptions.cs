namespace Phase.IO;

/// <summary>Header choices for <see cref="WavFile"/> writes.</summary>
/// <remarks>Immutable once constructed (init-only); share one instance freely.</remarks>
public sealed class WavWriteOptions
{
    /// <summary>The defaults: <see cref="WavHeaderStyle.Auto"/>, default channel mask.</summary>
    public static WavWriteOptions Default { get; } = new();

    /// <summary>Classic or extensible header; default <see cref="WavHeaderStyle.Auto"/>.</summary>
    public WavHeaderStyle HeaderStyle { get; init; }

    /// <summary>
    /// The speaker mask written to an extensible header (<c>dwChannelMask</c>). Null (default) writes 0x4 (front centre)
    /// for mono, 0x3 (front left + right) for stereo and 0 (no assignment) for more channels. Ignored for classic headers.
    /// </summary>
    public uint? ChannelMask { get; init; }
}

namespace Phase.IO;

/// <summary>How strictly <see cref="WavFile"/> reads, and how much it may allocate.</summary>
/// <remarks>Immutable once constructed (init-only); share one instance freely.</remarks>
public sealed class WavReadOptions
{
    /// <summary>The defaults: strict, limited only by the format (4 GiB of sample data).</summary>
    public static WavReadOptions Default { get; } = new();

    /// <summary>
    /// When true, a <c>data</c> chunk that declares more bytes than the file holds (a recorder that crashed, a
    /// download cut short) is read up to the last whole frame present, and a trailing partial frame is dropped. When
    /// false (the default) both are <see cref="InvalidDataException"/>. A streaming writer's 0xFFFFFFFF placeholder
    /// size always means "to the end of the file" and is read that way whatever this says.
    /// </summary>
    public bool TolerateTruncation { get; init; }

    /// <summary>
    /// The largest <c>data</c> chunk accepted, in bytes (default <see cref="uint.MaxValue"/>, the format's own limit).
    /// Lower it when reading untrusted uploads: decoding allocates up to 4 bytes per stored byte (8-bit PCM) and at
    /// most as much as the stream really holds, never what a header merely claims.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public long MaxDataBytes
    {
        get => _maxDataBytes;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _maxDataBytes = value;
        }
    }

    private readonly long _maxDataBytes = uint.MaxValue;
}

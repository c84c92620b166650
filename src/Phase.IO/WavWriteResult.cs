namespace Phase.IO;

/// <summary>What a WAV write did: how many samples it wrote and how many it had to clip.</summary>
/// <param name="SamplesWritten">Samples written, <c>frames · channels</c>.</param>
/// <param name="ClippedSampleCount">PCM samples whose rounded code fell outside the container's range and were clipped to
/// the nearest end (e.g. +1.0 → 32767 in 16-bit). Always 0 for float formats, which store values unchanged.</param>
/// <param name="BytesWritten">Bytes written, header included.</param>
public readonly record struct WavWriteResult(long SamplesWritten, long ClippedSampleCount, long BytesWritten)
{
    /// <summary>Whether any sample was clipped.</summary>
    public bool Clipped => ClippedSampleCount > 0;
}

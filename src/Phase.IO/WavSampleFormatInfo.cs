namespace Phase.IO;

/// <summary>Sizes and encodings of <see cref="WavSampleFormat"/> values.</summary>
internal static class WavSampleFormatInfo
{
    public static bool IsDefined(WavSampleFormat format) => format is >= WavSampleFormat.Pcm8 and <= WavSampleFormat.Float64;

    public static int BytesPerSample(WavSampleFormat format) => format switch
    {
        WavSampleFormat.Pcm8 => 1,
        WavSampleFormat.Pcm16 => 2,
        WavSampleFormat.Pcm24 => 3,
        WavSampleFormat.Pcm32 => 4,
        WavSampleFormat.Float32 => 4,
        WavSampleFormat.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown sample format."),
    };

    public static WavEncoding Encoding(WavSampleFormat format) =>
        format is WavSampleFormat.Float32 or WavSampleFormat.Float64 ? WavEncoding.IeeeFloat : WavEncoding.Pcm;
}

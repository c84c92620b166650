using System.Globalization;

namespace Phase.Cli;

/// <summary>Audio levels the STFT can carry: a float WAV may hold samples up to ±3.4·10³⁸, whose magnitudes overflow.</summary>
internal static class AudioRange
{
    /// <summary>Throws a usage error if a channel's STFT magnitudes could exceed <see cref="MagnitudeSpectrogram.MaxMagnitude"/>
    /// (bound: peak · Σ window), naming the file and the fix, instead of failing later with a misleading message.</summary>
    public static void ThrowIfBeyondStftRange(IEnumerable<float[]> channels, StftSettings settings, string path)
    {
        double windowSum = 0;
        foreach (float w in settings.FrameWindow)
        {
            windowSum += Math.Abs(w);
        }

        double peak = 0;
        foreach (float[] channel in channels)
        {
            foreach (float v in channel)
            {
                peak = Math.Max(peak, Math.Abs((double)v));
            }
        }

        if (peak * windowSum > MagnitudeSpectrogram.MaxMagnitude)
        {
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture,
                $"'{path}' has samples up to {peak:G3}, far beyond full scale (±1); their STFT magnitudes would exceed {MagnitudeSpectrogram.MaxMagnitude:G3}, more than the methods handle in float. Scale the audio down first (for example `sox in.wav out.wav gain -n`)."));
        }
    }
}

using Xunit;

namespace Phase.Testing;

/// <summary>Runs a streaming reconstructor the way a host does, for comparisons with offline results.</summary>
public static class StreamingRunner
{
    /// <summary>Feeds every frame of <paramref name="target"/>, flushes, and returns <paramref name="length"/> signal
    /// samples: signal sample <c>t</c> is output-stream sample <c>t + OutputDelay</c> (zeros past the stream's end).</summary>
    public static float[] Run(IStreamingPhaseReconstructor r, MagnitudeSpectrogram target, int length)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(target);
        int hop = r.Settings.Hop;
        var stream = new List<float>();
        var buffer = new float[hop];
        for (int f = 0; f < target.FrameCount; f++)
        {
            r.ProcessFrame(target.Frame(f), buffer);
            stream.AddRange(buffer);
        }

        var tail = new float[r.FlushLength];
        Assert.Equal(r.FlushLength, r.Flush(tail));
        stream.AddRange(tail);
        var y = new float[length];
        for (int t = 0; t < length; t++)
        {
            int i = t + r.OutputDelay;
            y[t] = i < stream.Count ? stream[i] : 0f;
        }

        return y;
    }
}

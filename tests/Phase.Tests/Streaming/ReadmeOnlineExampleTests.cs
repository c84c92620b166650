using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Streaming;

/// <summary>The README's "Online" example, as written (16 model frames per call), on a speech clip: it compiles against the
/// public API, emits one hop per frame plus the tail, and the whole stream stays within 1.5 × the source's peak.</summary>
public sealed class ReadmeOnlineExampleTests
{
    [Fact]
    public void Readme_online_loop_streams_the_whole_clip_bounded()
    {
        var settings = new StftSettings(windowLength: 1024, hop: 256, sampleRate: 22050);
        float[] speech = SpeechAudio.DemoExcerpt(22050);
        MagnitudeSpectrogram magnitudes = settings.StftMagnitude(speech);
        var sent = new List<float>();

        // --- README ---
        using var online = new StreamingPipeline(PhaseReconstructors.CreateStreaming("rtisila", settings), StreamingInput.Magnitudes);
        float[] hops = new float[16 * settings.Hop], tail = new float[online.MaxEndLength];
        for (int n = 0; n < magnitudes.FrameCount; n += 16)
        {
            int frames = Math.Min(16, magnitudes.FrameCount - n);
            int written = online.Process(magnitudes.Values.Slice(n * settings.BinCount, frames * settings.BinCount), hops);
            sent.AddRange(hops.AsSpan(0, written).ToArray());
        }

        int last = online.End(tail);
        sent.AddRange(tail.AsSpan(0, last).ToArray());
        // --- end ---

        Assert.Equal((magnitudes.FrameCount * settings.Hop) + online.Reconstructor.FlushLength, sent.Count);
        float source = StreamingCases.Peak(speech), peak = StreamingCases.Peak(sent.ToArray());
        Assert.True(peak <= 1.5f * source, $"whole-stream peak {peak} vs source {source}");
        float body = StreamingCases.Peak(sent.ToArray().AsSpan(online.OutputDelay, speech.Length));
        Assert.True(body >= 0.5f * source);
    }
}

using Phase.Stft;
using Phase.Testing;
using Xunit.Abstractions;

namespace Phase.Tests.Streaming;

public sealed class ReproTests(ITestOutputHelper output)
{
    [Fact]
    public void Repro()
    {
        var settings = new StftSettings(windowLength: 1024, hop: 256, sampleRate: 22050);
        float[] clip = SpeechAudio.DemoExcerpt(22050);
        foreach (var (name, la) in new[] { ("rtisila", 0), ("rtisila", 3), ("spsi", -1), ("rtpghi", 0), ("rtpghi", 1), ("gtls", 1), ("gtnet", 0), ("gtnet", 1) })
        {
            foreach (bool trailing in new[] { true, false })
            {
                var p = la < 0 ? null : new ReconstructorParameters { Lookahead = la };
                using var r = PhaseReconstructors.CreateStreaming(name, settings, p);
                var an = new StreamingStftAnalyzer(settings);
                int hop = settings.Hop;
                var frame = new float[settings.BinCount];
                var outp = new float[hop];
                var stream = new List<float>();
                int hops = (clip.Length + hop - 1) / hop;
                int total = hops + (trailing ? 1 - an.FirstFrameIndex : 0);
                var input = new float[hop];
                for (int j = 0; j < total; j++)
                {
                    Array.Clear(input);
                    int start = j * hop;
                    if (start < clip.Length)
                    {
                        clip.AsSpan(start, Math.Min(hop, clip.Length - start)).CopyTo(input);
                    }

                    an.ProcessMagnitude(input, frame);
                    if (an.NextFrameIndex <= 0)
                    {
                        continue;
                    }

                    r.ProcessFrame(frame, outp);
                    stream.AddRange(outp);
                }

                var tail = new float[r.FlushLength];
                r.Flush(tail);
                stream.AddRange(tail);
                var s = stream.ToArray();
                int d = r.OutputDelay;
                float src = clip.Max(MathF.Abs);
                float pre = s.AsSpan(0, d).ToArray().Max(MathF.Abs);
                float body = s.AsSpan(d, Math.Min(clip.Length, s.Length - d)).ToArray().Max(MathF.Abs);
                float post = s.Length > d + clip.Length ? s.AsSpan(d + clip.Length).ToArray().Max(MathF.Abs) : 0;
                output.WriteLine($"{name} L={la} trailing={trailing}: src {src:0.000} pre {pre / src:0.00} body {body / src:0.00} tail {post / src:0.00}");
            }
        }
    }
}

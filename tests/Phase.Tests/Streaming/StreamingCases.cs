using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Streaming;

/// <summary>Every streaming method of the registry at every look-ahead it takes (rtisila: 0, 1, 3 and 8 of 0 … 64), the
/// clip shapes a real-time stream ends with, and a runner that drives a <see cref="StreamingPipeline"/>.</summary>
internal static class StreamingCases
{
    public static readonly StftSettings Settings = new(windowLength: 1024, hop: 256, sampleRate: 22050, padding: StftPadding.Zero);

    /// <summary>(method, look-ahead or −1 for a method without one).</summary>
    public static IEnumerable<(string Method, int Lookahead)> Methods()
    {
        foreach (ReconstructorDescriptor d in PhaseReconstructors.Available.Where(d => d.IsStreaming))
        {
            int[] lookaheads = d.Name switch
            {
                "rtisila" => [0, 1, 3, 8],
                "spsi" => [-1],
                _ => [0, 1],
            };
            foreach (int l in lookaheads)
            {
                yield return (d.Name, l);
            }
        }
    }

    public static readonly string[] Shapes = ["mid-word", "silence-end", "shorter-than-window", "empty"];

    public static IEnumerable<object[]> MethodRows() => Methods().Select(m => new object[] { m.Method, m.Lookahead });

    public static IEnumerable<object[]> MethodShapeRows() =>
        from m in Methods() from s in Shapes select new object[] { m.Method, m.Lookahead, s };

    public static IStreamingPhaseReconstructor Create(string method, int lookahead) =>
        PhaseReconstructors.CreateStreaming(method, Settings, lookahead < 0 ? null : new ReconstructorParameters { Lookahead = lookahead });

    /// <summary>Speech clips: ending mid-word (0.4 s of voiced speech cut off), ending in silence (the same speech faded
    /// out over 30 ms, then 100 ms of zeros), shorter than one window (a 700-sample utterance), and empty; "cut-burst" is
    /// 700 samples cut out of a word at both ends.</summary>
    public static float[] Clip(string shape)
    {
        switch (shape)
        {
            case "mid-word":
                return SpeechAudio.DemoExcerpt(8820 + 37);
            case "silence-end":
            {
                float[] speech = SpeechAudio.DemoExcerpt(8820);
                var clip = new float[speech.Length + 2205];
                int fade = 662;
                for (int i = 0; i < speech.Length; i++)
                {
                    int fromEnd = speech.Length - 1 - i;
                    clip[i] = fromEnd < fade ? speech[i] * fromEnd / fade : speech[i];
                }

                return clip;
            }
            case "shorter-than-window":
            {
                // A whole short utterance: 700 samples (32 ms) of voiced speech with 3 ms raised-cosine onset and decay.
                float[] clip = SpeechAudio.DemoExcerpt(700);
                const int ramp = 66;
                for (int i = 0; i < ramp; i++)
                {
                    float g = 0.5f - (0.5f * MathF.Cos(MathF.PI * i / ramp));
                    clip[i] *= g;
                    clip[clip.Length - 1 - i] *= g;
                }

                return clip;
            }
            case "cut-burst":
                return SpeechAudio.DemoExcerpt(700); // cut out of a word at both ends (not in Shapes: see StreamingSafetyTests)
            case "empty":
                return [];
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, null);
        }
    }

    /// <summary>The magnitude frames a model would emit for <paramref name="clip"/>: its offline centred STFT magnitudes
    /// (1 + ⌊L/H⌋ frames; none for an empty clip), by default with reflect padding as librosa-style features have (the
    /// edge frames then differ from what the pipeline's zero-padded analyser sees); <see cref="StftPadding.Zero"/> gives the analyser's frames.</summary>
    public static float[] ModelFrames(float[] clip, StftPadding padding = StftPadding.Reflect)
    {
        if (clip.Length == 0)
        {
            return [];
        }

        using var plan = new StftPlan(new StftSettings(windowLength: Settings.WindowLength, hop: Settings.Hop, fftSize: Settings.FftSize, window: Settings.WindowKind, sampleRate: Settings.SampleRate, padding: padding));
        return plan.ForwardMagnitude(clip).Values.ToArray();
    }

    /// <summary>Runs the whole stream through a pipeline, <paramref name="chunk"/> frames per call, and returns every
    /// sample it wrote (Process calls then End).</summary>
    public static float[] Run(StreamingPipeline pipeline, ReadOnlySpan<float> input, int chunk = 1)
    {
        int per = pipeline.FrameInputLength, hop = pipeline.Settings.Hop;
        int whole = input.Length / per * per;
        var output = new List<float>();
        var buffer = new float[(chunk * hop) + pipeline.MaxEndLength];
        for (int start = 0; start < whole; start += chunk * per)
        {
            int len = Math.Min(chunk * per, whole - start);
            int written = pipeline.Process(input.Slice(start, len), buffer);
            output.AddRange(buffer.AsSpan(0, written).ToArray());
        }

        int end = pipeline.Input == StreamingInput.Audio
            ? pipeline.End(input.Slice(whole), buffer)
            : pipeline.End(buffer);
        output.AddRange(buffer.AsSpan(0, end).ToArray());
        return output.ToArray();
    }

    public static float Peak(ReadOnlySpan<float> x)
    {
        float peak = 0f;
        foreach (float v in x)
        {
            peak = Math.Max(peak, Math.Abs(v));
        }

        return peak;
    }
}

using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Streaming;

public sealed class StreamingPipelineTests
{
    [Theory]
    [MemberData(nameof(StreamingCases.MethodRows), MemberType = typeof(StreamingCases))]
    public void Aligned_stream_equals_the_offline_form_of_the_method(string method, int lookahead)
    {
        // The registry's offline form of a streaming method runs the same stream (StreamingReconstruction), so the
        // delay-compensated pipeline fed the same frames gives the same samples, bit for bit, over the whole input length.
        float[] clip = StreamingCases.Clip("mid-word");
        float[] frames = StreamingCases.ModelFrames(clip, StftPadding.Zero);
        int bins = StreamingCases.Settings.BinCount;
        using var pipeline = new StreamingPipeline(StreamingCases.Create(method, lookahead), StreamingInput.Magnitudes, compensateDelay: true);
        Assert.Equal(0, pipeline.OutputDelay);
        float[] aligned = StreamingCases.Run(pipeline, frames);
        Assert.Equal(frames.Length / bins * StreamingCases.Settings.Hop, aligned.Length);

        using IStreamingPhaseReconstructor r = StreamingCases.Create(method, lookahead);
        var spectrogram = new MagnitudeSpectrogram(frames, frames.Length / bins, bins);
        float[] offline = StreamingReconstruction.Reconstruct(r, spectrogram, new ReconstructionOptions { SignalLength = clip.Length }).Signal;
        Assert.Equal(offline, aligned.AsSpan(0, clip.Length).ToArray());

        // The audio-fed pipeline gives the input's length and, bit for bit, the offline form run on its analyser's frames
        // (the same frames as the offline zero-padded STFT to 1e-5, see the analyser test; iterative methods amplify that
        // rounding, so the comparison uses the analyser's own frames).
        using var audio = new StreamingPipeline(StreamingCases.Create(method, lookahead), StreamingInput.Audio, compensateDelay: true);
        float[] fromAudio = StreamingCases.Run(audio, clip);
        Assert.Equal(clip.Length, fromAudio.Length);
        float[] analysed = AnalyserFrames(clip);
        Assert.Equal(frames.Length, analysed.Length);
        float[] offlineOfAnalysed = StreamingReconstruction.Reconstruct(r, new MagnitudeSpectrogram(analysed, analysed.Length / bins, bins), new ReconstructionOptions { SignalLength = clip.Length }).Signal;
        Assert.Equal(offlineOfAnalysed, fromAudio);
        Assert.True(Tolerance.RelativeError(analysed, frames) < 1e-5);
    }

    /// <summary>The frames a streaming analyser emits for the clip: hop by hop (the last one short), then the end calls;
    /// lead-in frames dropped.</summary>
    private static float[] AnalyserFrames(float[] clip)
    {
        StftSettings s = StreamingCases.Settings;
        var analyzer = new StreamingStftAnalyzer(s);
        var frames = new List<float>();
        var frame = new float[s.BinCount];
        for (int j = 0; j < clip.Length; j += s.Hop)
        {
            analyzer.ProcessMagnitude(clip.AsSpan(j, Math.Min(s.Hop, clip.Length - j)), frame);
            if (analyzer.NextFrameIndex > 0)
            {
                frames.AddRange(frame);
            }
        }

        while (analyzer.ProcessEndMagnitude(frame))
        {
            if (analyzer.NextFrameIndex > 0)
            {
                frames.AddRange(frame);
            }
        }

        return frames.ToArray();
    }

    [Theory]
    [MemberData(nameof(StreamingCases.MethodRows), MemberType = typeof(StreamingCases))]
    public void Chunks_are_bit_identical_to_hop_by_hop(string method, int lookahead)
    {
        float[] clip = StreamingCases.Clip("mid-word");
        float[] frames = StreamingCases.ModelFrames(clip);
        foreach (bool compensate in new[] { false, true })
        {
            using var byHop = new StreamingPipeline(StreamingCases.Create(method, lookahead), StreamingInput.Magnitudes, compensate);
            float[] reference = StreamingCases.Run(byHop, frames, chunk: 1);
            foreach (int chunk in new[] { 7, 16, 50 })
            {
                using var chunked = new StreamingPipeline(StreamingCases.Create(method, lookahead), StreamingInput.Magnitudes, compensate);
                Assert.Equal(reference, StreamingCases.Run(chunked, frames, chunk));
            }

            using var audioByHop = new StreamingPipeline(StreamingCases.Create(method, lookahead), StreamingInput.Audio, compensate);
            float[] audioReference = StreamingCases.Run(audioByHop, clip, chunk: 1);
            using var audioChunked = new StreamingPipeline(StreamingCases.Create(method, lookahead), StreamingInput.Audio, compensate);
            Assert.Equal(audioReference, StreamingCases.Run(audioChunked, clip, chunk: 10));

            // Reset replays the stream exactly.
            byHop.Reset();
            Assert.Equal(reference, StreamingCases.Run(byHop, frames, chunk: 3));
        }
    }

    [Theory]
    [MemberData(nameof(StreamingCases.MethodRows), MemberType = typeof(StreamingCases))]
    public void Process_end_and_reset_allocate_nothing(string method, int lookahead)
    {
        float[] clip = StreamingCases.Clip("mid-word");
        float[] frames = StreamingCases.ModelFrames(clip);
        int bins = StreamingCases.Settings.BinCount, hop = StreamingCases.Settings.Hop;
        using var audio = new StreamingPipeline(StreamingCases.Create(method, lookahead), StreamingInput.Audio, compensateDelay: true);
        using var model = new StreamingPipeline(StreamingCases.Create(method, lookahead), StreamingInput.Magnitudes);
        var output = new float[(8 * hop) + Math.Max(audio.MaxEndLength, model.MaxEndLength)];
        int position = 0;
        long perHop = Allocations.Measure(() =>
        {
            audio.Process(clip.AsSpan(position * hop % (clip.Length - hop), hop), output);
            model.Process(frames.AsSpan(position % 30 * bins, bins), output);
            position++;
        });
        Assert.Equal(0, perHop);
        long chunk = Allocations.Measure(() => model.Process(frames.AsSpan(0, 8 * bins), output), repetitions: 10);
        Assert.Equal(0, chunk);
        long end = Allocations.Measure(() =>
        {
            audio.End(clip.AsSpan(0, 100), output);
            audio.Reset();
            model.End(output);
            model.Reset();
        }, repetitions: 5);
        Assert.Equal(0, end);
    }

    [Fact]
    public void Misuse_is_a_clear_exception()
    {
        float[] clip = StreamingCases.Clip("mid-word");
        int hop = StreamingCases.Settings.Hop, bins = StreamingCases.Settings.BinCount;
        using var pipeline = new StreamingPipeline(StreamingCases.Create("rtisila", 3), StreamingInput.Audio);
        var output = new float[pipeline.MaxEndLength];
        Assert.Throws<ArgumentException>("input", () => pipeline.Process(clip.AsSpan(0, hop + 1), output));
        Assert.Throws<ArgumentException>("output", () => pipeline.Process(clip.AsSpan(0, 2 * hop), new float[hop]));
        Assert.Throws<ArgumentException>("lastSamples", () => pipeline.End(clip.AsSpan(0, hop), output));
        Assert.Throws<ArgumentException>("output", () => pipeline.End(new float[pipeline.MaxEndLength - 1]));
        var bad = clip.AsSpan(0, hop).ToArray();
        bad[5] = float.NaN;
        Assert.Throws<ArgumentException>("input", () => pipeline.Process(bad, output));
        pipeline.Process(clip.AsSpan(0, hop), output);
        pipeline.End(output);
        var afterEnd = Assert.Throws<InvalidOperationException>(() => pipeline.Process(clip.AsSpan(0, hop), output));
        Assert.Contains("Reset", afterEnd.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => pipeline.End(output));
        pipeline.Reset();
        Assert.Equal(hop, pipeline.Process(clip.AsSpan(0, hop), output));

        using var model = new StreamingPipeline(StreamingCases.Create("spsi", -1), StreamingInput.Magnitudes);
        var negative = new float[bins];
        negative[3] = -1f;
        Assert.Throws<ArgumentException>("input", () => model.Process(negative, output));
        Assert.Throws<ArgumentException>("input", () => model.Process(new float[bins + 1], output));
        Assert.Throws<ArgumentException>("lastSamples", () => model.End(new float[3], output));
        Assert.Throws<ArgumentOutOfRangeException>("input", () => new StreamingPipeline(StreamingCases.Create("spsi", -1), (StreamingInput)7));
    }

    [Theory]
    [MemberData(nameof(StreamingCases.MethodRows), MemberType = typeof(StreamingCases))]
    public void Reconstructor_frames_after_flush_and_a_second_flush_throw(string method, int lookahead)
    {
        using IStreamingPhaseReconstructor r = StreamingCases.Create(method, lookahead);
        int bins = r.Settings.BinCount, hop = r.Settings.Hop;
        float[] frames = StreamingCases.ModelFrames(StreamingCases.Clip("shorter-than-window"));
        var output = new float[Math.Max(hop, r.FlushLength)];
        r.ProcessFrame(frames.AsSpan(0, bins), output.AsSpan(0, hop));
        r.Flush(output);
        var e = Assert.Throws<InvalidOperationException>(() => r.ProcessFrame(frames.AsSpan(0, bins), output.AsSpan(0, hop)));
        Assert.Contains("Reset", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => r.Flush(output));
        r.Reset();
        r.ProcessFrame(frames.AsSpan(0, bins), output.AsSpan(0, hop));
        Assert.Equal(r.FlushLength, r.Flush(output));
    }

    [Fact]
    public void Analyzer_end_of_stream_emits_the_offline_frames_and_refuses_input_afterwards()
    {
        StftSettings s = StreamingCases.Settings;
        int hop = s.Hop, bins = s.BinCount;
        using var plan = new StftPlan(s);
        foreach (int length in new[] { 0, 1, 700, 8 * hop, (8 * hop) + 37 })
        {
            float[] clip = SpeechAudio.DemoExcerpt(Math.Max(length, 1)).AsSpan(0, length).ToArray();
            var analyzer = new StreamingStftAnalyzer(s);
            var frames = new List<float[]>();
            var frame = new float[bins];
            int whole = length / hop * hop;
            for (int j = 0; j < whole; j += hop)
            {
                analyzer.ProcessMagnitude(clip.AsSpan(j, hop), frame);
                if (analyzer.NextFrameIndex > 0)
                {
                    frames.Add(frame.ToArray());
                }
            }

            if (whole < length)
            {
                analyzer.ProcessMagnitude(clip.AsSpan(whole), frame);
                Assert.True(analyzer.InputEnded);
                if (analyzer.NextFrameIndex > 0)
                {
                    frames.Add(frame.ToArray());
                }
            }

            int endFrames = 0;
            while (analyzer.ProcessEndMagnitude(frame))
            {
                endFrames++;
                if (analyzer.NextFrameIndex > 0)
                {
                    frames.Add(frame.ToArray());
                }
            }

            Assert.InRange(endFrames, 0, analyzer.EndFrameCount);
            Assert.False(analyzer.ProcessEndMagnitude(frame));
            Assert.Throws<InvalidOperationException>(() => analyzer.ProcessMagnitude(new float[hop], frame));
            Assert.Equal(1 + (length / hop), frames.Count);
            if (length > 0)
            {
                MagnitudeSpectrogram offline = plan.ForwardMagnitude(clip);
                Assert.Equal(offline.FrameCount, frames.Count);
                for (int f = 0; f < frames.Count; f++)
                {
                    Assert.True(Tolerance.RelativeError(frames[f], offline.Frame(f)) < 1e-5, $"L={length} frame {f}");
                }
            }

            analyzer.Reset();
            Assert.False(analyzer.InputEnded);
            analyzer.ProcessMagnitude(new float[hop], frame);
        }
    }
}

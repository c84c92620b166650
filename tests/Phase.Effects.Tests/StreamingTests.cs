using Phase.Testing;

namespace Phase.Effects.Tests;

public sealed class StreamingTests
{
    public static TheoryData<PhaseVocoderMethod, double, int> StretchCases() => new()
    {
        { PhaseVocoderMethod.Pvdr, 1.25, 1 },
        { PhaseVocoderMethod.Pvdr, 1.25, 256 },
        { PhaseVocoderMethod.Pvdr, 0.25, 37 },
        { PhaseVocoderMethod.Pvdr, 0.8, 4096 },
        { PhaseVocoderMethod.Pvdr, 4, 1000 },
        { PhaseVocoderMethod.Pv, 1.5, 300 },
        { PhaseVocoderMethod.Pv, 0.5, 5000 },
    };

    private static float[] RunStretch(StreamingTimeStretcher stream, float[] x, int block)
    {
        var output = new List<float>();
        var buffer = new float[stream.MaxOutputLength(block)];
        for (int start = 0; start < x.Length; start += block)
        {
            int count = Math.Min(block, x.Length - start);
            int written = stream.Process(x.AsSpan(start, count), buffer.AsSpan(0, stream.MaxOutputLength(count)));
            Assert.Equal(0, written % stream.Settings.SynthesisHop);
            output.AddRange(buffer.AsSpan(0, written).ToArray());
        }

        var tail = new float[stream.FlushLength];
        int flushed = stream.Flush(tail);
        Assert.InRange(flushed, 0, stream.FlushLength);
        output.AddRange(tail.AsSpan(0, flushed).ToArray());
        return [.. output];
    }

    [Theory]
    [MemberData(nameof(StretchCases))]
    public void Streamed_stretch_equals_the_offline_one_delayed_and_its_edges_are_bounded(PhaseVocoderMethod method, double rate, int block)
    {
        float[] x = SpeechAudio.DemoExcerpt(20000);
        var settings = new TimeStretch(rate, method);
        float[] offline = settings.Process(x);
        StreamingTimeStretcher stream = settings.CreateStreaming();
        float[] streamed = RunStretch(stream, x, block);

        // The whole stream: OutputDelay samples of silence, then the offline output, sample for sample, nothing more.
        Assert.Equal(stream.OutputDelay + offline.Length, streamed.Length);
        for (int i = 0; i < stream.OutputDelay; i++)
        {
            Assert.Equal(0f, streamed[i]);
        }

        for (int i = 0; i < offline.Length; i++)
        {
            Assert.Equal(offline[i], streamed[stream.OutputDelay + i]);
        }

        // Pre-roll and flush included, no sample is louder than the signal justifies.
        Assert.True(EffectsOracles.Peak(streamed) <= 1.5f * EffectsOracles.Peak(x), $"peak {EffectsOracles.Peak(streamed)} vs source {EffectsOracles.Peak(x)}");

        // The stream is reusable after a flush.
        Assert.Equal(streamed, RunStretch(stream, x, block));
    }

    [Theory]
    [InlineData(PhaseVocoderMethod.Pvdr, -3.0, 1)]
    [InlineData(PhaseVocoderMethod.Pvdr, -3.0, 480)]
    [InlineData(PhaseVocoderMethod.Pvdr, 7.0, 128)]
    [InlineData(PhaseVocoderMethod.Pvdr, 24.0, 1000)]
    [InlineData(PhaseVocoderMethod.Pvdr, -24.0, 333)]
    [InlineData(PhaseVocoderMethod.Pvdr, 0.0, 256)]
    [InlineData(PhaseVocoderMethod.Pv, 5.0, 512)]
    public void Streamed_pitch_shift_writes_one_sample_per_sample_and_equals_the_offline_one_delayed(PhaseVocoderMethod method, double semitones, int block)
    {
        float[] x = SpeechAudio.DemoExcerpt(20000);
        var settings = new PitchShift(semitones, method);
        float[] offline = settings.Process(x);
        StreamingPitchShifter stream = settings.CreateStreaming();
        var streamed = new float[x.Length + stream.FlushLength];
        for (int start = 0; start < x.Length; start += block)
        {
            int count = Math.Min(block, x.Length - start);
            stream.Process(x.AsSpan(start, count), streamed.AsSpan(start, count));
        }

        Assert.Equal(stream.FlushLength, stream.Flush(streamed.AsSpan(x.Length)));
        for (int i = 0; i < stream.OutputDelay; i++)
        {
            Assert.Equal(0f, streamed[i]);
        }

        for (int i = 0; i < offline.Length; i++)
        {
            Assert.Equal(offline[i], streamed[stream.OutputDelay + i]);
        }

        Assert.True(EffectsOracles.Peak(streamed) <= 1.5f * EffectsOracles.Peak(x), $"peak {EffectsOracles.Peak(streamed)} vs source {EffectsOracles.Peak(x)}");
    }

    [Fact]
    public void Pitch_shifter_latency_is_as_documented()
    {
        // ⌈N/2⌉ + ⌈⌊N/2⌋/r + D/p⌉ + 1; at 0 semitones there is no resampling: 512 + 512 + 1.
        Assert.Equal(1025, new PitchShift(0).CreateStreaming().OutputDelay);
        Assert.Equal(513, new PitchShift(0, windowLength: 512).CreateStreaming().OutputDelay);
    }

    [Fact]
    public void Streaming_allocates_nothing_per_call()
    {
        float[] x = SpeechAudio.DemoExcerpt(4096);
        foreach (PhaseVocoderMethod method in new[] { PhaseVocoderMethod.Pvdr, PhaseVocoderMethod.Pv })
        {
            StreamingTimeStretcher stretch = new TimeStretch(1.25, method).CreateStreaming();
            var output = new float[stretch.MaxOutputLength(256)];
            int offset = 0;
            long bytes = Allocations.Measure(() =>
            {
                stretch.Process(x.AsSpan(offset, 256), output);
                offset = (offset + 256) % (x.Length - 256);
            });
            Assert.Equal(0, bytes);
            var tail = new float[stretch.FlushLength];
            Assert.Equal(0, Allocations.Measure(() => stretch.Flush(tail), repetitions: 5));

            StreamingPitchShifter voice = new PitchShift(-3, method).CreateStreaming();
            var hop = new float[480];
            offset = 0;
            bytes = Allocations.Measure(() =>
            {
                voice.Process(x.AsSpan(offset, 480), hop);
                offset = (offset + 480) % (x.Length - 480);
            });
            Assert.Equal(0, bytes);
            var voiceTail = new float[voice.FlushLength];
            Assert.Equal(0, Allocations.Measure(() => voice.Flush(voiceTail), repetitions: 5));
        }
    }

    [Fact]
    public void Streams_reject_bad_blocks_without_consuming_them()
    {
        StreamingTimeStretcher stretch = new TimeStretch(2).CreateStreaming();
        var e = Assert.Throws<ArgumentException>(() => stretch.Process(new float[100], new float[10]));
        Assert.Equal("output", e.ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => stretch.Process([float.NaN], new float[1024])).ParamName);
        Assert.Equal(0, stretch.InputCount);

        StreamingPitchShifter voice = new PitchShift(2).CreateStreaming();
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => voice.Process(new float[10], new float[9])).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => voice.Flush(new float[voice.FlushLength - 1])).ParamName);
    }

    [Fact]
    public void Silence_streams_silently()
    {
        StreamingPitchShifter voice = new PitchShift(-7).CreateStreaming();
        var output = new float[700];
        for (int i = 0; i < 20; i++)
        {
            voice.Process(new float[700], output);
            Assert.All(output, v => Assert.Equal(0f, v));
        }

        var tail = new float[voice.FlushLength];
        voice.Flush(tail);
        Assert.All(tail, v => Assert.Equal(0f, v));
    }
}

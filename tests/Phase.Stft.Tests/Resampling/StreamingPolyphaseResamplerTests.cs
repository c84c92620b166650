using Phase.Resampling;
using Phase.Testing;

namespace Phase.Tests.Resampling;

public sealed class StreamingPolyphaseResamplerTests
{
    [Theory]
    [InlineData(835, 993, 1)]
    [InlineData(835, 993, 333)]
    [InlineData(44100, 16000, 64)]
    [InlineData(16000, 48000, 1000)]
    [InlineData(2, 1, 5000)]
    [InlineData(1, 1, 7)]
    public void Streamed_output_equals_the_offline_output_bit_for_bit(int inputRate, int outputRate, int block)
    {
        var design = new PolyphaseResampler(inputRate, outputRate);
        float[] x = Signals.Noise(12345, 9);
        float[] offline = design.Process(x);
        var stream = new StreamingPolyphaseResampler(design);
        var streamed = new List<float>();
        var buffer = new float[stream.MaxOutputLength(block)];
        for (int start = 0; start < x.Length; start += block)
        {
            int count = Math.Min(block, x.Length - start);
            int written = stream.Process(x.AsSpan(start, count), buffer);
            Assert.InRange(written, 0, stream.MaxOutputLength(count));
            streamed.AddRange(buffer.AsSpan(0, written).ToArray());
        }

        var tail = new float[Math.Max(stream.FlushLength, offline.Length)];
        int flushed = stream.Flush(tail);
        Assert.InRange(flushed, 0, stream.FlushLength);
        streamed.AddRange(tail.AsSpan(0, flushed).ToArray());
        Assert.Equal(offline, streamed.ToArray());
        Assert.Equal(0, stream.InputCount); // reset by the flush
    }

    [Fact]
    public void Processing_allocates_nothing_and_short_outputs_are_rejected()
    {
        var stream = new StreamingPolyphaseResampler(new PolyphaseResampler(835, 993));
        float[] x = Signals.Noise(480, 1);
        var output = new float[stream.MaxOutputLength(480)];
        Assert.Equal(0, Allocations.Measure(() => stream.Process(x, output)));
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => stream.Process(x, new float[10])).ParamName);
        Assert.Throws<ArgumentNullException>(() => new StreamingPolyphaseResampler(null!));
    }
}

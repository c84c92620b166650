using Phase.IO;
using Phase.Testing;

namespace Phase.Tests;

public class AudioBufferTests
{
    [Fact]
    public void Interleaving_round_trips()
    {
        float[] interleaved = Signals.Noise(3 * 101, 4);
        AudioBuffer a = AudioBuffer.FromInterleaved(interleaved, 3, 44100);
        Assert.Equal(3, a.ChannelCount);
        Assert.Equal(101, a.FrameCount);
        Assert.Equal(interleaved[2 * 3 + 1], a.Channel(1)[2]);
        Assert.Equal(interleaved, a.ToInterleaved());
    }

    [Fact]
    public void Mono_mix_is_the_channel_average()
    {
        var a = new AudioBuffer(8000, [1f, 0.5f, -1f], [0f, 0.5f, 1f], [0.5f, -1f, 0f]);
        float[] mono = a.MixToMono();
        Assert.Equal(new[] { 0.5f, 0f, 0f }, mono);
        var single = AudioBuffer.FromMono([0.25f, -0.75f], 8000);
        Assert.Equal(new[] { 0.25f, -0.75f }, single.MixToMono());
        Assert.Throws<ArgumentException>(() => a.MixToMono(new float[2]));
    }

    [Fact]
    public void Wrapping_constructor_shares_arrays_and_clone_does_not()
    {
        float[] left = [1, 2], right = [3, 4];
        var a = new AudioBuffer(16000, left, right);
        a.Channel(0)[0] = 9;
        Assert.Equal(9, left[0]);
        AudioBuffer b = a.Clone();
        b.Channel(1)[1] = -1;
        Assert.Equal(4, right[1]);
        Assert.Equal(2.0 / 16000, a.DurationSeconds);
        Assert.Equal(right, a.ChannelMemory(1).ToArray());
    }

    [Fact]
    public void Invalid_arguments_are_rejected_with_the_parameter_named()
    {
        Assert.Equal("sampleRate", Assert.Throws<ArgumentOutOfRangeException>(() => new AudioBuffer(0, 1, 1)).ParamName);
        Assert.Equal("channelCount", Assert.Throws<ArgumentOutOfRangeException>(() => new AudioBuffer(8000, 0, 1)).ParamName);
        Assert.Equal("frameCount", Assert.Throws<ArgumentOutOfRangeException>(() => new AudioBuffer(8000, 1, -1)).ParamName);
        Assert.Equal("channels", Assert.Throws<ArgumentException>(() => new AudioBuffer(8000, [1f], [1f, 2f])).ParamName);
        Assert.Equal("channels", Assert.Throws<ArgumentException>(() => new AudioBuffer(8000, Array.Empty<float[]>())).ParamName);
        Assert.Throws<ArgumentNullException>(() => new AudioBuffer(8000, [1f], null!));
        Assert.Equal("interleaved", Assert.Throws<ArgumentException>(() => AudioBuffer.FromInterleaved(new float[5], 2, 8000)).ParamName);
        Assert.Equal("channel", Assert.Throws<ArgumentOutOfRangeException>(() => new AudioBuffer(8000, 2, 1).Channel(2)).ParamName);
        Assert.Throws<ArgumentException>(() => new AudioBuffer(8000, 2, 3).CopyInterleavedTo(new float[5]));
    }
}

using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests.Stft;

public class MultiChannelTests
{
    [Fact]
    public void Interleaved_stft_equals_per_channel_stft_and_round_trips()
    {
        var s = new StftSettings(128, 32);
        const int length = 1500, channels = 3;
        var parts = new[] { Signals.Noise(length, 1), Signals.Sine(length, 440, s.SampleRate), Signals.Chirp(length, 100, 5000, s.SampleRate) };
        var interleaved = new float[length * channels];
        for (int i = 0; i < length; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                interleaved[i * channels + c] = parts[c][i];
            }
        }

        using var plan = new StftPlan(s);
        ComplexSpectrogram[] specs = plan.ForwardInterleaved(interleaved, channels);
        ComplexSpectrogram[] perChannel = plan.ForwardChannels(parts);
        MagnitudeSpectrogram[] mags = plan.ForwardMagnitudeInterleaved(interleaved, channels);
        Assert.Equal(channels, specs.Length);
        for (int c = 0; c < channels; c++)
        {
            ComplexSpectrogram single = plan.Forward(parts[c]);
            Assert.Equal(single.Real.ToArray(), specs[c].Real.ToArray());
            Assert.Equal(single.Imaginary.ToArray(), specs[c].Imaginary.ToArray());
            Assert.Equal(single.Real.ToArray(), perChannel[c].Real.ToArray());
            Assert.Equal(plan.ForwardMagnitude(parts[c]).Values.ToArray(), mags[c].Values.ToArray());
        }

        float[] back = plan.InverseInterleaved(specs, length);
        Assert.Equal(interleaved.Length, back.Length);
        Assert.True(Tolerance.RelativeError(back, interleaved) < 1e-6);
        float[][] split = plan.InverseChannels(specs, length);
        for (int c = 0; c < channels; c++)
        {
            Assert.True(Tolerance.RelativeError(split[c], parts[c]) < 1e-6);
        }

        Assert.Equal(s.DefaultSignalLength(specs[0].FrameCount) * channels, plan.InverseInterleaved(specs).Length);
    }
}

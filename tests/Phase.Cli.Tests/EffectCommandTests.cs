using Phase.Effects;
using Phase.IO;
using Phase.Testing;

namespace Phase.Tests;

public class EffectCommandTests
{
    [Fact]
    public void Stretch_writes_what_the_library_computes_for_every_channel()
    {
        using var dir = new TempDirectory();
        float[] left = Signals.Noise(5000, 1), right = Signals.Sine(5000, 300, 16000, 0.3);
        for (int i = 0; i < left.Length; i++)
        {
            left[i] *= 0.2f;
        }

        WavFile.Write(dir.File("in.wav"), new AudioBuffer(16000, left, right), WavSampleFormat.Float32);
        var r = CliRunner.Run("stretch", dir.File("in.wav"), "-o", dir.File("out.wav"), "--rate", "1.25", "--format", "float32");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("pvdr rate 1.25", r.Out, StringComparison.Ordinal);
        WavData output = WavFile.Read(dir.File("out.wav"));
        Assert.Equal(16000, output.SampleRate);
        Assert.Equal(2, output.ChannelCount);
        Assert.Equal(6250, output.FrameCount); // round(1.25 × 5000)
        var stretch = new TimeStretch(1.25);
        Assert.Equal(stretch.Process(left), output.Channel(0).ToArray());
        Assert.Equal(stretch.Process(right), output.Channel(1).ToArray());
    }

    [Fact]
    public void Pitch_with_the_classic_vocoder_keeps_the_length_and_matches_the_library()
    {
        using var dir = new TempDirectory();
        float[] x = Signals.Sine(8000, 440, 22050, 0.5);
        WavFile.Write(dir.File("in.wav"), x, 22050, WavSampleFormat.Float32);
        var r = CliRunner.Run("pitch", dir.File("in.wav"), "-o", dir.File("out.wav"), "--semitones", "-3", "--method", "pv", "--format", "float32");
        Assert.True(r.ExitCode == 0, r.Err);
        float[] y = WavFile.Read(dir.File("out.wav")).Channel(0).ToArray();
        Assert.Equal(new PitchShift(-3, PhaseVocoderMethod.Pv).Process(x), y);
    }

    [Theory]
    [InlineData("stretch", "--rate", "5", "0.25")]
    [InlineData("stretch", "--rate", "NaN", "0.25")]
    [InlineData("pitch", "--semitones", "-30", "-24")]
    public void Out_of_range_amounts_are_usage_errors_and_write_nothing(string command, string option, string value, string allowed)
    {
        using var dir = new TempDirectory();
        WavFile.Write(dir.File("in.wav"), Signals.Noise(1000, 2), 22050);
        var r = CliRunner.Run(command, dir.File("in.wav"), "-o", dir.File("out.wav"), option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(allowed, r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.wav")));
    }

    [Fact]
    public void Unknown_methods_are_rejected()
    {
        using var dir = new TempDirectory();
        WavFile.Write(dir.File("in.wav"), Signals.Noise(1000, 2), 22050);
        var r = CliRunner.Run("pitch", dir.File("in.wav"), "-o", dir.File("out.wav"), "--semitones", "2", "--method", "rubberband");
        Assert.NotEqual(0, r.ExitCode);
        Assert.False(File.Exists(dir.File("out.wav")));
    }
}

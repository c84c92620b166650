using Phase.IO;

namespace Phase.Tests;

/// <summary>A float WAV far beyond full scale gets a message about its level, not "convert dB or log magnitudes first".</summary>
public class InvertRangeTests
{
    [Fact]
    public void A_float_wav_near_float_max_is_refused_with_a_message_about_its_level()
    {
        using var dir = new TempDirectory();
        var samples = new float[4000];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (i % 2 == 0 ? 3e38f : -3e38f) * MathF.Sin(i * 0.01f);
        }

        WavFile.Write(dir.File("loud.wav"), new AudioBuffer(22050, [samples]), WavSampleFormat.Float32);
        var r = CliRunner.Run("invert", dir.File("loud.wav"), "-o", dir.File("out.wav"), "--method", "spsi");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("far beyond full scale", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("convert dB", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.wav")));
    }
}

using Phase.IO;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests;

/// <summary><c>phase invert --stream</c> and <c>--keep-delay</c>: the method runs hop by hop through the real-time
/// pipeline; the file is the aligned stream (input length) or the raw stream.</summary>
public class InvertStreamTests
{
    [Fact]
    public void Stream_writes_the_pipeline_output_aligned_and_keep_delay_the_raw_stream()
    {
        using var dir = new TempDirectory();
        string clip = Fixtures.SpeechClips()[0];
        var aligned = CliRunner.Run("invert", clip, "-o", dir.File("aligned.wav"), "--method", "rtpghi", "--stream", "--format", "float32");
        Assert.True(aligned.ExitCode == 0, aligned.Err);
        Assert.Matches(@"(?m)^0\s+-\d+\.\d dB\s+[01]\.\d{3}\s+[01]\.\d{3}\s+", aligned.Out);
        var raw = CliRunner.Run("invert", clip, "-o", dir.File("raw.wav"), "--method", "rtpghi", "--stream", "--keep-delay", "--format", "float32");
        Assert.True(raw.ExitCode == 0, raw.Err);

        WavData input = WavFile.Read(clip);
        float[] x = input.Channel(0).ToArray();
        float[] y = WavFile.Read(dir.File("aligned.wav")).Channel(0).ToArray();
        float[] z = WavFile.Read(dir.File("raw.wav")).Channel(0).ToArray();
        Assert.Equal(x.Length, y.Length);

        // The library's pipeline, driven hop by hop as an application does, gives the same samples.
        var settings = new StftSettings(windowLength: 1024, hop: 256, sampleRate: input.SampleRate);
        using var pipeline = new StreamingPipeline(PhaseReconstructors.CreateStreaming("rtpghi", settings), StreamingInput.Audio);
        var expected = new List<float>();
        var buffer = new float[Math.Max(settings.Hop, pipeline.MaxEndLength)];
        int whole = x.Length / settings.Hop * settings.Hop;
        for (int j = 0; j < whole; j += settings.Hop)
        {
            expected.AddRange(buffer.AsSpan(0, pipeline.Process(x.AsSpan(j, settings.Hop), buffer)).ToArray());
        }

        expected.AddRange(buffer.AsSpan(0, pipeline.End(x.AsSpan(whole), buffer)).ToArray());
        Assert.Equal(expected.ToArray(), z);
        Assert.Equal(z.AsSpan(pipeline.OutputDelay, x.Length).ToArray(), y);

        // Bounded from the first sample of the raw stream to the last.
        float peak = z.Max(MathF.Abs), source = x.Max(MathF.Abs);
        Assert.True(peak <= 1.5f * source, $"raw stream peak {peak} vs source {source}");
    }

    [Fact]
    public void Stream_of_npy_magnitudes_writes_the_natural_length()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run("spec", Fixtures.SpeechClips()[1], "-o", dir.File("m.npy")).ExitCode);
        int frames = NpyFile.Read(dir.File("m.npy")).Shape[0];
        var r = CliRunner.Run("invert", dir.File("m.npy"), "-o", dir.File("out.wav"), "--method", "spsi", "--stream");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal((frames - 1) * 256, WavFile.Read(dir.File("out.wav")).Channel(0).Length);
    }

    [Fact]
    public void Stream_with_an_offline_method_or_keep_delay_alone_is_a_usage_error()
    {
        using var dir = new TempDirectory();
        string clip = Fixtures.SpeechClips()[0];
        var offline = CliRunner.Run("invert", clip, "-o", dir.File("out.wav"), "--method", "fgla", "--stream");
        Assert.Equal(2, offline.ExitCode);
        Assert.Contains("'fgla' is an offline method; the streaming methods are rtisila, spsi, rtpghi, gtls, gtnet", offline.Err, StringComparison.Ordinal);
        var keep = CliRunner.Run("invert", clip, "-o", dir.File("out.wav"), "--keep-delay");
        Assert.Equal(2, keep.ExitCode);
        Assert.Contains("--keep-delay needs --stream", keep.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.wav")));
    }
}

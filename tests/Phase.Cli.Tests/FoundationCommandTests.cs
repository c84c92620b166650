using Phase.IO;
using Phase.Stft;
using Phase.Testing;

namespace Phase.Tests;

public class FoundationCommandTests
{
    [Fact]
    public void Spec_writes_the_magnitudes_the_stft_plan_computes()
    {
        using var dir = new TempDirectory();
        string clip = Fixtures.SpeechClips()[0];
        var r = CliRunner.Run("spec", clip, "-o", dir.File("m.npy"), "--hop", "128", "--window", "hamming", "--window-length", "512");
        Assert.Equal(0, r.ExitCode);
        var array = NpyFile.Read(dir.File("m.npy"));
        var wav = WavFile.Read(clip);
        var settings = new StftSettings(windowLength: 512, hop: 128, window: WindowKind.Hamming, sampleRate: wav.SampleRate);
        using var plan = new StftPlan(settings);
        var expected = plan.ForwardMagnitude(wav.Channel(0));
        Assert.Equal([expected.FrameCount, 257], array.Shape.ToArray());
        Assert.Equal(expected.Values.ToArray(), array.Values.ToArray());
    }

    [Fact]
    public void Spec_writes_bins_by_frames_when_asked()
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run("spec", Fixtures.SpeechClips()[0], "-o", dir.File("m.npy"), "--layout", "bins-frames");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(513, NpyFile.Read(dir.File("m.npy")).Shape[0]);
    }

    [Fact]
    public void Eval_of_a_signal_against_itself_is_perfect()
    {
        string clip = Fixtures.SpeechClips()[1];
        var r = CliRunner.Run("eval", clip, clip);
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"SC\s+-inf dB", r.Out);
        Assert.Matches(@"STOI\s+1\.000", r.Out);
        Assert.Matches(@"ESTOI\s+1\.000", r.Out);
    }

    [Fact]
    public void Eval_rejects_different_sample_rates_with_a_usage_error()
    {
        using var dir = new TempDirectory();
        WavFile.Write(dir.File("a.wav"), Signals.Noise(16000, 1), 16000);
        WavFile.Write(dir.File("b.wav"), Signals.Noise(22050, 2), 22050);
        var r = CliRunner.Run("eval", dir.File("a.wav"), dir.File("b.wav"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("sample rates differ", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_prints_the_reference_rows_for_the_embedded_clip()
    {
        var r = CliRunner.Run("demo", "--method", "");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("true-phase", r.Out, StringComparison.Ordinal);
        Assert.Contains("random-phase", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hop_that_violates_nola_is_a_usage_error_naming_the_option()
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run("spec", Fixtures.SpeechClips()[0], "-o", dir.File("m.npy"), "--hop", "1024");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--hop", r.Err, StringComparison.Ordinal);
        Assert.Contains("NOLA", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("m.npy")));
    }

    [Fact]
    public void Missing_and_corrupt_inputs_are_reported_without_a_stack_trace()
    {
        using var dir = new TempDirectory();
        var missing = CliRunner.Run("spec", dir.File("nope.wav"), "-o", dir.File("m.npy"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Err, StringComparison.Ordinal);

        File.WriteAllBytes(dir.File("bad.wav"), [(byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3]);
        var corrupt = CliRunner.Run("spec", dir.File("bad.wav"), "-o", dir.File("m.npy"));
        Assert.Equal(1, corrupt.ExitCode);
        Assert.StartsWith("phase: error:", corrupt.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", corrupt.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_window_and_unknown_method_are_rejected()
    {
        var window = CliRunner.Run("spec", Fixtures.SpeechClips()[0], "-o", "x.npy", "--window", "triangle");
        Assert.Equal(2, window.ExitCode);
        Assert.Contains("triangle", window.Err, StringComparison.Ordinal);
        var method = CliRunner.Run("demo", "--method", "nosuchmethod");
        Assert.Equal(2, method.ExitCode);
        Assert.Contains("Unknown method 'nosuchmethod'", method.Err, StringComparison.Ordinal);
    }
}

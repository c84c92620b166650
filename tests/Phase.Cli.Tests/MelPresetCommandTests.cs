using Phase.IO;
using Phase.Metrics;
using Phase.Testing;

namespace Phase.Tests;

/// <summary><c>phase spec --mel --preset</c> and <c>phase invert --preset</c> against the numpy reference mels of
/// scripts/reference/mel_presets_reference.py (the first 13230 samples of espeak-en-us-f3.wav).</summary>
public class MelPresetCommandTests
{
    private const int ExcerptLength = 13230;

    private static float[] Excerpt() => WavFile.Read(Fixtures.Path("speech", "espeak-en-us-f3.wav")).Channel(0)[..ExcerptLength].ToArray();

    [Theory]
    [InlineData("hifigan")]
    [InlineData("matcha")]
    [InlineData("styletts2")]
    public void Spec_mel_preset_writes_the_familys_mel_of_a_wav(string preset)
    {
        using var dir = new TempDirectory();
        // The reference treats the samples as the preset's rate; write them at that rate so spec does not resample.
        int rate = preset == "styletts2" ? 24000 : 22050;
        WavFile.Write(dir.File("in.wav"), new AudioBuffer(rate, [Excerpt()]), WavSampleFormat.Float32);
        var r = CliRunner.Run("spec", dir.File("in.wav"), "--mel", "--preset", preset, "-o", dir.File("mel.npy"));
        Assert.True(r.ExitCode == 0, r.Err);
        NpyArray<float> actual = NpyFile.Read(dir.File("mel.npy"));
        NpyArray<float> expected = NpyFile.Read(Fixtures.Path("mel", $"preset_{preset}.npy"));
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        Assert.True(Tolerance.MaxAbsDifference(actual.Values, expected.Values) < 2e-3);
    }

    [Fact]
    public void Invert_preset_hifigan_gives_frames_times_hop_samples_aligned_with_the_speech()
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run("invert", Fixtures.Path("mel", "preset_hifigan.npy"), "--preset", "hifigan", "-m", "fgla", "-o", dir.File("out.wav"));
        Assert.True(r.ExitCode == 0, r.Err);
        WavData wav = WavFile.Read(dir.File("out.wav"));
        Assert.Equal(22050, wav.SampleRate);
        float[] y = wav.Channel(0).ToArray();
        Assert.Equal(51 * 256, y.Length); // T·H: HiFi-GAN's length for 51 frames
        float[] x = Excerpt();
        IntelligibilityScores aligned = QualityMetrics.Intelligibility(y, x[..y.Length], 22050);
        Assert.True(aligned.Stoi > 0.85, $"STOI {aligned.Stoi:0.000}");
        Assert.True(y.Max(Math.Abs) < 1.5f * x.Max(Math.Abs), "the output is no louder than the speech justifies");
    }

    [Fact]
    public void Invert_preset_accepts_batched_and_transposed_layouts_as_channels()
    {
        using var dir = new TempDirectory();
        NpyArray<float> mel = NpyFile.Read(Fixtures.Path("mel", "preset_hifigan.npy"));
        int m = mel.Shape[0], t = mel.Shape[1];
        var batched = new float[2 * m * t];
        mel.Values.CopyTo(batched);
        mel.Values.CopyTo(batched.AsSpan(m * t));
        NpyFile.Write(dir.File("b.npy"), batched, [2, m, t]);
        var transposed = new float[m * t];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < t; j++)
            {
                transposed[(j * m) + i] = mel.Values[(i * t) + j];
            }
        }

        NpyFile.Write(dir.File("t.npy"), transposed, [t, m]);
        var rb = CliRunner.Run("invert", dir.File("b.npy"), "--preset", "hifigan", "-m", "spsi", "-o", dir.File("b.wav"));
        var rt = CliRunner.Run("invert", dir.File("t.npy"), "--preset", "hifigan", "-m", "spsi", "-o", dir.File("t.wav"));
        var r2 = CliRunner.Run("invert", Fixtures.Path("mel", "preset_hifigan.npy"), "--preset", "hifigan", "-m", "spsi", "-o", dir.File("2.wav"));
        Assert.True(rb.ExitCode == 0, rb.Err);
        Assert.True(rt.ExitCode == 0, rt.Err);
        WavData b = WavFile.Read(dir.File("b.wav")), tw = WavFile.Read(dir.File("t.wav")), two = WavFile.Read(dir.File("2.wav"));
        Assert.Equal(2, b.ChannelCount);
        Assert.Equal(two.Channel(0).ToArray(), b.Channel(1).ToArray());
        Assert.Equal(two.Channel(0).ToArray(), tw.Channel(0).ToArray());
    }

    [Fact]
    public void Invert_preset_with_the_vocoder_method_in_a_tool_without_onnx_runtime_says_how_to_get_it()
    {
        // Like the packed tool, the CLI tests have no native ONNX Runtime (docs/onnxruntime.md); the vocoder's model path
        // is tested end to end against PyTorch in Phase.Neural.Tests (VocoderReconstructorTests).
        using var dir = new TempDirectory();
        var r = CliRunner.Run("invert", Fixtures.Path("mel", "preset_hifigan.npy"), "--preset", "hifigan", "-m", "vocoder",
            "--param", $"model={Fixtures.Path("vocoder", "tiny-mag_cos_sin.onnx")}", "-o", dir.File("out.wav"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Microsoft.ML.OnnxRuntime", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.wav")));
    }

    [Fact]
    public void Preset_refuses_flags_it_fixes_and_mismatched_arrays()
    {
        using var dir = new TempDirectory();
        string mel = Fixtures.Path("mel", "preset_hifigan.npy");
        var r = CliRunner.Run("invert", mel, "--preset", "hifigan", "--log", "-o", dir.File("o.wav"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--preset hifigan fixes what --log sets", r.Err, StringComparison.Ordinal);
        r = CliRunner.Run("invert", mel, "--preset", "vocos", "-o", dir.File("o.wav"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("100 mel bands of the vocos convention", r.Err, StringComparison.Ordinal);
        r = CliRunner.Run("invert", mel, "--preset", "hifigan", "--mel", "100", "-o", dir.File("o.wav"));
        Assert.Equal(2, r.ExitCode);
        r = CliRunner.Run("spec", Fixtures.Path("speech", "espeak-en-us-f3.wav"), "--mel", "-o", dir.File("m.npy"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--mel needs --preset", r.Err, StringComparison.Ordinal);
        r = CliRunner.Run("invert", mel, "--mel-mean", "-5", "-o", dir.File("o.wav"));
        Assert.Equal(2, r.ExitCode);
        Assert.False(File.Exists(dir.File("o.wav")));
    }
}

using Phase.IO;
using Phase.Metrics;
using Phase.Testing;

namespace Phase.Tests;

/// <summary><c>phase invert --mel</c> end to end on TTS-style mels of speech made by an independent numpy script
/// (scripts/reference/mel_reference.py, librosa's formulas): 80-band power mel in dB (mels × frames, as librosa writes it)
/// and 80-band natural-log amplitude mel up to 8 kHz (frames × mels, as HiFi-GAN writes it).</summary>
public class MelInvertCommandTests
{
    private const int ExcerptLength = 33075; // the first 1.5 s of espeak-en-us-f3.wav, which the fixtures were made from

    private static float[] Excerpt() => WavFile.Read(Fixtures.Path("speech", "espeak-en-us-f3.wav")).Channel(0)[..ExcerptLength].ToArray();

    private static float[] ReadOutput(string path, int expectedRate)
    {
        WavData wav = WavFile.Read(path);
        Assert.Equal(expectedRate, wav.SampleRate);
        Assert.Equal(1, wav.ChannelCount);
        return wav.Channel(0).ToArray();
    }

    [Fact]
    public void A_db_power_mel_in_librosa_orientation_inverts_to_intelligible_speech()
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run("invert", Fixtures.Path("mel", "speech_mel80_db.npy"), "--mel", "80", "--sample-rate", "22050", "--db",
            "--method", "fgla", "-o", dir.File("out.wav"));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("mels × frames (librosa orientation), 130 frames of 80 mel bands", r.Err, StringComparison.Ordinal);
        Assert.Contains("dB power mel", r.Err, StringComparison.Ordinal);
        float[] y = ReadOutput(dir.File("out.wav"), 22050);
        Assert.Equal((130 - 1) * 256, y.Length); // the natural length of 130 centred frames at hop 256 (librosa's istft too)
        // STOI against the speech the mel was computed from: what the mel keeps (the spectral envelope) must come back
        // intelligible. A random-phase inversion of the true magnitudes scores about 0.8 on this clip.
        IntelligibilityScores s = QualityMetrics.Intelligibility(y, Excerpt()[..y.Length], 22050);
        Assert.True(s.Stoi > 0.9, $"STOI {s.Stoi:0.000}");
    }

    [Fact]
    public void Orientation_is_detected_from_the_mel_count_and_does_not_change_the_result()
    {
        using var dir = new TempDirectory();
        NpyArray<float> melsByFrames = NpyFile.Read(Fixtures.Path("mel", "speech_mel80_db.npy"));
        int mels = melsByFrames.Shape[0], frames = melsByFrames.Shape[1];
        var transposed = new float[mels * frames];
        for (int m = 0; m < mels; m++)
        {
            for (int n = 0; n < frames; n++)
            {
                transposed[n * mels + m] = melsByFrames[m, n];
            }
        }

        NpyFile.Write(dir.File("fm.npy"), transposed, [frames, mels]);
        var a = CliRunner.Run("invert", Fixtures.Path("mel", "speech_mel80_db.npy"), "--mel", "80", "--db", "-o", dir.File("a.wav"));
        var b = CliRunner.Run("invert", dir.File("fm.npy"), "--mel", "80", "--db", "-o", dir.File("b.wav"));
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a.Err + b.Err);
        Assert.Contains("frames × mels, 130 frames of 80 mel bands", b.Err, StringComparison.Ordinal);
        Assert.Equal(ReadOutput(dir.File("a.wav"), 22050), ReadOutput(dir.File("b.wav"), 22050));
    }

    [Fact]
    public void A_natural_log_amplitude_mel_up_to_8_khz_inverts_with_log_and_fmax()
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run("invert", Fixtures.Path("mel", "speech_mel80_ln.npy"), "--mel", "80", "--log", "--fmax", "8000",
            "--method", "gla", "--iterations", "60", "-o", dir.File("out.wav"));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("frames × mels", r.Err, StringComparison.Ordinal);
        Assert.Contains("natural-log amplitude mel", r.Err, StringComparison.Ordinal);
        Assert.Contains("0–8000 Hz", r.Err, StringComparison.Ordinal);
        float[] y = ReadOutput(dir.File("out.wav"), 22050);
        IntelligibilityScores s = QualityMetrics.Intelligibility(y, Excerpt()[..y.Length], 22050);
        Assert.True(s.Stoi > 0.9, $"STOI {s.Stoi:0.000}");
    }

    [Theory]
    [InlineData(new[] { "--mel", "80" }, "needs its compression: add one of --db")]
    [InlineData(new[] { "--mel", "80", "--db", "--log" }, "got --db and --log")]
    [InlineData(new[] { "--mel", "80", "--db", "--power", "--amplitude" }, "one of --power and --amplitude")]
    [InlineData(new[] { "--mel", "64", "--db" }, "no axis has the 64 mel bands")]
    [InlineData(new[] { "--mel", "0", "--db" }, "--mel 0 is out of range")]
    [InlineData(new[] { "--mel", "80", "--linear" }, "linear mel values cannot be negative")]
    [InlineData(new[] { "--mel", "80", "--db", "--fmin", "20000" }, "invalid mel filter bank")]
    [InlineData(new[] { "--db" }, "--db applies to mel spectrograms only")]
    [InlineData(new[] { "--layout", "mels-frames" }, "--layout mels-frames is for mel spectrograms")]
    [InlineData(new string[0], "add --mel 80 if this is a mel spectrogram")]
    public void Wrong_mel_options_are_usage_errors_that_say_what_to_do(string[] options, string message)
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run(["invert", Fixtures.Path("mel", "speech_mel80_db.npy"), "-o", dir.File("out.wav"), .. options]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("out.wav")));
    }

    [Fact]
    public void A_linear_magnitude_spectrogram_given_as_mel_is_recognised()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliRunner.Run("spec", Fixtures.SpeechClips()[0], "-o", dir.File("mag.npy")).ExitCode);
        var r = CliRunner.Run("invert", dir.File("mag.npy"), "--mel", "80", "--db", "-o", dir.File("out.wav"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("looks like a linear magnitude spectrogram — drop --mel", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Mel_input_must_be_npy()
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run("invert", Fixtures.SpeechClips()[0], "--mel", "80", "--db", "-o", dir.File("out.wav"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--mel needs a .npy mel spectrogram", r.Err, StringComparison.Ordinal);
    }
}

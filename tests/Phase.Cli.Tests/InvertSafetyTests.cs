using System.Diagnostics;
using Phase.IO;
using Phase.Testing;

namespace Phase.Tests;

/// <summary><c>phase invert</c> never loses its output over a metric and never destroys its input; errors name what the
/// user gave; Ctrl+C leaves nothing behind. End to end through the command line.</summary>
public class InvertSafetyTests
{
    private static void AssertError(CliRunner.Result r, string message, int exitCode = 2)
    {
        Assert.Equal(exitCode, r.ExitCode);
        Assert.StartsWith("phase: error: ", r.Err, StringComparison.Ordinal);
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal);
    }

    private static float[] Speech(int samples) => WavFile.Read(Fixtures.SpeechClips()[1]).Channel(0)[..samples].ToArray();

    private static double Rms(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x)
        {
            sum += (double)v * v;
        }

        return Math.Sqrt(sum / x.Length);
    }

    /// <summary>The output is the whole clip at the input's rate: same length and channel count, finite, and each
    /// channel at about the input's level (a magnitude-only reconstruction keeps the energy).</summary>
    private static void AssertFullOutput(AudioBuffer input, string outputPath)
    {
        WavData output = WavFile.Read(outputPath);
        Assert.Equal(input.SampleRate, output.SampleRate);
        Assert.Equal(input.ChannelCount, output.ChannelCount);
        Assert.Equal(input.FrameCount, output.FrameCount);
        for (int c = 0; c < input.ChannelCount; c++)
        {
            ReadOnlySpan<float> x = input.Channel(c), y = output.Channel(c);
            double rx = Rms(x), ry = Rms(y);
            if (rx == 0)
            {
                Assert.Equal(0, ry);
            }
            else
            {
                Assert.InRange(ry / rx, 0.7, 1.3);
            }
        }
    }

    [Fact]
    public void A_clip_too_short_for_stoi_is_written_and_the_metric_skipped_with_a_note()
    {
        using var dir = new TempDirectory();
        var input = AudioBuffer.FromMono(Speech(6615), 22050); // 0.3 s
        WavFile.Write(dir.File("short.wav"), input, WavSampleFormat.Float32);
        var r = CliRunner.Run("invert", dir.File("short.wav"), "-o", dir.File("out.wav"), "--method", "fgla", "--iterations", "30");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Matches(@"(?m)^0\s+-\d+\.\d dB\s+n/a\s+n/a\s+\d", r.Out);
        Assert.Contains("phase: note: STOI/ESTOI not computed: ", r.Err, StringComparison.Ordinal);
        Assert.Contains("0.42 s", r.Err, StringComparison.Ordinal);
        Assert.Contains("wrote", r.Out, StringComparison.Ordinal);
        AssertFullOutput(input, dir.File("out.wav"));
    }

    [Fact]
    public void Digital_silence_and_a_stereo_file_with_one_silent_channel_are_written()
    {
        using var dir = new TempDirectory();
        var silence = new AudioBuffer(16000, 1, 32000);
        WavFile.Write(dir.File("silence.wav"), silence);
        var r = CliRunner.Run("invert", dir.File("silence.wav"), "-o", dir.File("silence-out.wav"), "--method", "spsi");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("reference is silent", r.Err, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^0\s+n/a\s", r.Out);
        AssertFullOutput(silence, dir.File("silence-out.wav"));

        var stereo = new AudioBuffer(22050, [Speech(44100), new float[44100]]);
        WavFile.Write(dir.File("stereo.wav"), stereo, WavSampleFormat.Float32);
        r = CliRunner.Run("invert", dir.File("stereo.wav"), "-o", dir.File("stereo-out.wav"), "--method", "fgla", "--iterations", "30");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Matches(@"(?m)^0\s+-\d+\.\d dB\s+0\.\d{3}\s+0\.\d{3}\s", r.Out); // the speech channel is scored
        Assert.Matches(@"(?m)^1\s+n/a\s+n/a\s+n/a\s", r.Out); // SC, STOI and ESTOI are undefined for a silent reference
        Assert.DoesNotContain("inf", r.Out, StringComparison.Ordinal);
        Assert.Contains("STOI/ESTOI not computed for channel 1: reference is silent", r.Err, StringComparison.Ordinal);
        AssertFullOutput(stereo, dir.File("stereo-out.wav"));
    }

    [Fact]
    public void An_output_that_is_the_input_is_refused_and_the_input_left_intact()
    {
        using var dir = new TempDirectory();
        string clip = dir.File("take.wav");
        WavFile.Write(clip, AudioBuffer.FromMono(Speech(22050), 22050), WavSampleFormat.Float32);
        byte[] before = File.ReadAllBytes(clip);
        AssertError(CliRunner.Run("invert", clip, "-o", clip, "--method", "spsi"), "would destroy the input");
        AssertError(CliRunner.Run("invert", clip, "-o", Path.Combine(dir.Path, ".", "take.wav"), "--method", "spsi"), "would destroy the input");
        AssertError(CliRunner.Run("spec", clip, "-o", clip), "would destroy the input");

        // Through a symbolic link to the file, and through a symbolic link to its directory.
        File.CreateSymbolicLink(dir.File("link.wav"), "take.wav");
        Directory.CreateSymbolicLink(dir.File("alias"), dir.Path);
        AssertError(CliRunner.Run("invert", clip, "-o", dir.File("link.wav"), "--method", "spsi"), "would destroy the input");
        AssertError(CliRunner.Run("invert", Path.Combine(dir.File("alias"), "take.wav"), "-o", clip, "--method", "spsi"), "would destroy the input");
        AssertError(CliRunner.Run("spec", dir.File("link.wav"), "-o", Path.Combine(dir.File("alias"), "take.wav")), "would destroy the input");
        Assert.Equal(before, File.ReadAllBytes(clip));
        Assert.Equal(["alias", "link.wav", "take.wav"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());

        // A different file in the same place is fine, and replaced atomically.
        var ok = CliRunner.Run("invert", dir.File("link.wav"), "-o", dir.File("other.wav"), "--method", "spsi");
        Assert.True(ok.ExitCode == 0, ok.Err);
    }

    [Fact]
    public void A_directory_given_as_input_is_reported_as_a_directory()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("clips"));
        AssertError(CliRunner.Run("spec", dir.File("clips"), "-o", dir.File("m.npy")), "is a directory, not a file");
        AssertError(CliRunner.Run("eval", dir.File("clips"), Fixtures.SpeechClips()[0]), "is a directory, not a file");
        AssertError(CliRunner.Run("plot", dir.File("clips"), "-o", dir.File("p.png")), "is a directory, not a file");

        // For invert a directory is a many-file input; an empty one is reported as such, and -o x.wav is not a directory.
        AssertError(CliRunner.Run("invert", dir.File("clips"), "-o", dir.File("out.wav")), "-o names the output directory");
        var r = CliRunner.Run("invert", dir.File("clips"), "-o", dir.File("out"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("the directory holds no .wav or .npy files", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Option_values_that_are_wrong_for_every_input_are_refused_with_what_is_allowed()
    {
        using var dir = new TempDirectory();
        string clip = Fixtures.SpeechClips()[0], output = dir.File("out.wav");
        AssertError(CliRunner.Run("invert", clip, "-o", output, "--method", "fgla", "--init", "bogus"), "Unknown initialisation 'bogus'");
        var gla = CliRunner.Run("invert", clip, "-o", output, "--method", "gla", "--init", "bogus");
        AssertError(gla, "Unknown initialisation 'bogus'");
        Assert.DoesNotContain("Unknown method", gla.Err, StringComparison.Ordinal);
        string mel = Fixtures.Path("mel", "speech_mel80_db.npy");
        AssertError(CliRunner.Run("invert", mel, "--mel", "80", "--db", "-o", output, "--mel-iterations", "-1"), "--mel-iterations -1 is negative");
        AssertError(CliRunner.Run("invert", mel, "--mel", "80", "--db", "-o", output, "--fmax", "12000"), "--fmax 12000 Hz is above the Nyquist frequency (11025 Hz");
        AssertError(CliRunner.Run("invert", mel, "--mel", "80", "--db", "--sample-rate", "16000", "-o", output, "--fmax", "8000.5"), "above the Nyquist frequency (8000 Hz");
        Assert.False(File.Exists(output));

        // At the boundary: fmax = Nyquist and 0 iterations are allowed.
        var r = CliRunner.Run("invert", mel, "--mel", "80", "--db", "-o", output, "--fmax", "11025", "--mel-iterations", "0", "--method", "spsi");
        Assert.True(r.ExitCode == 0, r.Err);
    }

    [Fact]
    public void A_write_error_names_the_output_path_not_a_temporary_file()
    {
        using var dir = new TempDirectory();
        string output = dir.File(new string('x', 300) + ".wav"); // longer than a file name may be
        var r = CliRunner.Run("invert", Fixtures.SpeechClips()[0], "-o", output, "--method", "spsi");
        AssertError(r, output, exitCode: 1);
        Assert.DoesNotContain(".tmp", r.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Writing_over_an_existing_output_keeps_its_permissions()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var dir = new TempDirectory();
        string output = dir.File("out.wav");
        File.WriteAllText(output, "old");
        const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;
        File.SetUnixFileMode(output, Mode);
        var r = CliRunner.Run("invert", Fixtures.SpeechClips()[0], "-o", output, "--method", "spsi");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(Mode, File.GetUnixFileMode(output));
        Assert.Equal(WavFile.Read(Fixtures.SpeechClips()[0]).FrameCount, WavFile.Read(output).FrameCount);
    }

    [Fact]
    public void A_cancelled_run_exits_130_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Cli.Cli.Invoke(["invert", Fixtures.SpeechClips()[0], "-o", dir.File("out.wav"), "--method", "gla", "--iterations", "5"],
            new Cli.CliContext(output, error, interactiveError: false, cancel.Token));
        Assert.Equal(130, code);
        Assert.Contains("phase: cancelled", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Ctrl_c_stops_the_process_cooperatively_and_leaves_no_temporary_file()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // sends SIGINT with kill(1)
        }

        // The real process: a GLA run that would take hours, interrupted with SIGINT as a terminal's Ctrl+C does.
        using var dir = new TempDirectory();
        string exe = Path.Combine(AppContext.BaseDirectory, "Phase.Cli.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { exe, "invert", Fixtures.SpeechClips()[0], "-o", dir.File("out.wav"), "--method", "gla", "--iterations", "10000000" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        // Signal once the process is well into its work (its handlers are registered first thing in Main): 1.5 s of CPU
        // time, however busy the machine is.
        for (int waited = 0; waited < 600 && !process.HasExited && process.TotalProcessorTime < TimeSpan.FromSeconds(1.5); waited++)
        {
            await Task.Delay(100);
        }

        Assert.False(process.HasExited, "exited before the signal: " + (stderr.IsCompleted ? await stderr : ""));
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            Assert.Fail("the process did not stop within 60 s of Ctrl+C");
        }

        Assert.Equal(130, process.ExitCode);
        Assert.Contains("phase: cancelled", await stderr, StringComparison.Ordinal);
        Assert.Empty(await stdout);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}

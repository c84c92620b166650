using Phase.Cli.Batch;
using Phase.IO;
using Phase.Testing;

namespace Phase.Tests;

/// <summary><c>phase invert a.wav b.npy dir/ 'glob*' -o OUTDIR</c>: expansion, names, order, parallel runs that give the
/// same bytes as single-file runs, failures that do not stop the run, skipping, --overwrite and --shard.</summary>
public class InvertManyFilesTests
{
    /// <summary>A small corpus: the three speech fixtures under corpus/ (one in a subdirectory), a .npy spectrogram, and
    /// a clip too short for STOI.</summary>
    private static string MakeCorpus(TempDirectory dir)
    {
        string corpus = dir.File("corpus");
        Directory.CreateDirectory(Path.Combine(corpus, "spk2"));
        IReadOnlyList<string> clips = Fixtures.SpeechClips();
        File.Copy(clips[0], Path.Combine(corpus, "a.wav"));
        File.Copy(clips[1], Path.Combine(corpus, "b.wav"));
        File.Copy(clips[2], Path.Combine(corpus, "spk2", "c.wav"));
        Assert.Equal(0, CliRunner.Run("spec", clips[0], "-o", Path.Combine(corpus, "spk2", "m.npy")).ExitCode);
        WavFile.Write(Path.Combine(corpus, "short.wav"), WavFile.Read(clips[1]).Channel(0)[..4410], 22050);
        File.WriteAllText(Path.Combine(corpus, "notes.txt"), "not audio");
        File.WriteAllText(Path.Combine(corpus, ".hidden.wav"), "a temporary file of some writer");
        return corpus;
    }

    private static string[] Files(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public void A_directory_is_converted_in_parallel_with_names_kept_and_the_same_bytes_as_single_file_runs()
    {
        using var dir = new TempDirectory();
        string corpus = MakeCorpus(dir);
        string[] options = ["--method", "fgla", "--iterations", "8", "--seed", "7"];
        var r = CliRunner.Run(["invert", corpus, "-o", dir.File("out"), "--jobs", "3", .. options]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(["a.wav", "b.wav", "short.wav", "spk2/c.wav", "spk2/m.wav"], Files(dir.File("out")));

        // One row per file in sorted order; the summary counts them.
        string[] rows = r.Out.Split('\n').Where(l => l.Contains(".wav ", StringComparison.Ordinal)).Select(l => l.Split(' ')[0]).ToArray();
        Assert.Equal(["a.wav", "b.wav", "short.wav", "spk2/c.wav", "spk2/m.wav"], rows);
        Assert.Contains("5 written, 0 skipped, 0 failed", r.Out, StringComparison.Ordinal);
        Assert.Contains("short.wav: note: STOI/ESTOI not computed", r.Err, StringComparison.Ordinal);

        // Every output is byte for byte what `phase invert one -o one.wav` writes.
        foreach ((string input, string output) in new[]
        {
            ("a.wav", "a.wav"), ("b.wav", "b.wav"), ("short.wav", "short.wav"), ("spk2/c.wav", "spk2/c.wav"), ("spk2/m.npy", "spk2/m.wav"),
        })
        {
            string single = dir.File("single.wav");
            var one = CliRunner.Run(["invert", Path.Combine(corpus, input), "-o", single, .. options]);
            Assert.True(one.ExitCode == 0, one.Err);
            Assert.Equal(File.ReadAllBytes(single), File.ReadAllBytes(Path.Combine(dir.File("out"), output)));
        }
    }

    [Fact]
    public void Files_directories_and_patterns_mix_and_a_bad_file_does_not_stop_the_run()
    {
        using var dir = new TempDirectory();
        string corpus = MakeCorpus(dir);
        File.WriteAllText(Path.Combine(corpus, "broken.wav"), "RIFF?");
        var r = CliRunner.Run("invert", Path.Combine(corpus, "a.wav"), Path.Combine(corpus, "spk2"), Path.Combine(corpus, "*.wav"),
            Path.Combine(corpus, "nothing-*.wav"), Path.Combine(corpus, "missing.wav"), "-o", dir.File("out"), "--method", "spsi");
        Assert.Equal(1, r.ExitCode);

        // a.wav twice (named and matched) is done once; spk2/ keeps names below spk2; the pattern's below corpus/.
        Assert.Equal(["a.wav", "b.wav", "c.wav", "m.wav", "short.wav"], Files(dir.File("out")));
        Assert.Contains("5 written, 0 skipped, 3 failed", r.Out, StringComparison.Ordinal);
        Assert.Contains("phase: error: 3 input(s) failed:", r.Err, StringComparison.Ordinal);
        Assert.Contains("broken.wav: 5 bytes is too short for a WAV file", r.Err, StringComparison.Ordinal);
        Assert.Contains("nothing-*.wav: no .wav or .npy file matches the pattern.", r.Err, StringComparison.Ordinal);
        Assert.Contains("missing.wav: the input file does not exist.", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("broken.wav", string.Join(' ', Files(dir.File("out"))), StringComparison.Ordinal);
    }

    [Fact]
    public void Recursive_patterns_keep_the_path_below_their_literal_part()
    {
        using var dir = new TempDirectory();
        string corpus = MakeCorpus(dir);
        var r = CliRunner.Run("invert", Path.Combine(corpus, "**", "[ac].wav"), "-o", dir.File("out"), "--method", "spsi");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(["a.wav", "spk2/c.wav"], Files(dir.File("out")));
        r = CliRunner.Run("invert", Path.Combine(corpus, "s*", "?.wav"), "-o", dir.File("out2"), "--method", "spsi");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(["spk2/c.wav"], Files(dir.File("out2")));
    }

    [Fact]
    public void Existing_outputs_are_skipped_unless_overwrite_is_given()
    {
        using var dir = new TempDirectory();
        string corpus = MakeCorpus(dir);
        string output = dir.File("out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "b.wav"), "done earlier");
        var r = CliRunner.Run("invert", Path.Combine(corpus, "*.wav"), "-o", output, "--method", "spsi");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("2 written, 1 skipped (output exists; --overwrite replaces it), 0 failed", r.Out, StringComparison.Ordinal);
        Assert.Equal("done earlier", File.ReadAllText(Path.Combine(output, "b.wav")));

        r = CliRunner.Run("invert", Path.Combine(corpus, "*.wav"), "-o", output, "--method", "spsi", "--overwrite");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("3 written, 0 skipped, 0 failed", r.Out, StringComparison.Ordinal);
        Assert.Equal(WavFile.Read(Path.Combine(corpus, "b.wav")).FrameCount, WavFile.Read(Path.Combine(output, "b.wav")).FrameCount);

        // Converting a directory into itself would replace each input: refused before anything is written.
        r = CliRunner.Run("invert", Path.Combine(corpus, "*.wav"), "-o", corpus, "--method", "spsi", "--overwrite");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("would be the input file itself", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_are_disjoint_cover_every_file_and_follow_the_documented_hash()
    {
        using var dir = new TempDirectory();
        string corpus = dir.File("corpus");
        Directory.CreateDirectory(corpus);
        float[] tone = [.. Enumerable.Range(0, 8000).Select(n => 0.3f * MathF.Sin(0.05f * n))];
        for (int i = 0; i < 12; i++)
        {
            WavFile.Write(Path.Combine(corpus, $"utt{i:D2}.wav"), tone, 16000);
        }

        var seen = new List<string>();
        for (int shard = 0; shard < 3; shard++)
        {
            string output = dir.File($"out{shard}");
            var r = CliRunner.Run("invert", corpus, "-o", output, "--method", "spsi", "--shard", $"{shard}/3");
            Assert.True(r.ExitCode == 0, r.Err);
            string[] files = Files(output);
            Assert.Contains($"(shard {shard}/3: {files.Length} of 12 files)", r.Out, StringComparison.Ordinal);
            foreach (string f in files)
            {
                // The assignment documented in docs and --help: FNV-1a-64 of the output name, mod n.
                Assert.Equal((ulong)shard, Fnv1a64(f) % 3);
            }

            seen.AddRange(files);
        }

        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"utt{i:D2}.wav"), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_shard_hash_matches_reference_values()
    {
        // Reference values from an independent implementation (Python: h = 0xcbf29ce484222325; for b in s.encode():
        // h = ((h ^ b) * 0x100000001b3) % 2**64).
        Assert.Equal(0xcbf29ce484222325UL, Shard.Fnv1a64(""));
        Assert.Equal(0xaf63dc4c8601ec8cUL, Shard.Fnv1a64("a"));
        Assert.Equal(0x85944171f73967e8UL, Shard.Fnv1a64("foobar"));
        Assert.Equal(0xa412e9631c28ade9UL, Shard.Fnv1a64("spk2/c.wav"));
    }

    [Fact]
    public void Bad_many_file_options_are_usage_errors()
    {
        using var dir = new TempDirectory();
        string corpus = MakeCorpus(dir);
        foreach ((string[] args, string message) in new (string[], string)[]
        {
            (["--shard", "3/3"], "--shard expects i/n with 0 ≤ i < n"),
            (["--shard", "1"], "--shard expects i/n"),
            (["--shard", "-1/2"], "--shard expects i/n"),
            (["--jobs", "0"], "--jobs 0: use at least 1"),
        })
        {
            var r = CliRunner.Run(["invert", corpus, "-o", dir.File("out"), "--method", "spsi", .. args]);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(message, r.Err, StringComparison.Ordinal);
        }

        File.WriteAllText(dir.File("file"), "x");
        var clash = CliRunner.Run("invert", Path.Combine(corpus, "a.wav"), dir.File("file"), "-o", dir.File("file"), "--method", "spsi");
        Assert.Equal(2, clash.ExitCode);
        Assert.Contains("is a file", clash.Err, StringComparison.Ordinal);

        // Two inputs with the same output name.
        Directory.CreateDirectory(dir.File("other"));
        File.Copy(Path.Combine(corpus, "a.wav"), dir.File("other/a.wav"));
        var twice = CliRunner.Run("invert", Path.Combine(corpus, "a.wav"), dir.File("other/a.wav"), "-o", dir.File("out"), "--method", "spsi");
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("would both be written to 'a.wav'", twice.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));
    }

    [Fact]
    public void A_single_file_with_an_output_directory_keeps_its_name()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("out"));
        var r = CliRunner.Run("invert", Fixtures.SpeechClips()[0], "-o", dir.File("out"), "--method", "spsi");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal([Path.GetFileName(Fixtures.SpeechClips()[0])], Files(dir.File("out")));
    }

    private static ulong Fnv1a64(string text)
    {
        ulong h = 0xcbf29ce484222325UL;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            h = (h ^ b) * 0x100000001b3UL;
        }

        return h;
    }
}

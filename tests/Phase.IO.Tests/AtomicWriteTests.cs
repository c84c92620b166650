using Phase.IO;

namespace Phase.Tests;

/// <summary>Writes by path are all-or-nothing: no partial destination, no leftover temporary file.</summary>
public class AtomicWriteTests
{
    [Fact]
    public void A_failure_mid_write_leaves_no_destination_and_no_temporary()
    {
        using var dir = new TestFiles.TempDirectory();
        string path = dir.File("out.wav");
        string? temporary = null;
        Assert.Throws<IOException>((Action)(() =>
        {
            using var file = AtomicFile.Create(path, "path");
            temporary = file.TemporaryPath;
            file.Stream.Write(new byte[1000]);
            file.Stream.Flush();
            Assert.True(File.Exists(temporary));                 // the content really was going to a temporary file
            Assert.Equal(Path.GetDirectoryName(Path.GetFullPath(path)), Path.GetDirectoryName(temporary));
            throw new IOException("disk full (simulated)");
        }));

        Assert.NotNull(temporary);
        Assert.False(File.Exists(temporary));
        Assert.False(File.Exists(path));
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void A_failure_mid_write_keeps_an_existing_destination_intact()
    {
        using var dir = new TestFiles.TempDirectory();
        string path = dir.File("keep.npy");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Throws<InvalidOperationException>((Action)(() =>
        {
            using var file = AtomicFile.Create(path, "path");
            file.Stream.Write(new byte[5000]);
            throw new InvalidOperationException("encoder failed (simulated)");
        }));

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(["keep.npy"], dir.Entries());
    }

    [Fact]
    public void Invalid_audio_leaves_no_file_behind()
    {
        using var dir = new TestFiles.TempDirectory();
        var audio = new AudioBuffer(8000, 1, 10);
        audio.Channel(0)[5] = float.NaN;
        Assert.Throws<ArgumentException>(() => WavFile.Write(dir.File("nan.wav"), audio));
        Assert.Throws<ArgumentException>(() => NpyFile.Write(dir.File("bad.npy"), new float[5], [2, 3]));
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void Successful_writes_replace_existing_files_and_leave_nothing_else()
    {
        using var dir = new TestFiles.TempDirectory();
        string wav = dir.File("a.wav");
        string npy = dir.File("a.npy");
        File.WriteAllText(wav, "old");
        File.WriteAllText(npy, "old");
        WavFile.Write(wav, AudioBuffer.FromMono([0.5f, -0.5f], 8000));
        NpyFile.Write(npy, new float[] { 1, 2 }, [2]);
        Assert.Equal(2, WavFile.Read(wav).FrameCount);
        Assert.Equal(2, NpyFile.Read(npy).Length);
        Assert.Equal(["a.npy", "a.wav"], dir.Entries().Order());
    }

    [Fact]
    public void Missing_directory_and_directory_paths_are_rejected_clearly()
    {
        using var dir = new TestFiles.TempDirectory();
        var audio = new AudioBuffer(8000, 1, 1);
        Assert.Throws<DirectoryNotFoundException>(() => WavFile.Write(Path.Combine(dir.Path, "no", "such", "x.wav"), audio));
        var ex = Assert.Throws<ArgumentException>(() => WavFile.Write(dir.Path, audio));
        Assert.Equal("path", ex.ParamName);
        Assert.Throws<ArgumentException>(() => NpyFile.Write(dir.Path + Path.DirectorySeparatorChar, new float[1], [1]));
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void A_cancelled_token_writes_nothing_and_keeps_the_destination()
    {
        using var dir = new TestFiles.TempDirectory();
        string wav = dir.File("keep.wav"), npy = dir.File("keep.npy");
        File.WriteAllText(wav, "old wav");
        File.WriteAllText(npy, "old npy");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var audio = new AudioBuffer(8000, 2, 100_000);
        Assert.ThrowsAny<OperationCanceledException>(() => WavFile.Write(wav, audio, cancellationToken: cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => WavFile.Write(dir.File("new.wav"), audio, cancellationToken: cancelled.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => NpyFile.Write(npy, new float[10], [10], cancelled.Token));
        Assert.Equal("old wav", File.ReadAllText(wav));
        Assert.Equal("old npy", File.ReadAllText(npy));
        Assert.Equal(["keep.npy", "keep.wav"], dir.Entries().Order());
    }

    [Fact]
    public void Cancelling_mid_write_deletes_the_temporary_file()
    {
        using var dir = new TestFiles.TempDirectory();
        string path = dir.File("out.wav");
        using var source = new CancellationTokenSource();
        string? temporary = null;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            using var file = AtomicFile.Create(path, "path", source.Token);
            temporary = file.TemporaryPath;
            file.Stream.Write(new byte[100_000]);
            file.Stream.Flush();
            Assert.Equal(100_000, new FileInfo(temporary).Length);
            source.Cancel();                       // Ctrl+C arrives while the content is being written
            file.Stream.Write(new byte[100_000]);  // the next block notices
            file.Commit();
        });
        Assert.False(File.Exists(temporary));
        Assert.Empty(dir.Entries());

        // Cancelled after the last write but before the move: still nothing.
        using var late = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            using var file = AtomicFile.Create(path, "path", late.Token);
            file.Stream.Write(new byte[10]);
            late.Cancel();
            file.Commit();
        });
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void A_write_error_names_the_callers_path_not_the_temporary_file()
    {
        // A 300-character file name is too long for Linux and macOS file systems (255): the temporary file is created
        // (its name is shortened) and the final move fails; the message must name what the caller asked for.
        using var dir = new TestFiles.TempDirectory();
        string path = dir.File(new string('a', 296) + ".wav");
        Exception e = Assert.ThrowsAny<IOException>(() => WavFile.Write(path, AudioBuffer.FromMono([0.1f, 0.2f], 8000)));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", e.Message, StringComparison.Ordinal);
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void A_long_but_valid_file_name_can_be_written()
    {
        using var dir = new TestFiles.TempDirectory();
        string path = dir.File(new string('b', 250) + ".wav");
        WavFile.Write(path, AudioBuffer.FromMono([0.25f], 8000));
        Assert.Equal(0.25f, WavFile.Read(path).Channel(0)[0]);
        Assert.Single(dir.Entries());
    }

    [Fact]
    public void A_symbolic_link_is_written_through_and_stays_a_link()
    {
        using var dir = new TestFiles.TempDirectory();
        Directory.CreateDirectory(dir.File("real"));
        string target = Path.Combine(dir.File("real"), "take.wav");
        WavFile.Write(target, AudioBuffer.FromMono([0.5f], 8000));
        string link = dir.File("link.wav");
        File.CreateSymbolicLink(link, Path.Combine("real", "take.wav"));
        WavFile.Write(link, AudioBuffer.FromMono([-0.25f, 0.75f], 8000));
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal([-0.25f, 0.75f], WavFile.Read(target).Channel(0).ToArray());
        Assert.Equal(["link.wav", "real"], dir.Entries().Order());
        Assert.Equal(["take.wav"], Directory.GetFileSystemEntries(dir.File("real")).Select(Path.GetFileName));
    }

    [Fact]
    public void An_existing_destination_keeps_its_permissions()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permission bits only
        }

        using var dir = new TestFiles.TempDirectory();
        string path = dir.File("private.wav");
        File.WriteAllText(path, "old");
        const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(path, Mode);
        WavFile.Write(path, AudioBuffer.FromMono([0.5f], 8000));
        Assert.Equal(Mode, File.GetUnixFileMode(path));
        NpyFile.Write(path, new float[] { 1 }, [1]);
        Assert.Equal(Mode, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Stream_writes_propagate_stream_failures()
    {
        // Stream overloads cannot be atomic; they surface the stream's own exception.
        var audio = new AudioBuffer(8000, 2, 10000);
        Assert.Throws<IOException>(() => WavFile.Write(new FailingStream(100), audio));
        Assert.Throws<IOException>(() => NpyFile.Write(new FailingStream(100), new float[1000], [1000]));
    }
}

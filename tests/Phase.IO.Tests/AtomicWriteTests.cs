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
    public void Stream_writes_propagate_stream_failures()
    {
        // Stream overloads cannot be atomic; they surface the stream's own exception.
        var audio = new AudioBuffer(8000, 2, 10000);
        Assert.Throws<IOException>(() => WavFile.Write(new FailingStream(100), audio));
        Assert.Throws<IOException>(() => NpyFile.Write(new FailingStream(100), new float[1000], [1000]));
    }
}

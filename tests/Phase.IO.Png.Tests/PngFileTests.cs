using System.Diagnostics;
using System.Security.Cryptography;
using Phase.IO.Png;
using Phase.Testing;

namespace Phase.Tests.Png;

public class PngFileTests
{
    /// <summary>Pixels that exercise every filter: smooth gradients (Sub/Up/Average/Paeth win) and seeded noise (None wins).</summary>
    private static byte[] TestImage(int width, int height, int channels, int seed)
    {
        var rng = new Random(seed);
        var p = new byte[width * height * channels];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    int v = (y % 16) < 8 ? (x * (c + 1) + y * 3) : rng.Next(256);
                    p[(y * width + x) * channels + c] = (byte)v;
                }
            }
        }

        return p;
    }

    [Theory]
    [InlineData(PngColorType.Rgb, 3, 1, 1)]
    [InlineData(PngColorType.Rgb, 3, 257, 65)]
    [InlineData(PngColorType.Grayscale, 1, 31, 7)]
    [InlineData(PngColorType.Rgba, 4, 64, 40)]
    [InlineData(PngColorType.Rgb, 3, 600, 400)] // compressed data spans several IDAT chunks
    public void Written_images_decode_to_the_same_size_and_pixels(PngColorType type, int channels, int width, int height)
    {
        byte[] pixels = TestImage(width, height, channels, seed: width + height);
        using var stream = new MemoryStream();
        PngFile.Write(stream, pixels, width, height, type);
        PngDecoder.Image image = PngDecoder.Decode(stream.ToArray());
        Assert.Equal(width, image.Width);
        Assert.Equal(height, image.Height);
        Assert.Equal((int)type, image.ColorType);
        Assert.Equal(pixels, image.Pixels);
        Assert.Equal("IHDR", image.Chunks[0]);
        Assert.Equal("IEND", image.Chunks[^1]);
        Assert.All(image.Chunks.Skip(1).SkipLast(1), c => Assert.Equal("IDAT", c));
    }

    [Fact]
    public void Python_zlib_decodes_the_file_to_the_same_pixels()
    {
        // An oracle outside .NET: a PNG reader written with Python's zlib and struct only (scripts/reference/png_check.py).
        using var dir = new TempDirectory();
        const int width = 123, height = 45;
        byte[] pixels = TestImage(width, height, 3, seed: 9);
        string path = dir.File("image.png");
        PngFile.Write(path, pixels, width, height);
        string script = Path.Combine(Fixtures.RepositoryRoot, "scripts", "reference", "png_check.py");
        var start = new ProcessStartInfo("python3", [script, path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        Assert.Equal($"{width} {height} 2 {Convert.ToHexStringLower(SHA256.HashData(pixels))}", output.Trim());
    }

    [Fact]
    public void Same_pixels_give_the_same_bytes()
    {
        byte[] pixels = TestImage(50, 20, 3, seed: 1);
        using var a = new MemoryStream();
        using var b = new MemoryStream();
        PngFile.Write(a, pixels, 50, 20);
        PngFile.Write(b, pixels, 50, 20);
        Assert.Equal(a.ToArray(), b.ToArray());
    }

    [Fact]
    public void Smooth_images_compress_well()
    {
        const int width = 400, height = 300;
        var pixels = new byte[width * height * 3];
        for (int i = 0; i < pixels.Length; i++)
        {
            int x = i / 3 % width, y = i / 3 / width;
            pixels[i] = (byte)((x + 2 * y) / 4);
        }

        using var stream = new MemoryStream();
        PngFile.Write(stream, pixels, width, height);
        Assert.True(stream.Length < pixels.Length / 50, $"{stream.Length} bytes for {pixels.Length} pixel bytes");
    }

    [Fact]
    public void File_writes_are_atomic_and_leave_no_temporary()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.png");
        File.WriteAllText(path, "old");
        Assert.Throws<ArgumentException>(() => PngFile.Write(path, new byte[5], 2, 2));
        Assert.Equal("old", File.ReadAllText(path));
        PngFile.Write(path, new byte[12], 2, 2);
        Assert.Equal(2, PngDecoder.Read(path).Width);
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Bad_dimensions_and_pixel_counts_are_rejected()
    {
        using var s = new MemoryStream();
        Assert.Equal("width", Assert.Throws<ArgumentOutOfRangeException>(() => PngFile.Write(s, [], 0, 1)).ParamName);
        Assert.Equal("height", Assert.Throws<ArgumentOutOfRangeException>(() => PngFile.Write(s, [], 1, PngFile.MaxDimension + 1)).ParamName);
        var e = Assert.Throws<ArgumentException>(() => PngFile.Write(s, new byte[11], 2, 2, PngColorType.Rgb));
        Assert.Equal("pixels", e.ParamName);
        Assert.Contains("needs 12", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => PngFile.Write(s, new byte[4], 2, 2, (PngColorType)3));
        Assert.Throws<ArgumentNullException>(() => PngFile.Write((Stream)null!, new byte[4], 2, 2, PngColorType.Grayscale));
        Assert.Equal(0, s.Length);
    }

    private sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "phase-png-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

using Phase.IO;
using Phase.Testing;

namespace Phase.Tests;

public class PlotCommandTests
{
    private static PngDecoder.Image Plot(TempDirectory dir, string name, params string[] args)
    {
        string path = dir.File(name);
        var r = CliRunner.Run(["plot", .. args, "-o", path]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("wrote " + path, r.Out, StringComparison.Ordinal);
        return PngDecoder.Read(path); // the independent decoder checks signature, CRCs, zlib and filters
    }

    [Fact]
    public void Plot_writes_an_rgb_png_whose_size_follows_the_plot_area()
    {
        using var dir = new TempDirectory();
        string clip = Fixtures.SpeechClips()[0];
        var small = Plot(dir, "a.png", clip, "--width", "200", "--height", "100");
        var wide = Plot(dir, "b.png", clip, "--width", "300", "--height", "100");
        var tall = Plot(dir, "c.png", clip, "--width", "200", "--height", "150");
        Assert.Equal(2, small.ColorType);
        Assert.Equal(small.Width * small.Height * 3, small.Pixels.Length);
        // The left and right margins depend on the frequency and colour-bar labels (set by the height), the top and
        // bottom ones on the font only: a wider plot area widens the picture by exactly as much, a taller one heightens it.
        Assert.Equal(100, wide.Width - small.Width);
        Assert.Equal(small.Height, wide.Height);
        Assert.Equal(50, tall.Height - small.Height);
        Assert.True(small.Width > 200 && small.Height > 100);
    }

    [Fact]
    public void Compare_of_a_file_with_itself_gives_identical_panels_and_a_neutral_difference()
    {
        using var dir = new TempDirectory();
        string clip = Fixtures.SpeechClips()[0];
        var single = Plot(dir, "one.png", clip, "--width", "160", "--height", "80", "--title", "x");
        var triple = Plot(dir, "three.png", clip, "--compare", clip, "--width", "160", "--height", "80", "--title", "x", "--compare-title", "x");
        const int gap = 12;
        Assert.Equal(3 * single.Width + 2 * gap, triple.Width);
        Assert.Equal(single.Height, triple.Height);
        for (int y = 0; y < single.Height; y++)
        {
            var row = triple.Pixels.AsSpan(y * triple.Width * 3, triple.Width * 3);
            var first = single.Pixels.AsSpan(y * single.Width * 3, single.Width * 3);
            Assert.True(first.SequenceEqual(row[..(single.Width * 3)]), $"row {y} of the first panel differs from the single plot");
            Assert.True(first.SequenceEqual(row.Slice((single.Width + gap) * 3, single.Width * 3)), $"row {y} of the second panel differs");
        }

        // The difference panel's plot area is the colour map's midpoint (#F7F7F7) everywhere: count it in the third panel.
        int neutral = 0;
        for (int y = 0; y < triple.Height; y++)
        {
            for (int x = 2 * (single.Width + gap); x < triple.Width; x++)
            {
                int i = (y * triple.Width + x) * 3;
                if (triple.Pixels[i] == 0xF7 && triple.Pixels[i + 1] == 0xF7 && triple.Pixels[i + 2] == 0xF7)
                {
                    neutral++;
                }
            }
        }

        Assert.True(neutral >= 160 * 80, $"only {neutral} neutral pixels in the difference panel");
    }

    [Fact]
    public void Plot_of_npy_magnitudes_in_either_orientation_matches_the_plot_of_the_wav()
    {
        using var dir = new TempDirectory();
        string clip = Fixtures.SpeechClips()[1];
        Assert.Equal(0, CliRunner.Run("spec", clip, "-o", dir.File("fk.npy")).ExitCode);
        Assert.Equal(0, CliRunner.Run("spec", clip, "-o", dir.File("kf.npy"), "--layout", "bins-frames").ExitCode);
        var fromWav = Plot(dir, "w.png", clip, "--title", "t", "--width", "120", "--height", "60");
        var fromFk = Plot(dir, "f.png", dir.File("fk.npy"), "--title", "t", "--width", "120", "--height", "60");
        var fromKf = Plot(dir, "k.png", dir.File("kf.npy"), "--title", "t", "--width", "120", "--height", "60");
        Assert.Equal(fromWav.Pixels, fromFk.Pixels);
        Assert.Equal(fromWav.Pixels, fromKf.Pixels);
    }

    [Fact]
    public void A_sine_is_brightest_in_the_row_of_its_frequency()
    {
        using var dir = new TempDirectory();
        // 2756.25 Hz = a quarter of the 11025 Hz Nyquist frequency: a quarter of the way up the frequency axis.
        WavFile.Write(dir.File("sine.wav"), Signals.Sine(22050, 2756.25, 22050, 0.5), 22050);
        var image = Plot(dir, "s.png", dir.File("sine.wav"), "--width", "100", "--height", "201");
        // The plot area is the tallest run of viridis' brightest colour (#FDE725) in one column: find its row.
        var rows = new List<int>();
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                int i = (y * image.Width + x) * 3;
                if (image.Pixels[i] == 0xFD && image.Pixels[i + 1] == 0xE7 && image.Pixels[i + 2] == 0x25)
                {
                    rows.Add(y);
                }
            }
        }

        Assert.NotEmpty(rows);
        // The colour bar's top row is brightest too; the plot area's brightest rows sit 3/4 of the way down from it.
        int barTop = rows.Min();
        int sineRow = rows.Where(y => y > barTop + 20).GroupBy(y => y).OrderByDescending(g => g.Count()).First().Key;
        Assert.InRange(sineRow - barTop, 150 - 2, 150 + 2);
    }

    [Theory]
    [InlineData("--width", "0", "--width 0 is out of range")]
    [InlineData("--height", "100000", "--height 100000 is out of range")]
    [InlineData("--range-db", "-3", "--range-db -3 must be a positive")]
    [InlineData("--max-frequency", "0", "--max-frequency 0 must be a positive")]
    [InlineData("--font-scale", "9", "--font-scale 9 is out of range")]
    public void Out_of_range_options_are_usage_errors_naming_the_option(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        var r = CliRunner.Run("plot", Fixtures.SpeechClips()[0], "-o", dir.File("p.png"), option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("p.png")));
    }

    [Fact]
    public void Bad_inputs_and_outputs_are_usage_errors_with_clear_messages()
    {
        using var dir = new TempDirectory();
        string clip = Fixtures.SpeechClips()[0];

        var missingOutput = CliRunner.Run("plot", clip);
        Assert.Equal(2, missingOutput.ExitCode);
        Assert.Contains("--output", missingOutput.Err, StringComparison.Ordinal);

        var notPng = CliRunner.Run("plot", clip, "-o", dir.File("p.jpg"));
        Assert.Equal(2, notPng.ExitCode);
        Assert.Contains("must be a .png file", notPng.Err, StringComparison.Ordinal);

        var missing = CliRunner.Run("plot", dir.File("nope.wav"), "-o", dir.File("p.png"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Err, StringComparison.Ordinal);

        WavFile.Write(dir.File("16k.wav"), Signals.Noise(16000, 3), 16000);
        var rates = CliRunner.Run("plot", clip, "--compare", dir.File("16k.wav"), "-o", dir.File("p.png"));
        Assert.Equal(2, rates.ExitCode);
        Assert.Contains("sample rates differ", rates.Err, StringComparison.Ordinal);

        NpyFile.Write(dir.File("odd.npy"), new float[80 * 50], [80, 50]);
        var wrongBins = CliRunner.Run("plot", dir.File("odd.npy"), "-o", dir.File("p.png"));
        Assert.Equal(2, wrongBins.ExitCode);
        Assert.Contains("513 bins", wrongBins.Err, StringComparison.Ordinal);

        Assert.False(File.Exists(dir.File("p.png")));
        Assert.DoesNotContain("   at ", missing.Err + rates.Err + wrongBins.Err, StringComparison.Ordinal);
    }
    [Fact]
    public void Plot_over_an_existing_picture_keeps_its_permissions_and_leaves_no_temporary_file()
    {
        using var dir = new TempDirectory();
        string output = dir.File("p.png");
        File.WriteAllText(output, "old");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }

        var image = Plot(dir, "p.png", Fixtures.SpeechClips()[0], "--width", "120", "--height", "60");
        Assert.True(image.Width > 120);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(output));
        }

        Assert.Equal(["p.png"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_cancelled_plot_writes_nothing()
    {
        using var dir = new TempDirectory();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        int code = Cli.Cli.Invoke(["plot", Fixtures.SpeechClips()[0], "-o", dir.File("p.png")],
            new Cli.CliContext(new StringWriter(), new StringWriter(), interactiveError: false, cancel.Token));
        Assert.Equal(130, code);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}

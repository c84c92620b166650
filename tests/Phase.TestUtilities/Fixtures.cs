namespace Phase.Testing;

/// <summary>Locates committed fixtures (tests/fixtures, the CLI's demo clip) from the test's output directory.</summary>
public static class Fixtures
{
    /// <summary>The repository root: the first ancestor of the test binary's directory that holds Phase.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Path of a file under tests/fixtures.</summary>
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([RepositoryRoot, "tests", "fixtures", .. parts]);

    /// <summary>The speech clips under tests/fixtures/speech (22050 Hz mono 16-bit).</summary>
    public static IReadOnlyList<string> SpeechClips() =>
        Directory.GetFiles(Path("speech"), "*.wav").OrderBy(p => p, StringComparer.Ordinal).ToArray();

    /// <summary>The demo clip embedded in the CLI.</summary>
    public static string DemoClip => System.IO.Path.Combine(RepositoryRoot, "src", "Phase.Cli", "Resources", "demo.wav");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Phase.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Phase.sln not found above {AppContext.BaseDirectory}.");
    }
}

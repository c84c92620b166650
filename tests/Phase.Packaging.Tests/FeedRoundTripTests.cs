using System.Globalization;
using System.Security;
using System.Text.RegularExpressions;

namespace Phase.Packaging.Tests;

/// <summary>
/// Consumes the folder feed the way a user does: a console app generated in a temporary directory (outside the
/// repository, so none of its build files apply) whose nuget.config lists the feed and the repository's package sources,
/// with package source mapping so that Phase* can only come from the feed; and the phase tool installed from the feed.
/// </summary>
[Collection(PackageFeedCollection.Name)]
public sealed partial class FeedRoundTripTests(PackageFeed feed)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private const string ConsumerProgram = """
        using Phase;
        using Phase.IO;
        using Phase.Metrics;
        using Phase.Stft;

        // A seeded two-tone chirp, its STFT magnitudes, and fast Griffin-Lim from a package reference.
        const int sampleRate = 16000;
        var signal = new float[sampleRate];
        for (int i = 0; i < signal.Length; i++)
        {
            double t = i / (double)sampleRate;
            signal[i] = (float)(0.4 * Math.Sin(2 * Math.PI * (200 * t + 300 * t * t)) + 0.2 * Math.Sin(2 * Math.PI * 1500 * t));
        }

        var settings = new StftSettings(windowLength: 512, hop: 128, sampleRate: sampleRate);
        using var stft = new StftPlan(settings);
        MagnitudeSpectrogram magnitudes = stft.ForwardMagnitude(signal);
        IPhaseReconstructor method = PhaseReconstructors.Create("fgla", settings);
        PhaseReconstruction result = method.Reconstruct(magnitudes, new ReconstructionOptions { SignalLength = signal.Length, Seed = 7 });
        double sc = QualityMetrics.SpectralConvergenceDb(stft.ForwardMagnitude(result.Signal), magnitudes);
        WavFile.Write(Path.Combine(AppContext.BaseDirectory, "out.wav"), result.Signal, sampleRate);
        Console.WriteLine($"methods: {string.Join(",", PhaseReconstructors.Available.Select(m => m.Name))}");
        Console.WriteLine(FormattableString.Invariant($"spectral convergence: {sc:0.00} dB"));
        """;

    [GeneratedRegex(@"^spectral convergence: (-?\d+\.\d\d) dB$", RegexOptions.Multiline)]
    private static partial Regex ScLine();

    private string WriteNugetConfig(string directory)
    {
        var sources = new List<(string Key, string Value)> { ("phase-test-feed", feed.Feed) };
        sources.AddRange(feed.RepositorySources());
        // The machine's package cache is a valid folder feed: the third-party dependencies come from it without a
        // download when the mirror already delivered them (a fresh NUGET_PACKAGES folder would otherwise refetch them).
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } env
            ? env
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (Directory.Exists(cache))
        {
            sources.Add(("machine-cache", cache));
        }

        string Escape(string s) => SecurityElement.Escape(s);
        string adds = string.Concat(sources.Select(s => $"\n    <add key=\"{Escape(s.Key)}\" value=\"{Escape(s.Value)}\" />"));
        string others = string.Concat(sources.Skip(1).Select(s => $"\n    <packageSource key=\"{Escape(s.Key)}\"><package pattern=\"*\" /></packageSource>"));
        string path = Path.Combine(directory, "nuget.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />{adds}
              </packageSources>
              <!-- Phase and Phase.* only from the test feed: a package of the same name elsewhere cannot stand in. -->
              <packageSourceMapping>
                <packageSource key="phase-test-feed"><package pattern="Phase" /><package pattern="Phase.*" /></packageSource>{others}
              </packageSourceMapping>
            </configuration>
            """);
        return path;
    }

    [Fact]
    public void A_fresh_console_app_restores_the_packages_by_version_builds_and_reconstructs()
    {
        Assert.True(feed.PackResult.ExitCode == 0, feed.PackResult.ToString());
        string app = Path.Combine(feed.WorkDirectory, "consumer");
        Directory.CreateDirectory(app);
        WriteNugetConfig(app);
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Phase" Version="{feed.Version}" />
                <PackageReference Include="Phase.IO" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), ConsumerProgram);

        var build = ProcessRunner.Dotnet(["build", "-c", "Release", "-nologo", "-v", "q", "-nr:false", "-p:UseSharedCompilation=false"], app, feed.Environment, Limit);
        Assert.True(build.ExitCode == 0, build.ToString());

        // The packages came from the feed into the isolated packages folder, byte for byte.
        foreach (string id in new[] { "Phase", "Phase.IO", "Phase.Abstractions", "Phase.Stft", "Phase.Iterative" })
        {
            string restored = Path.Combine(feed.PackagesFolder, id.ToLowerInvariant(), feed.Version, $"{id.ToLowerInvariant()}.{feed.Version}.nupkg");
            Assert.True(File.Exists(restored), $"{id} {feed.Version} was not restored into {feed.PackagesFolder}");
            Assert.Equal(File.ReadAllBytes(feed.PackagePath(id)), File.ReadAllBytes(restored));
        }

        string dll = Path.Combine(app, "bin", "Release", "net10.0", "Consumer.dll");
        var run = ProcessRunner.Dotnet([dll], app, feed.Environment, Limit);
        Assert.True(run.ExitCode == 0, run.ToString());
        Match sc = ScLine().Match(run.Output);
        Assert.True(sc.Success, run.Output);
        double db = double.Parse(sc.Groups[1].Value, CultureInfo.InvariantCulture);
        // FGLA's default 100 iterations reach about -25 dB on this signal; random phase alone is about -5 dB.
        Assert.InRange(db, -80, -15);
        Assert.Contains("fgla", run.Output, StringComparison.Ordinal);
        Assert.True(new FileInfo(Path.Combine(app, "bin", "Release", "net10.0", "out.wav")).Length > 2 * 16000);
    }

    [Fact]
    public void The_phase_tool_installs_from_the_feed_and_runs()
    {
        Assert.True(feed.PackResult.ExitCode == 0, feed.PackResult.ToString());
        string home = Path.Combine(feed.WorkDirectory, "tool-install");
        Directory.CreateDirectory(home);
        string config = WriteNugetConfig(home);
        string tools = Path.Combine(feed.WorkDirectory, "tools");
        var install = ProcessRunner.Dotnet(["tool", "install", "Phase.Cli", "--version", feed.Version, "--tool-path", tools, "--configfile", config],
            home, feed.Environment, Limit);
        Assert.True(install.ExitCode == 0, install.ToString());

        string phase = Path.Combine(tools, OperatingSystem.IsWindows() ? "phase.exe" : "phase");
        Assert.True(File.Exists(phase), $"no {phase} after install:\n{install.Output}");
        var help = ProcessRunner.Run(phase, ["--help"], home, feed.Environment, Limit);
        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (string command in new[] { "invert", "spec", "eval", "plot", "demo", "methods" })
        {
            Assert.Contains(command, help.Output, StringComparison.Ordinal);
        }

        // The installed tool lists the same methods the registry of the packed assemblies holds.
        var methods = ProcessRunner.Run(phase, ["methods"], home, feed.Environment, Limit);
        Assert.True(methods.ExitCode == 0, methods.ToString());
        foreach (ReconstructorDescriptor method in PhaseReconstructors.Available)
        {
            Assert.Contains(method.Name, methods.Output, StringComparison.Ordinal);
        }

        var bad = ProcessRunner.Run(phase, ["invert"], home, feed.Environment, Limit);
        Assert.Equal(2, bad.ExitCode);

        // On linux-x64 the installed command is the Native AOT executable (no JIT: the speed it prints says so), and it
        // reconstructs a real recording to a file of the input's length.
        string input = Path.Combine(feed.Root, "tests", "fixtures", "speech", "espeak-en-gb-m3.wav");
        string output = Path.Combine(home, "out.wav");
        var invert = ProcessRunner.Run(phase, ["invert", input, "-m", "pghi", "-o", output], home, feed.Environment, Limit);
        Assert.True(invert.ExitCode == 0, invert.ToString());
        Assert.Equal(Phase.IO.WavFile.Read(input).FrameCount, Phase.IO.WavFile.Read(output).FrameCount);
        if (PackageFeed.PacksNativeTool)
        {
            Assert.Contains("a native build: no JIT compilation", invert.Output, StringComparison.Ordinal);
            string target = new FileInfo(phase).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? phase;
            Assert.Contains("phase.cli.linux-x64", target, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_framework_dependent_tool_package_runs_with_dotnet()
    {
        // What `dotnet tool install` gives on every runtime without a native package: Phase.Cli.any, run by `dotnet`.
        Assert.True(feed.PackResult.ExitCode == 0, feed.PackResult.ToString());
        string dir = Path.Combine(feed.WorkDirectory, "tool-any");
        System.IO.Compression.ZipFile.ExtractToDirectory(feed.PackagePath("Phase.Cli.any"), dir);
        string dll = Path.Combine(dir, "tools", "net10.0", "any", "Phase.Cli.dll");
        var methods = ProcessRunner.Dotnet([dll, "methods"], dir, feed.Environment, Limit);
        Assert.True(methods.ExitCode == 0, methods.ToString());
        foreach (ReconstructorDescriptor method in PhaseReconstructors.Available)
        {
            Assert.Contains(method.Name, methods.Output, StringComparison.Ordinal);
        }

        string input = Path.Combine(feed.Root, "tests", "fixtures", "speech", "espeak-en-gb-m3.wav");
        var invert = ProcessRunner.Dotnet([dll, "invert", input, "-m", "spsi", "-o", Path.Combine(dir, "out.wav")], dir, feed.Environment, Limit);
        Assert.True(invert.ExitCode == 0, invert.ToString());
        Assert.Contains("it includes one-time JIT compilation", invert.Output, StringComparison.Ordinal);
    }
}

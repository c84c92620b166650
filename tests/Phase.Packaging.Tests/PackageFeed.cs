using System.IO.Compression;
using System.Xml.Linq;
using Phase.Testing;

namespace Phase.Packaging.Tests;

/// <summary>
/// Packs once per test run into a temporary folder feed what scripts/pack.sh packs (<c>dotnet pack Phase.sln --no-build</c>,
/// then the tool's <c>-r any</c> and, on linux-x64, its Native AOT <c>-r linux-x64</c> package, with
/// <c>ContinuousIntegrationBuild=true</c>, as CI does) and exposes what the tests need to read it. The temporary
/// directory also holds an isolated NuGet packages folder (<c>NUGET_PACKAGES</c>) so that restoring the test packages
/// never puts their version into the machine's global cache.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    public PackageFeed()
    {
        Root = Fixtures.RepositoryRoot;
        Configuration = FindConfiguration();
        Version = XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("Version").Single().Value;
        WorkDirectory = Path.Combine(Path.GetTempPath(), "phase-packaging-" + Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(WorkDirectory, "feed");
        PackagesFolder = Path.Combine(WorkDirectory, "nuget-packages");
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(PackagesFolder);
        PackResult = Pack(Feed);
        Projects = Directory.GetDirectories(Path.Combine(Root, "src"))
            .Where(d => File.Exists(Path.Combine(d, Path.GetFileName(d) + ".csproj")))
            .Select(d => Path.GetFileName(d))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>The repository root.</summary>
    public string Root { get; }

    /// <summary>Release or Debug: the configuration these tests (and so the solution) were built in.</summary>
    public string Configuration { get; }

    /// <summary>The package version, from the one place it is set (Directory.Build.props).</summary>
    public string Version { get; }

    public string WorkDirectory { get; }

    /// <summary>The folder feed the packages were packed into.</summary>
    public string Feed { get; }

    /// <summary>NUGET_PACKAGES for every restore the tests run.</summary>
    public string PackagesFolder { get; }

    public ProcessRunner.Result PackResult { get; }

    /// <summary>The src/ projects (folder name = project name = package id).</summary>
    public IReadOnlyList<string> Projects { get; }

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = PackagesFolder,
        ["DOTNET_CLI_HOME"] = Path.Combine(WorkDirectory, "cli-home"),
    };

    /// <summary>Whether this machine packs the tool's Native AOT package (<c>Phase.Cli.linux-x64</c>): Native AOT
    /// cannot cross-compile between operating systems, so scripts/pack.sh makes it on linux-x64 only.</summary>
    public static bool PacksNativeTool => OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64;

    /// <summary>Packs what scripts/pack.sh packs into <paramref name="output"/>: the solution (libraries and the tool's
    /// pointer package), <c>Phase.Cli.any</c>, and, with <paramref name="native"/> on linux-x64, <c>Phase.Cli.linux-x64</c>
    /// (a Native AOT compile: about a minute). Stops at the first failure.</summary>
    public ProcessRunner.Result Pack(string output, bool native = true)
    {
        string[] common = ["-c", Configuration, "-o", output, "-nologo", "-v", "q", "-p:ContinuousIntegrationBuild=true", "-nr:false"];
        string cli = Path.Combine(Root, "src", "Phase.Cli");
        var result = ProcessRunner.Dotnet(["pack", Path.Combine(Root, "Phase.sln"), "--no-build", .. common], Root, new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
        if (result.ExitCode == 0)
        {
            result = ProcessRunner.Dotnet(["pack", cli, "-r", "any", .. common], Root, new Dictionary<string, string>(), TimeSpan.FromMinutes(5));
        }

        if (result.ExitCode == 0 && native && PacksNativeTool)
        {
            if (!HasCCompiler())
            {
                return new ProcessRunner.Result(1, "The tool's Native AOT package (Phase.Cli.linux-x64) needs a C toolchain to link: install clang or gcc (README, Quick start).");
            }

            // As scripts/pack.sh: a Native AOT publish must not reuse what another publish for this RID left in obj/.
            string obj = Path.Combine(cli, "obj", Configuration, "net10.0", "linux-x64");
            if (Directory.Exists(obj))
            {
                Directory.Delete(obj, recursive: true);
            }

            result = ProcessRunner.Dotnet(["pack", cli, "-r", "linux-x64", .. common], Root, new Dictionary<string, string>(), TimeSpan.FromMinutes(10));
        }

        return result;
    }

    /// <summary>Whether clang or gcc is on the PATH (Native AOT links with one of them).</summary>
    private static bool HasCCompiler() =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => File.Exists(Path.Combine(dir, "clang")) || File.Exists(Path.Combine(dir, "gcc")));

    public string PackagePath(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    /// <summary>The .nuspec inside a package.</summary>
    public static XElement ReadNuspec(string packagePath)
    {
        using ZipArchive zip = ZipFile.OpenRead(packagePath);
        ZipArchiveEntry entry = zip.Entries.Single(e => !e.FullName.Contains('/', StringComparison.Ordinal) && e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using Stream s = entry.Open();
        return XDocument.Load(s).Root!;
    }

    /// <summary>The source lines of the repository's nuget.config (the package mirror CI restores from).</summary>
    public IReadOnlyList<(string Key, string Value)> RepositorySources()
    {
        XElement sources = XDocument.Load(Path.Combine(Root, "nuget.config")).Root!.Element("packageSources")!;
        return sources.Elements("add").Select(e => ((string)e.Attribute("key")!, (string)e.Attribute("value")!)).ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A tool or build node still holding a file: the OS cleans the temporary folder.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string FindConfiguration()
    {
        // …/tests/Phase.Packaging.Tests/bin/<Configuration>/net10.0/
        var dir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return dir.Parent?.Name is "Release" or "Debug" ? dir.Parent.Name : "Release";
    }
}

[CollectionDefinition(Name)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "package feed";
}

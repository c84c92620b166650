using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Phase.Testing;

namespace Phase.Packaging.Tests;

/// <summary>What each package holds, checked against the project files it was packed from (the oracle: the csproj's
/// references and description, Directory.Packages.props' versions, the README next to the project).</summary>
[Collection(PackageFeedCollection.Name)]
public sealed class PackageContentsTests(PackageFeed feed)
{
    private const string Tool = "Phase.Cli";

    public static TheoryData<string> Libraries()
    {
        var data = new TheoryData<string>();
        foreach (string dir in Directory.GetDirectories(Path.Combine(Fixtures.RepositoryRoot, "src")).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(dir);
            if (name != Tool && File.Exists(Path.Combine(dir, name + ".csproj")))
            {
                data.Add(name);
            }
        }

        return data;
    }

    private static string Local(XElement e) => e.Name.LocalName;

    private static XElement Metadata(XElement nuspec) => nuspec.Elements().Single(e => Local(e) == "metadata");

    private static string? Value(XElement metadata, string name) => metadata.Elements().SingleOrDefault(e => Local(e) == name)?.Value;

    private static HashSet<string> Entries(string package)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        return zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
    }

    private static byte[] ReadEntry(string package, string name)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        using Stream s = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Full names of the public top-level types, read from the assembly's metadata (System.Reflection.Metadata).</summary>
    private static IEnumerable<string> PublicTypes(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        MetadataReader md = pe.GetMetadataReader();
        var names = new List<string>();
        foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
        {
            TypeDefinition type = md.GetTypeDefinition(handle);
            if ((type.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public)
            {
                string ns = md.GetString(type.Namespace), name = md.GetString(type.Name);
                names.Add((ns.Length > 0 ? ns + "." : "") + name); // generic arity stays: the doc id is "T:Ns.Name`1" too
            }
        }

        return names;
    }

    private XDocument Project(string id) => XDocument.Load(Path.Combine(feed.Root, "src", id, id + ".csproj"));

    [Fact]
    public void The_feed_holds_one_package_and_one_symbol_package_per_src_project_and_nothing_else()
    {
        Assert.True(feed.PackResult.ExitCode == 0, feed.PackResult.ToString());
        // The tool: a pointer package and one package per runtime (no symbol packages: the framework-dependent one
        // carries its .pdb files, the native one is stripped).
        string[] tool = PackageFeed.PacksNativeTool
            ? [$"{Tool}.{feed.Version}.nupkg", $"{Tool}.any.{feed.Version}.nupkg", $"{Tool}.linux-x64.{feed.Version}.nupkg"]
            : [$"{Tool}.{feed.Version}.nupkg", $"{Tool}.any.{feed.Version}.nupkg"];
        var expected = feed.Projects.Where(p => p != Tool)
            .SelectMany(p => new[] { $"{p}.{feed.Version}.nupkg", $"{p}.{feed.Version}.snupkg" })
            .Concat(tool)
            .Order(StringComparer.Ordinal);
        var actual = Directory.GetFiles(feed.Feed).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual); // tests, benchmarks and docs samples are not packable
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_package_has_its_assembly_xml_docs_and_own_readme(string id)
    {
        string package = feed.PackagePath(id);
        HashSet<string> entries = Entries(package);
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);
        Assert.Contains("README.md", entries);
        Assert.Equal(File.ReadAllBytes(Path.Combine(feed.Root, "src", id, "README.md")), ReadEntry(package, "README.md"));

        XDocument docs;
        using (var s = new MemoryStream(ReadEntry(package, $"lib/net10.0/{id}.xml")))
        {
            docs = XDocument.Load(s);
        }

        Assert.Equal(id, docs.Root!.Element("assembly")!.Element("name")!.Value);
        // Every public type of the packed assembly has its documentation in the packed XML file.
        var documented = docs.Root!.Element("members")!.Elements("member").Select(m => (string)m.Attribute("name")!).ToHashSet(StringComparer.Ordinal);
        foreach (string type in PublicTypes(ReadEntry(package, $"lib/net10.0/{id}.dll")))
        {
            Assert.Contains("T:" + type, documented);
        }
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_package_metadata_is_complete(string id)
    {
        XElement metadata = Metadata(PackageFeed.ReadNuspec(feed.PackagePath(id)));
        XDocument root = XDocument.Load(Path.Combine(feed.Root, "Directory.Build.props"));
        Assert.Equal(id, Value(metadata, "id"));
        Assert.Equal(feed.Version, Value(metadata, "version"));
        Assert.Equal(Project(id).Descendants("Description").Single().Value, Value(metadata, "description"));
        XElement license = metadata.Elements().Single(e => Local(e) == "license");
        Assert.Equal("expression", (string?)license.Attribute("type"));
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.Contains("phase-reconstruction", Value(metadata, "tags")!.Split(' '));
        XElement repository = metadata.Elements().Single(e => Local(e) == "repository");
        Assert.Equal(root.Descendants("RepositoryUrl").Single().Value, (string?)repository.Attribute("url"));
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.False(string.IsNullOrWhiteSpace(Value(metadata, "authors")));
        Assert.Equal(root.Descendants("PackageProjectUrl").Single().Value, Value(metadata, "projectUrl"));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Library_package_depends_on_exactly_what_its_project_references(string id)
    {
        XDocument project = Project(id);
        var centralVersions = XDocument.Load(Path.Combine(feed.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.Ordinal);
        var expected = project.Descendants("ProjectReference")
            .Select(r => (Id: Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!), Version: feed.Version))
            .Concat(project.Descendants("PackageReference")
                .Where(r => !string.Equals((string?)r.Attribute("PrivateAssets"), "all", StringComparison.OrdinalIgnoreCase))
                .Select(r => (Id: (string)r.Attribute("Include")!, Version: centralVersions[(string)r.Attribute("Include")!])))
            .Order()
            .ToArray();

        XElement metadata = Metadata(PackageFeed.ReadNuspec(feed.PackagePath(id)));
        XElement? dependencies = metadata.Elements().SingleOrDefault(e => Local(e) == "dependencies");
        XElement group = Assert.Single(dependencies?.Elements() ?? []);
        Assert.Equal("net10.0", (string?)group.Attribute("targetFramework"));
        var actual = group.Elements().Select(d => (Id: (string)d.Attribute("id")!, Version: (string)d.Attribute("version")!)).Order().ToArray();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Phase_Neural_depends_on_the_managed_onnx_runtime_only_and_no_package_carries_a_native_one()
    {
        // The application chooses the native ONNX Runtime (CPU or GPU); a library carrying one would make the CPU build
        // win over an application's GPU package (docs/onnxruntime.md).
        XElement neural = Metadata(PackageFeed.ReadNuspec(feed.PackagePath("Phase.Neural")));
        var ids = neural.Descendants().Where(e => Local(e) == "dependency").Select(d => (string)d.Attribute("id")!).ToArray();
        Assert.Contains("Microsoft.ML.OnnxRuntime.Managed", ids);
        foreach (string id in ((IEnumerable<object[]>)Libraries()).Select(row => (string)row[0]).Append(Tool))
        {
            XElement metadata = Metadata(PackageFeed.ReadNuspec(feed.PackagePath(id)));
            var deps = metadata.Descendants().Where(e => Local(e) == "dependency").Select(d => (string)d.Attribute("id")!);
            Assert.DoesNotContain(deps, d => d is "Microsoft.ML.OnnxRuntime" || d.StartsWith("Microsoft.ML.OnnxRuntime.Gpu", StringComparison.Ordinal));
            Assert.DoesNotContain(Entries(feed.PackagePath(id)), e => e.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase)
                && !e.EndsWith("Microsoft.ML.OnnxRuntime.dll", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Symbol_package_has_the_portable_pdb(string id)
    {
        HashSet<string> entries = Entries(feed.PackagePath(id, "snupkg"));
        Assert.Contains($"lib/net10.0/{id}.pdb", entries);
        Assert.DoesNotContain($"lib/net10.0/{id}.dll", entries);
    }

    [Fact]
    public void The_cli_packs_as_a_rid_specific_dotnet_tool_whose_command_is_phase()
    {
        // The pointer package: no code, only which package serves which runtime.
        string pointer = feed.PackagePath(Tool);
        XElement metadata = Metadata(PackageFeed.ReadNuspec(pointer));
        Assert.Equal("DotnetTool", PackageType(metadata));
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.Equal("MIT", Value(metadata, "license"));
        Assert.DoesNotContain(Entries(pointer), e => e.EndsWith(".dll", StringComparison.Ordinal));
        XDocument settings = ToolSettings(pointer, "tools/any/any/DotnetToolSettings.xml");
        Assert.Equal("phase", (string?)settings.Descendants("Command").Single().Attribute("Name"));
        var runtimes = settings.Descendants("RuntimeIdentifierPackage")
            .ToDictionary(e => (string)e.Attribute("RuntimeIdentifier")!, e => (string)e.Attribute("Id")!);
        Assert.Equal(new Dictionary<string, string> { ["any"] = $"{Tool}.any", ["linux-x64"] = $"{Tool}.linux-x64" }, runtimes);

        // Phase.Cli.any: the framework-dependent tool, run by `dotnet`, carrying its dependencies.
        string any = feed.PackagePath($"{Tool}.any");
        Assert.Equal("DotnetToolRidPackage", PackageType(Metadata(PackageFeed.ReadNuspec(any))));
        HashSet<string> entries = Entries(any);
        Assert.Contains("tools/net10.0/any/Phase.Cli.dll", entries);
        Assert.Contains("tools/net10.0/any/Phase.Cli.pdb", entries);
        foreach (string library in feed.Projects.Where(p => p != Tool))
        {
            Assert.Contains($"tools/net10.0/any/{library}.dll", entries); // a tool carries its dependencies
        }

        XElement command = ToolSettings(any, "tools/net10.0/any/DotnetToolSettings.xml").Descendants("Command").Single();
        Assert.Equal("phase", (string?)command.Attribute("Name"));
        Assert.Equal("Phase.Cli.dll", (string?)command.Attribute("EntryPoint"));
        Assert.Equal("dotnet", (string?)command.Attribute("Runner"));
    }

    [Fact]
    public void The_linux_x64_tool_package_is_one_native_executable()
    {
        string native = feed.PackagePath($"{Tool}.linux-x64");
        if (!PackageFeed.PacksNativeTool)
        {
            Assert.False(File.Exists(native), "Native AOT cannot cross-compile between operating systems; only linux-x64 packs it");
            return;
        }

        Assert.Equal("DotnetToolRidPackage", PackageType(Metadata(PackageFeed.ReadNuspec(native))));
        HashSet<string> entries = Entries(native);
        XElement command = ToolSettings(native, "tools/any/linux-x64/DotnetToolSettings.xml").Descendants("Command").Single();
        Assert.Equal("phase", (string?)command.Attribute("Name"));
        Assert.Equal("Phase.Cli", (string?)command.Attribute("EntryPoint"));
        Assert.Equal("executable", (string?)command.Attribute("Runner"));

        // An ELF executable, and no managed code, debug-symbol file or XML docs beside it.
        byte[] elf = ReadEntry(native, "tools/any/linux-x64/Phase.Cli");
        Assert.Equal("\u007fELF"u8.ToArray(), elf[..4]);
        Assert.DoesNotContain(entries.Where(e => e.StartsWith("tools/", StringComparison.Ordinal)), e => e.EndsWith(".dll", StringComparison.Ordinal)
            || e.EndsWith(".dbg", StringComparison.Ordinal) || (e.EndsWith(".xml", StringComparison.Ordinal) && !e.EndsWith("/DotnetToolSettings.xml", StringComparison.Ordinal)));
    }

    private static string? PackageType(XElement metadata) =>
        (string?)metadata.Elements().Single(e => Local(e) == "packageTypes").Elements().Single().Attribute("name");

    private static XDocument ToolSettings(string package, string entry)
    {
        using var s = new MemoryStream(ReadEntry(package, entry));
        return XDocument.Load(s);
    }

    [Fact]
    public void Ci_packs_are_byte_for_byte_reproducible()
    {
        string again = Path.Combine(feed.WorkDirectory, "feed-again");
        // Without the Native AOT package (a second native compile would add a minute): the libraries, the pointer
        // package and the framework-dependent tool.
        var result = feed.Pack(again, native: false);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Directory.GetFiles(feed.Feed).Length - (PackageFeed.PacksNativeTool ? 1 : 0), Directory.GetFiles(again).Length);
        foreach (string file in Directory.GetFiles(again))
        {
            byte[] second = File.ReadAllBytes(file), first = File.ReadAllBytes(Path.Combine(feed.Feed, Path.GetFileName(file)));
            Assert.True(first.AsSpan().SequenceEqual(second), $"{Path.GetFileName(file)} differs between two packs");
        }

        using ZipArchive zip = ZipFile.OpenRead(feed.PackagePath("Phase.Abstractions"));
        // The fixed timestamp (2000-01-01 UTC; zip times carry no zone), not the time of packing.
        Assert.All(zip.Entries, e => Assert.InRange(e.LastWriteTime.UtcDateTime, new DateTime(1999, 12, 30), new DateTime(2000, 1, 3)));
    }
}

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
        var expected = feed.Projects.SelectMany(p => new[] { $"{p}.{feed.Version}.nupkg", $"{p}.{feed.Version}.snupkg" }).Order(StringComparer.Ordinal);
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
    public void The_cli_packs_as_a_dotnet_tool_whose_command_is_phase()
    {
        string package = feed.PackagePath(Tool);
        XElement metadata = Metadata(PackageFeed.ReadNuspec(package));
        XElement types = metadata.Elements().Single(e => Local(e) == "packageTypes");
        Assert.Equal("DotnetTool", (string?)types.Elements().Single().Attribute("name"));
        Assert.Equal("README.md", Value(metadata, "readme"));
        Assert.Equal("MIT", Value(metadata, "license"));

        HashSet<string> entries = Entries(package);
        Assert.Contains("tools/net10.0/any/Phase.Cli.dll", entries);
        foreach (string library in feed.Projects.Where(p => p != Tool))
        {
            Assert.Contains($"tools/net10.0/any/{library}.dll", entries); // a tool carries its dependencies
        }

        XDocument settings;
        using (var s = new MemoryStream(ReadEntry(package, "tools/net10.0/any/DotnetToolSettings.xml")))
        {
            settings = XDocument.Load(s);
        }

        XElement command = settings.Descendants("Command").Single();
        Assert.Equal("phase", (string?)command.Attribute("Name"));
        Assert.Equal("Phase.Cli.dll", (string?)command.Attribute("EntryPoint"));
        Assert.Contains("tools/net10.0/any/Phase.Cli.pdb", Entries(feed.PackagePath(Tool, "snupkg")));
    }

    [Fact]
    public void Ci_packs_are_byte_for_byte_reproducible()
    {
        string again = Path.Combine(feed.WorkDirectory, "feed-again");
        var result = feed.Pack(again);
        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string file in Directory.GetFiles(feed.Feed))
        {
            byte[] first = File.ReadAllBytes(file), second = File.ReadAllBytes(Path.Combine(again, Path.GetFileName(file)));
            Assert.True(first.AsSpan().SequenceEqual(second), $"{Path.GetFileName(file)} differs between two packs");
        }

        using ZipArchive zip = ZipFile.OpenRead(feed.PackagePath("Phase.Abstractions"));
        // The fixed timestamp (2000-01-01 UTC; zip times carry no zone), not the time of packing.
        Assert.All(zip.Entries, e => Assert.InRange(e.LastWriteTime.UtcDateTime, new DateTime(1999, 12, 30), new DateTime(2000, 1, 3)));
    }
}

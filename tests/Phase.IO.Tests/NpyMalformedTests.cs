using System.Text;
using Phase.IO;
using static Phase.Tests.NpyBuilder;

namespace Phase.Tests;

/// <summary>Malformed .npy input gives InvalidDataException, valid-but-unsupported NotSupportedException, with a
/// message that names the problem — never an index error or a large allocation.</summary>
public class NpyMalformedTests
{
    private static readonly byte[] Six = F4(1, 2, 3, 4, 5, 6);

    public static TheoryData<string, byte[], string> InvalidFiles => new()
    {
        { "empty", [], "magic string" },
        { "short", [0x93, (byte)'N', (byte)'U'], "magic string" },
        { "wrong magic", Encoding.ASCII.GetBytes("\u0013NUMPX\u0001\u0000"), "magic string" },
        { "text file", "hello, world\n"u8.ToArray(), "magic string" },
        { "length field truncated", [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 5], "header length" },
        { "header truncated", Build(Dict("<f4", false, "(2, 3)"), [], declaredLength: 200)[..40], "the header at offset 10 needs 200 bytes" },
        { "header length absurd (v2)", Build(Dict("<f4", false, "(2, 3)"), Six, major: 2, declaredLength: 0x7FFFFFFF), "claims 2147483647 bytes" },
        { "not a literal", Build("hello there", Six), "not a Python dict literal" },
        { "list not dict", Build("[1, 2, 3]", Six), "not a dict" },
        { "missing descr", Build("{'fortran_order': False, 'shape': (2, 3), }", Six), "no 'descr' key" },
        { "missing fortran_order", Build("{'descr': '<f4', 'shape': (2, 3), }", Six), "no 'fortran_order' key" },
        { "missing shape", Build("{'descr': '<f4', 'fortran_order': False, }", Six), "no 'shape' key" },
        { "extra key", Build("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", Six), "unexpected key 'x'" },
        { "duplicate key", Build("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (6,)}", Six), "duplicate key" },
        { "fortran_order not bool", Build("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3), }", Six), "'fortran_order' is 0" },
        { "descr not string", Build("{'descr': 4, 'fortran_order': False, 'shape': (2, 3), }", Six), "'descr' is 4" },
        { "shape is a list", Build(Dict("<f4", false, "[2, 3]"), Six), "'shape' is [2, 3]" },
        { "shape is an int", Build(Dict("<f4", false, "6"), Six), "'shape' is 6" },
        { "shape (6) without comma", Build(Dict("<f4", false, "(6)"), Six), "trailing comma" },
        { "shape negative", Build(Dict("<f4", false, "(-2, -3)"), Six), "negative dimension" },
        { "shape float", Build(Dict("<f4", false, "(2.0, 3)"), Six), "plain integers" },
        { "shape string", Build(Dict("<f4", false, "('2', 3)"), Six), "tuple of integers" },
        { "shape too many dims", Build(Dict("<f4", false, "(" + string.Join(", ", Enumerable.Repeat("1", 65)) + ")"), F4(1)), "65 dimensions" },
        { "shape 10^12 elements", Build(Dict("<f4", false, "(1000000, 1000000)"), Six), "needs 4000000000000 bytes of data but only 24 follow" },
        { "shape 10^12 one axis", Build(Dict("<f4", false, "(1000000000000,)"), Six), "only 24 follow" },
        { "shape overflow", Build(Dict("<f8", false, "(1099511627776, 1099511627776)"), Six), "more elements than any file" },
        { "integer literal overflow", Build(Dict("<f4", false, "(99999999999999999999999,)"), Six), "integer too large" },
        { "data short", Build(Dict("<f4", false, "(2, 4)"), Six), "needs 32 bytes of data but only 24 follow" },
        { "data short by a byte", Build(Dict("<f4", false, "(2, 3)"), Six[..^1]), "only 23 follow" },
        { "unterminated string", Build("{'descr': '<f4, 'fortran_order': False, 'shape': (2, 3), }", Six), "not a Python dict literal" },
        { "unsupported escape", Build("{'descr': '<\\x66\\x34', 'fortran_order': False, 'shape': (2, 3), }", Six), "unsupported escape" },
        { "unknown name", Build("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2, 3), }", Six), "unsupported name 'Maybe'" },
        { "deep nesting", Build("{'descr': '<f4', 'fortran_order': False, 'shape': " + new string('(', 200) + new string(')', 200) + "}", Six), "nesting deeper" },
        { "text after dict", Build(Dict("<f4", false, "(2, 3)") + " junk", Six), "unexpected text" },
        { "invalid utf-8 in v3", Build("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), 'n': '\u00ff'}", Six, major: 3, encoding: Encoding.Latin1), "not valid UTF-8" },
    };

    public static TheoryData<string, byte[], string> UnsupportedFiles => new()
    {
        { "version 1.1", Build(Dict("<f4", false, "(6,)"), Six, minor: 1), "version 1.1" },
        { "version 4.0", Build(Dict("<f4", false, "(6,)"), Six, major: 4), "version 4.0" },
        { "version 0.0", Build(Dict("<f4", false, "(6,)"), Six, major: 0), "version 0.0" },
        { "int32", Build(Dict("<i4", false, "(6,)"), Six), "'<i4' (signed integers)" },
        { "uint8", Build(Dict("|u1", false, "(24,)"), Six), "'|u1' (unsigned integers)" },
        { "bool", Build(Dict("|b1", false, "(24,)"), Six), "booleans" },
        { "object", Build(Dict("|O", false, "(3,)"), Six), "Python objects" },
        { "unicode", Build(Dict("<U3", false, "(2,)"), Six), "unicode strings" },
        { "long double", Build(Dict("<f16", false, "(1,)"), Six[..16]), "float of unsupported size" },
        { "native order", Build(Dict("=f4", false, "(6,)"), Six), "'=f4'" },
        { "no order", Build(Dict("f4", false, "(6,)"), Six), "'f4'" },
        { "structured", Build("{'descr': [('x', '<f4')], 'fortran_order': False, 'shape': (6,), }", Six), "structured dtype" },
        { "zip", [.. "PK\u0003\u0004"u8, .. new byte[40]], ".npz" },
    };

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void Malformed_files_throw_InvalidData_naming_the_problem(string what, byte[] file, string message)
    {
        var ex = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(file)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(".npy stream: ", ex.Message, StringComparison.Ordinal);
        // Without a length to check against, a dimension beyond any .NET array is refused from the claim alone.
        Exception streamed = Assert.ThrowsAny<Exception>(() => NpyFile.ReadDouble(new NonSeekableStream(file)));
        if (streamed is NotSupportedException)
        {
            Assert.Contains("the largest .NET array dimension", streamed.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.IsType<InvalidDataException>(streamed);
        }

        _ = what;
    }

    [Theory]
    [MemberData(nameof(UnsupportedFiles))]
    public void Unsupported_files_throw_NotSupported_naming_what_is_allowed(string what, byte[] file, string message)
    {
        var ex = Assert.Throws<NotSupportedException>(() => NpyFile.Read(new MemoryStream(file)));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => NpyFile.Read(new NonSeekableStream(file)));
        _ = what;
    }

    [Fact]
    public void Extra_bytes_after_the_data_are_an_error_for_files_but_not_for_streams()
    {
        byte[] file = [.. Build(Dict("<f4", false, "(2, 3)"), Six), 0, 0, 0, 0];
        using var dir = new TestFiles.TempDirectory();
        string path = dir.File("extra.npy");
        File.WriteAllBytes(path, file);
        var ex = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.StartsWith(path + ": 4 bytes follow", ex.Message, StringComparison.Ordinal);

        var ms = new MemoryStream(file);
        Assert.Equal(6, NpyFile.Read(ms).Length);
        Assert.Equal(file.Length - 4, ms.Position);
    }

    [Fact]
    public void Truncated_non_seekable_stream_reports_how_much_arrived()
    {
        byte[] file = Build(Dict("<f4", false, "(2, 3)"), Six)[..^6];
        var ex = Assert.Throws<InvalidDataException>(() => NpyFile.Read(new NonSeekableStream(file)));
        Assert.Contains("ended after 18 of the 24 data bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absurd_shapes_do_not_allocate_from_the_claim()
    {
        byte[] file = Build(Dict("<f4", false, "(1000000, 1000000)"), Six);
        byte[] hugeDim = Build(Dict("<f4", false, "(3000000000,)"), Six);
        Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(file))); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++)
        {
            Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(file)));
            Assert.Throws<InvalidDataException>(() => NpyFile.Read(new NonSeekableStream(file)));
            Assert.Throws<InvalidDataException>(() => NpyFile.Read(new MemoryStream(hugeDim)));
            Assert.Throws<NotSupportedException>(() => NpyFile.ReadDouble(new NonSeekableStream(hugeDim)));
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 2_000_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Header_and_path_errors_name_the_file()
    {
        using var dir = new TestFiles.TempDirectory();
        string path = dir.File("bad.npy");
        File.WriteAllBytes(path, Build(Dict("<f4", false, "(2, 4)"), Six));
        Assert.StartsWith(path + ": ", Assert.Throws<InvalidDataException>(() => NpyFile.Read(path)).Message, StringComparison.Ordinal);
        Assert.StartsWith(path + ": ", Assert.Throws<InvalidDataException>(() => NpyFile.ReadHeader(path)).Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => NpyFile.Read(dir.File("missing.npy")));
        Assert.Throws<ArgumentException>(() => NpyFile.Read(""));
        Assert.Throws<ArgumentNullException>(() => NpyFile.Read((Stream)null!));
    }
}

using Phase.IO;

namespace Phase.Tests;

/// <summary>Files written by NumPy 1.24 read back to the values NumPy printed; Phase's writer reproduces NumPy's bytes.</summary>
public class NpyFixtureTests
{
    public static TheoryData<string, int, bool, bool> Readable => new()
    {
        // name, format major version, Fortran order, big-endian
        { "np_f4_c_2d.npy", 1, false, false },
        { "np_f8_c_2d.npy", 1, false, false },
        { "np_f4_be.npy", 1, false, true },
        { "np_f8_be.npy", 1, false, true },
        { "np_f4_fortran_3d.npy", 1, true, false },
        { "np_f8_fortran_2d.npy", 1, true, false },
        { "np_f2.npy", 1, false, false },
        { "np_f4_1d.npy", 1, false, false },
        { "np_f4_scalar.npy", 1, false, false },
        { "np_f4_empty.npy", 1, false, false },
        { "np_f8_3d_c.npy", 1, false, false },
        { "np_f4_v2.npy", 2, false, false },
        { "np_f4_v3.npy", 3, false, false },
    };

    [Theory]
    [MemberData(nameof(Readable))]
    public void Reads_numpy_files_in_c_order_with_exact_values(string name, int version, bool fortran, bool bigEndian)
    {
        TestFiles.NpyExpected expected = TestFiles.ReadNpyExpected(name);
        string path = TestFiles.Fixture(name);

        NpyArray<double> d = NpyFile.ReadDouble(path);
        Assert.Equal(expected.Shape, d.Shape.ToArray());
        Assert.Equal(expected.Values, d.Values.ToArray()); // widening is exact for every supported dtype

        NpyArray<float> f = NpyFile.Read(path);
        Assert.Equal(expected.Shape, f.Shape.ToArray());
        Assert.Equal(expected.Values.Select(v => (float)v).ToArray(), f.Values.ToArray());

        NpyHeader header = f.Source!;
        Assert.Equal(version, header.MajorVersion);
        Assert.Equal(0, header.MinorVersion);
        Assert.Equal(fortran, header.FortranOrder);
        Assert.Equal(bigEndian, header.IsBigEndian);
        Assert.Equal(expected.Descr, header.Descr);
        Assert.Equal(0, header.DataOffset % 64); // NumPy aligns data to 64 bytes
        Assert.Equal(header.ToString(), NpyFile.ReadHeader(path).ToString());

        // Streams read the same, seekable or not.
        byte[] bytes = TestFiles.FixtureBytes(name);
        Assert.Equal(f.Values.ToArray(), NpyFile.Read(new MemoryStream(bytes)).Values.ToArray());
        Assert.Equal(d.Values.ToArray(), NpyFile.ReadDouble(new NonSeekableStream(bytes)).Values.ToArray());
    }

    [Fact]
    public void Float64_narrows_to_the_nearest_float32()
    {
        TestFiles.NpyExpected expected = TestFiles.ReadNpyExpected("np_f8_c_2d.npy");
        float[] f = NpyFile.Read(TestFiles.Fixture("np_f8_c_2d.npy")).Values.ToArray();
        for (int i = 0; i < f.Length; i++)
        {
            // Nearest: no other float is closer to the double.
            double v = expected.Values[i];
            Assert.True(Math.Abs(f[i] - v) <= Math.Abs(MathF.BitIncrement(f[i]) - v));
            Assert.True(Math.Abs(f[i] - v) <= Math.Abs(MathF.BitDecrement(f[i]) - v));
        }
    }

    [Fact]
    public void Float16_special_values_are_converted_exactly()
    {
        float[] f = NpyFile.Read(TestFiles.Fixture("np_f2.npy")).Values.ToArray();
        Assert.Equal(65504f, f[3]);                   // largest half
        Assert.Equal(float.PositiveInfinity, f[6]);
        Assert.True(f[5] > 0 && f[5] < 1e-6f);         // a subnormal half
    }

    [Theory]
    [InlineData("np_f4_c_2d.npy")]
    [InlineData("np_f8_c_2d.npy")]
    [InlineData("np_f4_1d.npy")]
    [InlineData("np_f4_scalar.npy")]
    [InlineData("np_f4_empty.npy")]
    [InlineData("np_f8_3d_c.npy")]
    public void Writer_reproduces_numpy_save_byte_for_byte(string name)
    {
        TestFiles.NpyExpected expected = TestFiles.ReadNpyExpected(name);
        var ms = new MemoryStream();
        if (expected.Descr == "<f4")
        {
            NpyFile.Write(ms, expected.Values.Select(v => (float)v).ToArray(), expected.Shape);
        }
        else
        {
            NpyFile.Write(ms, expected.Values, expected.Shape);
        }

        Assert.Equal(TestFiles.FixtureBytes(name), ms.ToArray());
    }

    [Theory]
    [InlineData("unsupported_i4.npy", "'<i4' (signed integers)")]
    [InlineData("unsupported_c8.npy", "'<c8' (complex numbers)")]
    [InlineData("unsupported_object.npy", "'|O' (Python objects")]
    [InlineData("unsupported_structured.npy", "structured dtype")]
    [InlineData("unsupported_archive.npz", ".npz")]
    public void Valid_numpy_files_with_unsupported_content_throw_NotSupported(string name, string message)
    {
        string path = TestFiles.Fixture(name);
        var ex = Assert.Throws<NotSupportedException>(() => NpyFile.Read(path));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => NpyFile.ReadDouble(new NonSeekableStream(TestFiles.FixtureBytes(name))));
    }
}

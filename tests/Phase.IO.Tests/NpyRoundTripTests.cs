using System.Buffers.Binary;
using Phase.IO;
using Phase.Testing;

namespace Phase.Tests;

/// <summary>Write → read round trips, Fortran reordering against the index formula, stream behaviour.</summary>
public class NpyRoundTripTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(3, 4)]
    [InlineData(5, 5)]
    public void Float_and_double_arrays_round_trip_exactly_with_their_shape(int rank, int seed)
    {
        var rng = new Random(seed);
        int[] shape = Enumerable.Range(0, rank).Select(_ => 1 + rng.Next(rank <= 2 ? 40 : 6)).ToArray();
        int count = shape.Aggregate(1, (a, b) => a * b);
        float[] f = Signals.Noise(count, seed);
        double[] d = f.Select(x => x / 3.0).ToArray();

        using var dir = new TestFiles.TempDirectory();
        NpyFile.Write(dir.File("f.npy"), f, shape);
        NpyFile.Write(dir.File("d.npy"), d, shape);
        NpyArray<float> rf = NpyFile.Read(dir.File("f.npy"));
        NpyArray<double> rd = NpyFile.ReadDouble(dir.File("d.npy"));

        Assert.Equal(shape, rf.Shape.ToArray());
        Assert.Equal(rank, rf.Rank);
        Assert.Equal(f, rf.Values.ToArray());
        Assert.Equal(d, rd.Values.ToArray());
        Assert.Equal("<f4", rf.Source!.Descr);
        Assert.Equal("<f8", rd.Source!.Descr);
        Assert.Equal(["d.npy", "f.npy"], dir.Entries().Order());
    }

    [Fact]
    public void NpyArray_overloads_write_the_same_bytes_as_span_overloads()
    {
        float[] data = [1, 2, 3, 4, 5, 6];
        var a = new MemoryStream();
        var b = new MemoryStream();
        NpyFile.Write(a, data, [2, 3]);
        NpyFile.Write(b, new NpyArray<float>(data, 2, 3));
        Assert.Equal(a.ToArray(), b.ToArray());

        var c = new MemoryStream();
        var e = new MemoryStream();
        NpyFile.Write(c, data.Select(x => (double)x).ToArray(), [3, 2]);
        NpyFile.Write(e, new NpyArray<double>(data.Select(x => (double)x).ToArray(), 3, 2));
        Assert.Equal(c.ToArray(), e.ToArray());
    }

    [Fact]
    public void Arrays_saved_back_to_back_in_one_stream_are_read_in_turn()
    {
        var ms = new MemoryStream();
        NpyFile.Write(ms, new float[] { 1, 2, 3 }, [3]);
        NpyFile.Write(ms, new double[] { 4, 5, 6, 7 }, [2, 2]);
        NpyFile.Write(ms, new float[] { 8 }, []);
        byte[] bytes = ms.ToArray();

        foreach (Stream s in new Stream[] { new MemoryStream(bytes), new NonSeekableStream(bytes) })
        {
            Assert.Equal(new float[] { 1, 2, 3 }, NpyFile.Read(s).Values.ToArray());
            Assert.Equal(new double[] { 4, 5, 6, 7 }, NpyFile.ReadDouble(s).Values.ToArray());
            NpyArray<float> scalar = NpyFile.Read(s);
            Assert.Equal(0, scalar.Rank);
            Assert.Equal(8f, scalar.Values[0]);
        }
    }

    [Theory]
    [InlineData(new[] { 7, 5 })]
    [InlineData(new[] { 2, 3, 4 })]
    [InlineData(new[] { 3, 1, 4, 2 })]
    [InlineData(new[] { 2, 3, 2, 3, 2 })]
    [InlineData(new[] { 1, 9 })]
    [InlineData(new[] { 6 })]
    [InlineData(new[] { 0, 3 })]
    public void Fortran_order_is_converted_to_c_order(int[] shape)
    {
        // Element value = its C-order index; stored column-major (axis 0 fastest) as the format defines.
        int count = shape.Aggregate(1, (a, b) => a * b);
        var fortranData = new float[count];
        for (int c = 0; c < count; c++)
        {
            // C index → multi-index → Fortran offset.
            int rem = c, fOffset = 0, fStride = 1;
            var idx = new int[shape.Length];
            for (int k = shape.Length - 1; k >= 0; k--)
            {
                idx[k] = rem % shape[k];
                rem /= shape[k];
            }

            for (int k = 0; k < shape.Length; k++)
            {
                fOffset += idx[k] * fStride;
                fStride *= shape[k];
            }

            fortranData[fOffset] = c;
        }

        byte[] file = NpyBuilder.Build(NpyBuilder.Dict("<f4", true, NpyBuilder.Shape(shape)), NpyBuilder.F4(fortranData));
        NpyArray<float> a = NpyFile.Read(new MemoryStream(file));
        Assert.True(a.Source!.FortranOrder);
        Assert.Equal(Enumerable.Range(0, count).Select(i => (float)i).ToArray(), a.Values.ToArray());
        Assert.Equal(a.Values.ToArray(), NpyFile.Read(new NonSeekableStream(file)).Values.ToArray());
    }

    [Fact]
    public void Big_endian_half_is_read()
    {
        var data = new byte[4];
        BinaryPrimitives.WriteHalfBigEndian(data, (Half)1.5);
        BinaryPrimitives.WriteHalfBigEndian(data.AsSpan(2), (Half)(-0.25));
        byte[] file = NpyBuilder.Build(NpyBuilder.Dict(">f2", false, "(2,)"), data);
        Assert.Equal(new[] { 1.5f, -0.25f }, NpyFile.Read(new MemoryStream(file)).Values.ToArray());
        Assert.Equal(new[] { 1.5, -0.25 }, NpyFile.ReadDouble(new MemoryStream(file)).Values.ToArray());
    }

    [Fact]
    public void Header_variants_numpy_accepts_are_read()
    {
        // Python 2 long suffixes, double quotes, key order, no trailing comma, no padding, version 2 and 3 with UTF-8.
        float[] v = [1, 2, 3, 4, 5, 6];
        string[] headers =
        [
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 3L), }",
            "{\"shape\": (2, 3), \"descr\": \"<f4\", \"fortran_order\": False}",
            "{ 'fortran_order' : False , 'shape' : ( 2 , 3 ) , 'descr' : '<f4' }",
        ];
        foreach (string h in headers)
        {
            Assert.Equal(v, NpyFile.Read(new MemoryStream(NpyBuilder.Build(h, NpyBuilder.F4(v), pad: false))).Values.ToArray());
        }

        byte[] v3 = NpyBuilder.Build(headers[0], NpyBuilder.F4(v), major: 3, encoding: System.Text.Encoding.UTF8);
        Assert.Equal(3, NpyFile.ReadHeader(new MemoryStream(v3)).MajorVersion);
    }

    [Fact]
    public void Maximum_rank_round_trips()
    {
        int[] shape = Enumerable.Repeat(1, NpyFile.MaxRank).ToArray();
        shape[^1] = 2;
        var ms = new MemoryStream();
        NpyFile.Write(ms, new float[] { 1, 2 }, shape);
        NpyArray<float> a = NpyFile.Read(new MemoryStream(ms.ToArray()));
        Assert.Equal(NpyFile.MaxRank, a.Rank);
        Assert.Equal(2f, a.Values[1]);
    }

    [Fact]
    public void Write_rejects_shapes_that_do_not_match()
    {
        var ms = new MemoryStream();
        Assert.Throws<ArgumentException>(() => NpyFile.Write(ms, new float[6], [4, 2]));
        Assert.Throws<ArgumentException>(() => NpyFile.Write(ms, new float[6], [-2, -3]));
        Assert.Throws<ArgumentException>(() => NpyFile.Write(ms, new float[0], [0, -1]));
        Assert.Throws<ArgumentException>(() => NpyFile.Write(ms, new float[1], Enumerable.Repeat(1, NpyFile.MaxRank + 1).ToArray()));
        Assert.Throws<ArgumentException>(() => NpyFile.Write(ms, new float[6], [int.MaxValue, int.MaxValue, int.MaxValue]));
        Assert.Throws<ArgumentException>(() => new NpyArray<float>(new float[5], 2, 3));
        Assert.Throws<ArgumentNullException>(() => NpyFile.Write((Stream)null!, new float[1], [1]));
        Assert.Throws<ArgumentException>(() => NpyFile.Write(new MemoryStream([], false), new float[1], [1]));
        Assert.Equal(0, ms.Length);
        Assert.Throws<ArgumentException>(() => NpyFile.Write("", new float[1], [1]));
        Assert.Throws<NotSupportedException>(() => new NpyArray<Half>(new Half[1], 1));
    }

    [Fact]
    public void Two_index_accessor_addresses_row_major_elements()
    {
        var a = new NpyArray<float>([0, 1, 2, 3, 4, 5], 2, 3);
        Assert.Equal(5f, a[1, 2]);
        a[0, 1] = 9;
        Assert.Equal(9f, a.Values[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => a[2, 0]);
        Assert.Throws<InvalidOperationException>(() => new NpyArray<float>([1f], 1)[0, 0]);
        Assert.Equal("(2, 3) Single", a.ToString());
        Assert.Null(a.Source);
    }
}

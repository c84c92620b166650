using Phase.Solvers;

namespace Phase.Tests;

public sealed class InterleavedLayoutTests
{
    [Fact]
    public void Element_k_of_system_i_is_at_group_offset_plus_k_times_width_plus_lane()
    {
        var layout = new InterleavedLayout<float>(5, 40);
        Assert.Equal(16, layout.GroupWidth);
        Assert.Equal(3, layout.GroupCount);
        Assert.Equal(3 * 5 * 16, layout.Length);
        Assert.Equal(0, layout.IndexOf(0, 0));
        Assert.Equal((4 * 16) + 15, layout.IndexOf(15, 4));
        Assert.Equal((5 * 16) + (2 * 16) + 1, layout.IndexOf(17, 2));
        Assert.Equal((2 * 5 * 16) + (4 * 16) + 7, layout.IndexOf(39, 4));
        Assert.Equal(8, new InterleavedLayout<double>(5, 1).GroupWidth);
        Assert.Equal(0, new InterleavedLayout<float>(5, 0).Length);
    }

    [Fact]
    public void Pack_and_unpack_round_trip_and_fill_the_tail()
    {
        foreach (int count in new[] { 0, 1, 15, 16, 17, 33 })
        {
            var layout = new InterleavedLayout<float>(7, count);
            float[] systems = Enumerable.Range(0, count * 7).Select(i => (float)i).ToArray();
            var packed = new float[layout.Length];
            layout.Pack(systems, packed, -1f);
            var back = new float[count * 7];
            layout.Unpack(packed, back);
            Assert.Equal(systems, back);
            for (int s = 0; s < count; s++)
            {
                for (int k = 0; k < 7; k++)
                {
                    Assert.Equal(systems[(s * 7) + k], packed[layout.IndexOf(s, k)]);
                }
            }

            int tail = layout.Length - (count * 7);
            Assert.Equal(tail, packed.Count(v => v == -1f));
        }
    }

    [Fact]
    public void Off_diagonals_pack_from_K_minus_one_values_with_a_zero_last_row()
    {
        var layout = new InterleavedLayout<float>(4, 3);
        var packed = new float[layout.Length];
        packed.AsSpan().Fill(9);
        layout.PackOffDiagonal([1, 2, 3, 4, 5, 6, 7, 8, 9], packed);
        Assert.Equal(4, packed[layout.IndexOf(1, 0)]);
        Assert.Equal(0, packed[layout.IndexOf(1, 3)]);
        Assert.Equal(0, packed[layout.IndexOf(2, 3)]);
        Assert.Equal(0, packed[(3 * 16) + 10]);
    }

    [Fact]
    public void Single_system_pack_and_unpack()
    {
        var layout = new InterleavedLayout<double>(3, 10);
        var packed = new double[layout.Length];
        layout.PackSystem(9, [1.0, 2.0, 3.0], packed);
        layout.PackSystem(2, [4.0, 5.0], packed);
        var values = new double[3];
        layout.UnpackSystem(9, packed, values);
        Assert.Equal([1.0, 2.0, 3.0], values);
        layout.UnpackSystem(2, packed, values);
        Assert.Equal([4.0, 5.0, 0.0], values);
    }

    [Fact]
    public void Bad_shapes_and_indices_are_rejected()
    {
        Assert.Equal("size", Assert.Throws<ArgumentOutOfRangeException>(() => new InterleavedLayout<float>(0, 3)).ParamName);
        Assert.Equal("systemCount", Assert.Throws<ArgumentOutOfRangeException>(() => new InterleavedLayout<float>(3, -1)).ParamName);
        Assert.Equal("systemCount", Assert.Throws<ArgumentOutOfRangeException>(() => new InterleavedLayout<float>(1 << 20, 1 << 12)).ParamName);
        var layout = new InterleavedLayout<float>(3, 4);
        Assert.Equal("system", Assert.Throws<ArgumentOutOfRangeException>(() => layout.IndexOf(4, 0)).ParamName);
        Assert.Equal("row", Assert.Throws<ArgumentOutOfRangeException>(() => layout.IndexOf(0, 3)).ParamName);
        Assert.Equal("systems", Assert.Throws<ArgumentException>(() => layout.Pack(new float[11], new float[layout.Length], 0)).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => layout.Pack(new float[12], new float[5], 0)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => layout.PackSystem(0, new float[1], new float[layout.Length])).ParamName);
        Assert.Equal(layout, new InterleavedLayout<float>(3, 4));
        Assert.NotEqual(layout, new InterleavedLayout<float>(3, 5));
    }
}

public sealed class TridiagonalRegularizationTests
{
    [Fact]
    public void Shift_is_epsilon_times_the_largest_diagonal_magnitude()
    {
        var r = TridiagonalRegularization.Relative(1e-3);
        Assert.Equal(1e-3f * 8f, r.GetShift<float>([1f, -8f, 3f]));
        Assert.Equal(1e-3 * 8, r.GetShift<double>([1.0, -8.0, 3.0]));
        Assert.Equal(1e-3f, r.GetShift<float>([0f, 0f]));
        Assert.Equal(0f, TridiagonalRegularization.None.GetShift<float>([5f]));
        Assert.True(float.IsNaN(r.GetShift<float>([1f, float.NaN])));
    }

    [Fact]
    public void Default_is_none_and_values_compare_by_epsilon()
    {
        Assert.True(default(TridiagonalRegularization).IsNone);
        Assert.Equal(TridiagonalRegularization.None, TridiagonalRegularization.Relative(0));
        Assert.Equal(TridiagonalRegularization.Relative(1e-4), TridiagonalRegularization.Relative(1e-4));
        Assert.True(TridiagonalRegularization.Relative(1e-4) != TridiagonalRegularization.Relative(1e-5));
        Assert.Equal("Relative(0.0001)", TridiagonalRegularization.Relative(1e-4).ToString());
        Assert.Equal("None", TridiagonalRegularization.None.ToString());
    }

    [Theory]
    [InlineData(-1e-5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Invalid_epsilon_is_rejected(double epsilon) =>
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => TridiagonalRegularization.Relative(epsilon)).ParamName);
}

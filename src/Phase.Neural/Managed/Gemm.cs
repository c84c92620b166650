using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Phase.Neural.Managed;

/// <summary>
/// Single-precision matrix product <c>C = A·B</c> (row-major; <c>A</c> is <c>M × D</c>, <c>B</c> is <c>D × N</c>,
/// <c>C</c> is <c>M × N</c>), the workhorse of the managed MCNN: a transposed convolution over time is one product of
/// the time-major activations with the re-ordered weights followed by an overlap-add.
/// </summary>
/// <remarks>
/// <para><b>Lanes.</b> The micro-kernel keeps a 4-row × 2-vector tile of <c>C</c> in eight registers: per step of
/// <c>d</c> it loads two vectors of row <c>d</c> of <c>B</c>, broadcasts four elements of <c>A</c> and issues eight
/// fused multiply-adds. Column tails narrower than two vectors run a 4 × 1-vector tile, then scalar columns; row
/// tails run 1-row tiles. Allocates nothing. Cost <c>M·N·D</c> multiply-adds.</para>
/// </remarks>
internal static class Gemm
{
    public static void Multiply(ReadOnlySpan<float> a, int rows, int depth, ReadOnlySpan<float> b, int columns, Span<float> c)
    {
        int v = Vector<float>.Count;
        ref float a0 = ref MemoryMarshal.GetReference(a);
        ref float b0 = ref MemoryMarshal.GetReference(b);
        ref float c0 = ref MemoryMarshal.GetReference(c);
        int wide = columns / (2 * v) * (2 * v);
        int narrow = columns / v * v;
        int row = 0;
        for (; row + 4 <= rows; row += 4)
        {
            ref float aRow = ref Unsafe.Add(ref a0, row * depth);
            ref float cRow = ref Unsafe.Add(ref c0, row * columns);
            int col = 0;
            for (; col < wide; col += 2 * v)
            {
                Tile4x2(ref aRow, depth, ref Unsafe.Add(ref b0, col), columns, ref Unsafe.Add(ref cRow, col), v);
            }

            for (; col < narrow; col += v)
            {
                Tile4x1(ref aRow, depth, ref Unsafe.Add(ref b0, col), columns, ref Unsafe.Add(ref cRow, col));
            }

            for (; col < columns; col++)
            {
                for (int r = 0; r < 4; r++)
                {
                    Unsafe.Add(ref cRow, (r * columns) + col) = Dot(ref Unsafe.Add(ref aRow, r * depth), ref Unsafe.Add(ref b0, col), depth, columns);
                }
            }
        }

        for (; row < rows; row++)
        {
            ref float aRow = ref Unsafe.Add(ref a0, row * depth);
            ref float cRow = ref Unsafe.Add(ref c0, row * columns);
            int col = 0;
            for (; col < narrow; col += v)
            {
                Vector<float> acc = Vector<float>.Zero;
                ref float bCol = ref Unsafe.Add(ref b0, col);
                for (int d = 0; d < depth; d++)
                {
                    acc = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref aRow, d)), Vector.LoadUnsafe(ref bCol, (nuint)(d * columns)), acc);
                }

                acc.StoreUnsafe(ref cRow, (nuint)col);
            }

            for (; col < columns; col++)
            {
                Unsafe.Add(ref cRow, col) = Dot(ref aRow, ref Unsafe.Add(ref b0, col), depth, columns);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x2(ref float a, int depth, ref float b, int columns, ref float c, int v)
    {
        Vector<float> c00 = Vector<float>.Zero, c01 = Vector<float>.Zero, c10 = Vector<float>.Zero, c11 = Vector<float>.Zero;
        Vector<float> c20 = Vector<float>.Zero, c21 = Vector<float>.Zero, c30 = Vector<float>.Zero, c31 = Vector<float>.Zero;
        ref float a1 = ref Unsafe.Add(ref a, depth);
        ref float a2 = ref Unsafe.Add(ref a1, depth);
        ref float a3 = ref Unsafe.Add(ref a2, depth);
        for (int d = 0; d < depth; d++)
        {
            nuint o = (nuint)(d * columns);
            Vector<float> b0 = Vector.LoadUnsafe(ref b, o);
            Vector<float> b1 = Vector.LoadUnsafe(ref b, o + (nuint)v);
            var x = new Vector<float>(Unsafe.Add(ref a, d));
            c00 = Vector.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector.FusedMultiplyAdd(x, b1, c01);
            x = new Vector<float>(Unsafe.Add(ref a1, d));
            c10 = Vector.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector.FusedMultiplyAdd(x, b1, c11);
            x = new Vector<float>(Unsafe.Add(ref a2, d));
            c20 = Vector.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector.FusedMultiplyAdd(x, b1, c21);
            x = new Vector<float>(Unsafe.Add(ref a3, d));
            c30 = Vector.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector.FusedMultiplyAdd(x, b1, c31);
        }

        c00.StoreUnsafe(ref c);
        c01.StoreUnsafe(ref c, (nuint)v);
        c10.StoreUnsafe(ref c, (nuint)columns);
        c11.StoreUnsafe(ref c, (nuint)(columns + v));
        c20.StoreUnsafe(ref c, (nuint)(2 * columns));
        c21.StoreUnsafe(ref c, (nuint)((2 * columns) + v));
        c30.StoreUnsafe(ref c, (nuint)(3 * columns));
        c31.StoreUnsafe(ref c, (nuint)((3 * columns) + v));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x1(ref float a, int depth, ref float b, int columns, ref float c)
    {
        Vector<float> c0 = Vector<float>.Zero, c1 = Vector<float>.Zero, c2 = Vector<float>.Zero, c3 = Vector<float>.Zero;
        for (int d = 0; d < depth; d++)
        {
            Vector<float> b0 = Vector.LoadUnsafe(ref b, (nuint)(d * columns));
            c0 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref a, d)), b0, c0);
            c1 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref a, depth + d)), b0, c1);
            c2 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref a, (2 * depth) + d)), b0, c2);
            c3 = Vector.FusedMultiplyAdd(new Vector<float>(Unsafe.Add(ref a, (3 * depth) + d)), b0, c3);
        }

        c0.StoreUnsafe(ref c);
        c1.StoreUnsafe(ref c, (nuint)columns);
        c2.StoreUnsafe(ref c, (nuint)(2 * columns));
        c3.StoreUnsafe(ref c, (nuint)(3 * columns));
    }

    private static float Dot(ref float a, ref float bColumn, int depth, int columns)
    {
        float sum = 0;
        for (int d = 0; d < depth; d++)
        {
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref a, d), Unsafe.Add(ref bColumn, d * columns), sum);
        }

        return sum;
    }
}

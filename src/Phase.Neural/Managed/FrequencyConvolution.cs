using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Phase.Neural.Managed;

/// <summary>
/// The SIMD kernels of the phase-derivative network: 1-D convolutions over the bins of one frame,
/// <c>y[o, j] = b[o] + Σ_c Σ_t w[o, c, t] · x[c, j + dl·(t − (k − 1)/2)]</c> with zeros outside <c>0 … K − 1</c>.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> Every activation plane holds its channels as rows of <c>stride</c> floats; bin <c>j</c> of
/// channel <c>c</c> is at <c>c·stride + pad + j</c>, and the <c>pad</c> floats before and the floats after bin
/// <c>K − 1</c> are zeros, which are the convolution's zero padding (no bounds tests in the loop).</para>
/// <para><b>Lanes.</b> One <see cref="Vector{T}"/> holds <c>V</c> consecutive bins of one channel. The hidden-layer
/// kernel keeps a tile of 4 output channels × 3 vectors (<c>3V</c> bins) in twelve registers: per input tap it loads
/// three vectors and broadcasts four weights for twelve fused multiply-adds; bins left over after the last full tile
/// run one vector at a time. The output kernel computes the two output channels of the output and skip
/// convolutions together (2 channels × 3 vectors). The last vector may run past <c>K</c>: those lanes read zero
/// padding and are cleared again, so the padding stays zero for the next layer. Allocates nothing.</para>
/// </remarks>
internal static class FrequencyConvolution
{
    private const int Tile = 3;

    /// <summary>Row length that leaves room for the padding and the vector overrun.</summary>
    public static int Stride(int bins, int pad) => (((bins + Vector<float>.Count - 1) / Vector<float>.Count) * Vector<float>.Count) + (2 * pad) + (Tile * Vector<float>.Count);

    /// <summary>Runs one hidden layer into <c>PaddedOutChannels</c> rows of <paramref name="output"/>.</summary>
    public static void Run(ConvLayer layer, ReadOnlySpan<float> input, Span<float> output, int bins, int pad, int stride)
    {
        int v = Vector<float>.Count;
        int blocks = (bins + v - 1) / v;
        int tiled = blocks / Tile * Tile;
        int cin = layer.InChannels, k = layer.Kernel, dl = layer.Dilation;
        int start = pad - layer.HalfSpan;
        ref float x0 = ref MemoryMarshal.GetReference(input);
        ref float y0 = ref MemoryMarshal.GetReference(output);
        bool relu = layer.Relu;
        for (int ob = 0; ob < layer.PaddedOutChannels; ob += ConvLayer.Block)
        {
            ref float wBlock = ref layer.Packed[ob * cin * k];
            ref float out0 = ref Unsafe.Add(ref y0, (ob * stride) + pad);
            ref float bias = ref layer.Bias[ob];
            for (int b = 0; b < tiled; b += Tile)
            {
                Tile4x3(ref x0, ref wBlock, ref bias, ref out0, (nuint)(b * v), cin, k, dl, start, stride, relu);
            }

            for (int b = tiled; b < blocks; b++)
            {
                Tile4x1(ref x0, ref wBlock, ref bias, ref out0, (nuint)(b * v), cin, k, dl, start, stride, relu);
            }

            ClearTail(output, (ob * stride) + pad + bins, (blocks * v) - bins, stride, ConvLayer.Block);
        }
    }

    /// <summary>The network's two output channels: <c>out(h) + skip(Λ)</c> (biases of <paramref name="outLayer"/> only),
    /// written to rows 0 and 1 of <paramref name="output"/>.</summary>
    public static void RunOutput(ConvLayer outLayer, ReadOnlySpan<float> hidden, ConvLayer skipLayer, ReadOnlySpan<float> logMagnitude,
        Span<float> output, int bins, int pad, int stride)
    {
        int v = Vector<float>.Count;
        int blocks = (bins + v - 1) / v;
        ref float h0 = ref MemoryMarshal.GetReference(hidden);
        ref float l0 = ref MemoryMarshal.GetReference(logMagnitude);
        ref float y0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(output), pad);
        ref float y1 = ref Unsafe.Add(ref y0, stride);
        for (int b = 0; b < blocks; b += Tile)
        {
            // Up to three vectors; a partial last tile computes (and later clears) whole vectors of padding.
            nuint j = (nuint)(b * v);
            var a0 = new Vector<float>(outLayer.Bias[0]);
            var a1 = new Vector<float>(outLayer.Bias[1]);
            Vector<float> c0 = a0, c1 = a1, e0 = a0, e1 = a1;
            Accumulate(outLayer, ref h0, pad, stride, j, ref a0, ref a1, ref c0, ref c1, ref e0, ref e1);
            Accumulate(skipLayer, ref l0, pad, stride, j, ref a0, ref a1, ref c0, ref c1, ref e0, ref e1);
            int n = Math.Min(Tile, blocks - b);
            a0.StoreUnsafe(ref y0, j);
            a1.StoreUnsafe(ref y1, j);
            if (n > 1)
            {
                c0.StoreUnsafe(ref y0, j + (nuint)v);
                c1.StoreUnsafe(ref y1, j + (nuint)v);
            }

            if (n > 2)
            {
                e0.StoreUnsafe(ref y0, j + (nuint)(2 * v));
                e1.StoreUnsafe(ref y1, j + (nuint)(2 * v));
            }
        }

        ClearTail(output, pad + bins, (blocks * v) - bins, stride, 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ConvLayer layer, ref float x0, int pad, int stride, nuint j,
        ref Vector<float> a0, ref Vector<float> a1, ref Vector<float> c0, ref Vector<float> c1, ref Vector<float> e0, ref Vector<float> e1)
    {
        int cin = layer.InChannels, k = layer.Kernel, dl = layer.Dilation, start = pad - layer.HalfSpan;
        nuint v = (nuint)Vector<float>.Count;
        ref float w = ref layer.Packed[0];
        for (int c = 0; c < cin; c++)
        {
            ref float row = ref Unsafe.Add(ref x0, (c * stride) + start);
            for (int t = 0; t < k; t++)
            {
                nuint at = j + (nuint)(t * dl);
                Vector<float> x = Vector.LoadUnsafe(ref row, at);
                Vector<float> y = Vector.LoadUnsafe(ref row, at + v);
                Vector<float> z = Vector.LoadUnsafe(ref row, at + (2 * v));
                var w0 = new Vector<float>(w);
                var w1 = new Vector<float>(Unsafe.Add(ref w, 1));
                a0 = Vector.FusedMultiplyAdd(x, w0, a0);
                a1 = Vector.FusedMultiplyAdd(x, w1, a1);
                c0 = Vector.FusedMultiplyAdd(y, w0, c0);
                c1 = Vector.FusedMultiplyAdd(y, w1, c1);
                e0 = Vector.FusedMultiplyAdd(z, w0, e0);
                e1 = Vector.FusedMultiplyAdd(z, w1, e1);
                w = ref Unsafe.Add(ref w, ConvLayer.Block);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x3(ref float x0, ref float wBlock, ref float bias, ref float out0, nuint j, int cin, int k, int dl, int start, int stride, bool relu)
    {
        nuint v = (nuint)Vector<float>.Count;
        var a0 = new Vector<float>(bias);
        var a1 = new Vector<float>(Unsafe.Add(ref bias, 1));
        var a2 = new Vector<float>(Unsafe.Add(ref bias, 2));
        var a3 = new Vector<float>(Unsafe.Add(ref bias, 3));
        Vector<float> b0 = a0, b1 = a1, b2 = a2, b3 = a3, c0 = a0, c1 = a1, c2 = a2, c3 = a3;
        ref float w = ref wBlock;
        for (int c = 0; c < cin; c++)
        {
            ref float row = ref Unsafe.Add(ref x0, (c * stride) + start);
            for (int t = 0; t < k; t++)
            {
                nuint at = j + (nuint)(t * dl);
                Vector<float> x = Vector.LoadUnsafe(ref row, at);
                Vector<float> y = Vector.LoadUnsafe(ref row, at + v);
                Vector<float> z = Vector.LoadUnsafe(ref row, at + (2 * v));
                var w0 = new Vector<float>(w);
                a0 = Vector.FusedMultiplyAdd(x, w0, a0);
                b0 = Vector.FusedMultiplyAdd(y, w0, b0);
                c0 = Vector.FusedMultiplyAdd(z, w0, c0);
                var w1 = new Vector<float>(Unsafe.Add(ref w, 1));
                a1 = Vector.FusedMultiplyAdd(x, w1, a1);
                b1 = Vector.FusedMultiplyAdd(y, w1, b1);
                c1 = Vector.FusedMultiplyAdd(z, w1, c1);
                var w2 = new Vector<float>(Unsafe.Add(ref w, 2));
                a2 = Vector.FusedMultiplyAdd(x, w2, a2);
                b2 = Vector.FusedMultiplyAdd(y, w2, b2);
                c2 = Vector.FusedMultiplyAdd(z, w2, c2);
                var w3 = new Vector<float>(Unsafe.Add(ref w, 3));
                a3 = Vector.FusedMultiplyAdd(x, w3, a3);
                b3 = Vector.FusedMultiplyAdd(y, w3, b3);
                c3 = Vector.FusedMultiplyAdd(z, w3, c3);
                w = ref Unsafe.Add(ref w, ConvLayer.Block);
            }
        }

        if (relu)
        {
            a0 = Vector.Max(a0, Vector<float>.Zero);
            a1 = Vector.Max(a1, Vector<float>.Zero);
            a2 = Vector.Max(a2, Vector<float>.Zero);
            a3 = Vector.Max(a3, Vector<float>.Zero);
            b0 = Vector.Max(b0, Vector<float>.Zero);
            b1 = Vector.Max(b1, Vector<float>.Zero);
            b2 = Vector.Max(b2, Vector<float>.Zero);
            b3 = Vector.Max(b3, Vector<float>.Zero);
            c0 = Vector.Max(c0, Vector<float>.Zero);
            c1 = Vector.Max(c1, Vector<float>.Zero);
            c2 = Vector.Max(c2, Vector<float>.Zero);
            c3 = Vector.Max(c3, Vector<float>.Zero);
        }

        nuint s = (nuint)stride;
        a0.StoreUnsafe(ref out0, j);
        b0.StoreUnsafe(ref out0, j + v);
        c0.StoreUnsafe(ref out0, j + (2 * v));
        a1.StoreUnsafe(ref out0, s + j);
        b1.StoreUnsafe(ref out0, s + j + v);
        c1.StoreUnsafe(ref out0, s + j + (2 * v));
        a2.StoreUnsafe(ref out0, (2 * s) + j);
        b2.StoreUnsafe(ref out0, (2 * s) + j + v);
        c2.StoreUnsafe(ref out0, (2 * s) + j + (2 * v));
        a3.StoreUnsafe(ref out0, (3 * s) + j);
        b3.StoreUnsafe(ref out0, (3 * s) + j + v);
        c3.StoreUnsafe(ref out0, (3 * s) + j + (2 * v));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x1(ref float x0, ref float wBlock, ref float bias, ref float out0, nuint j, int cin, int k, int dl, int start, int stride, bool relu)
    {
        var a0 = new Vector<float>(bias);
        var a1 = new Vector<float>(Unsafe.Add(ref bias, 1));
        var a2 = new Vector<float>(Unsafe.Add(ref bias, 2));
        var a3 = new Vector<float>(Unsafe.Add(ref bias, 3));
        ref float w = ref wBlock;
        for (int c = 0; c < cin; c++)
        {
            ref float row = ref Unsafe.Add(ref x0, (c * stride) + start);
            for (int t = 0; t < k; t++)
            {
                Vector<float> x = Vector.LoadUnsafe(ref row, j + (nuint)(t * dl));
                a0 = Vector.FusedMultiplyAdd(x, new Vector<float>(w), a0);
                a1 = Vector.FusedMultiplyAdd(x, new Vector<float>(Unsafe.Add(ref w, 1)), a1);
                a2 = Vector.FusedMultiplyAdd(x, new Vector<float>(Unsafe.Add(ref w, 2)), a2);
                a3 = Vector.FusedMultiplyAdd(x, new Vector<float>(Unsafe.Add(ref w, 3)), a3);
                w = ref Unsafe.Add(ref w, ConvLayer.Block);
            }
        }

        if (relu)
        {
            a0 = Vector.Max(a0, Vector<float>.Zero);
            a1 = Vector.Max(a1, Vector<float>.Zero);
            a2 = Vector.Max(a2, Vector<float>.Zero);
            a3 = Vector.Max(a3, Vector<float>.Zero);
        }

        nuint s = (nuint)stride;
        a0.StoreUnsafe(ref out0, j);
        a1.StoreUnsafe(ref out0, s + j);
        a2.StoreUnsafe(ref out0, (2 * s) + j);
        a3.StoreUnsafe(ref out0, (3 * s) + j);
    }

    private static void ClearTail(Span<float> output, int first, int count, int stride, int rows)
    {
        if (count <= 0)
        {
            return;
        }

        for (int r = 0; r < rows; r++)
        {
            output.Slice(first + (r * stride), count).Clear();
        }
    }
}

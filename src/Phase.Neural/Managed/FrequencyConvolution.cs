using System.Numerics;
using System.Runtime.CompilerServices;

namespace Phase.Neural.Managed;

/// <summary>
/// The SIMD kernel of the phase-derivative network: a 1-D convolution over the bins of one frame,
/// <c>y[o, j] = b[o] + Σ_c Σ_t w[o, c, t] · x[c, j + dl·(t − (k − 1)/2)]</c> with zeros outside <c>0 … K − 1</c>.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> Every activation plane holds its channels as rows of <c>stride</c> floats; bin <c>j</c> of
/// channel <c>c</c> is at <c>c·stride + pad + j</c>, and the <c>pad</c> floats before and the floats after bin
/// <c>K − 1</c> are zeros, which are the convolution's zero padding (no bounds tests in the loop).</para>
/// <para><b>Lanes.</b> One <see cref="Vector{T}"/> holds <c>V</c> consecutive bins of one channel; four output channels
/// are accumulated at once in four registers, so each input load feeds four fused multiply-adds with broadcast
/// weights. The last block of bins may run past <c>K</c>: those lanes read zero padding and their results are cleared
/// again so that the padding stays zero for the next layer. Allocates nothing.</para>
/// </remarks>
internal static class FrequencyConvolution
{
    /// <summary>Row length that leaves room for the padding and the vector overrun.</summary>
    public static int Stride(int bins, int pad) => (((bins + Vector<float>.Count - 1) / Vector<float>.Count) * Vector<float>.Count) + (2 * pad) + Vector<float>.Count;

    /// <summary>Runs one layer. <paramref name="output"/> receives <c>PaddedOutChannels</c> rows; with
    /// <paramref name="accumulate"/> the result (without bias) is added to what is there.</summary>
    public static void Run(ConvLayer layer, ReadOnlySpan<float> input, Span<float> output, int bins, int pad, int stride, bool accumulate)
    {
        int v = Vector<float>.Count;
        int blocks = (bins + v - 1) / v;
        int cin = layer.InChannels;
        int k = layer.Kernel;
        int dl = layer.Dilation;
        int start = pad - layer.HalfSpan;
        ref float x0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(input);
        ref float y0 = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(output);
        ref float w0 = ref layer.Packed[0];
        bool relu = layer.Relu;
        for (int ob = 0; ob < layer.PaddedOutChannels; ob += ConvLayer.Block)
        {
            ref float wBlock = ref Unsafe.Add(ref w0, ob * cin * k);
            ref float out0 = ref Unsafe.Add(ref y0, (ob * stride) + pad);
            ref float out1 = ref Unsafe.Add(ref out0, stride);
            ref float out2 = ref Unsafe.Add(ref out1, stride);
            ref float out3 = ref Unsafe.Add(ref out2, stride);
            for (int b = 0; b < blocks; b++)
            {
                nuint j = (nuint)(b * v);
                Vector<float> a0, a1, a2, a3;
                if (accumulate)
                {
                    a0 = Vector.LoadUnsafe(ref out0, j);
                    a1 = Vector.LoadUnsafe(ref out1, j);
                    a2 = Vector.LoadUnsafe(ref out2, j);
                    a3 = Vector.LoadUnsafe(ref out3, j);
                }
                else
                {
                    a0 = new Vector<float>(layer.Bias[ob]);
                    a1 = new Vector<float>(layer.Bias[ob + 1]);
                    a2 = new Vector<float>(layer.Bias[ob + 2]);
                    a3 = new Vector<float>(layer.Bias[ob + 3]);
                }

                ref float w = ref wBlock;
                for (int c = 0; c < cin; c++)
                {
                    ref float xRow = ref Unsafe.Add(ref x0, (c * stride) + start);
                    for (int t = 0; t < k; t++)
                    {
                        Vector<float> x = Vector.LoadUnsafe(ref xRow, j + (nuint)(t * dl));
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

                a0.StoreUnsafe(ref out0, j);
                a1.StoreUnsafe(ref out1, j);
                a2.StoreUnsafe(ref out2, j);
                a3.StoreUnsafe(ref out3, j);
            }

            // Lanes past the last bin computed values from the padding: clear them, the padding must stay zero.
            int tail = (blocks * v) - bins;
            if (tail > 0)
            {
                output.Slice((ob * stride) + pad + bins, tail).Clear();
                output.Slice(((ob + 1) * stride) + pad + bins, tail).Clear();
                output.Slice(((ob + 2) * stride) + pad + bins, tail).Clear();
                output.Slice(((ob + 3) * stride) + pad + bins, tail).Clear();
            }
        }
    }
}

using System.Numerics.Tensors;

namespace Phase.Neural.Managed;

/// <summary>
/// A transposed 1-D convolution over time (ONNX <c>ConvTranspose</c>, group 1, dilation 1) on time-major activations:
/// <c>y[j, o] = b[o] + Σ_c Σ_t x[i, c]·W[c, o, t]</c> over <c>j = i·s − p + t</c>, with <c>p = ⌈(w − s)/2⌉</c> and
/// output length exactly <c>T·s</c>. Computed as <c>Z = X·B</c> (<see cref="Gemm"/>; <c>B[c, t·Cout + o] = W[c, o, t]</c>)
/// followed by the overlap-add <c>y[i·s − p + t, ·] += Z[i, t·Cout … (t + 1)·Cout)</c>.
/// </summary>
internal sealed class TransposedConvLayer
{
    /// <param name="weights">ONNX layout <c>[Cin, Cout, w]</c>.</param>
    /// <param name="bias"><c>Cout</c> values.</param>
    /// <param name="inChannels">Cin.</param>
    /// <param name="outChannels">Cout.</param>
    /// <param name="width">Kernel width w.</param>
    /// <param name="stride">Stride s.</param>
    /// <param name="elu">Whether ELU (α = 1) follows.</param>
    public TransposedConvLayer(float[] weights, float[] bias, int inChannels, int outChannels, int width, int stride, bool elu)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        Width = width;
        Stride = stride;
        Padding = (width - stride + 1) / 2;
        Elu = elu;
        Bias = bias;
        Reordered = new float[inChannels * width * outChannels];
        for (int c = 0; c < inChannels; c++)
        {
            for (int o = 0; o < outChannels; o++)
            {
                for (int t = 0; t < width; t++)
                {
                    Reordered[(c * width * outChannels) + (t * outChannels) + o] = weights[(((c * outChannels) + o) * width) + t];
                }
            }
        }
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int Width { get; }

    public int Stride { get; }

    public int Padding { get; }

    public bool Elu { get; }

    public float[] Bias { get; }

    /// <summary><c>[Cin][w·Cout]</c>: the GEMM's right-hand matrix.</summary>
    public float[] Reordered { get; }

    /// <summary>Columns of the product per input step, <c>w·Cout</c>.</summary>
    public int Columns => Width * OutChannels;

    public long MultiplyAccumulatesPerInputStep => (long)InChannels * OutChannels * Width;

    /// <summary>Overlap-adds a product <paramref name="z"/> (<c>T × columnsTotal</c>, this layer's block starting at
    /// <paramref name="columnOffset"/>) into <paramref name="y"/> (<c>T·s × Cout</c>), then adds the bias and applies
    /// ELU when the layer has one.</summary>
    public void OverlapAdd(ReadOnlySpan<float> z, int steps, int columnsTotal, int columnOffset, Span<float> y, Span<float> scratch)
    {
        int cout = OutChannels, s = Stride, p = Padding, w = Width;
        int outLength = steps * s;
        Span<float> target = y[..(outLength * cout)];
        if (cout == 1)
        {
            target.Fill(Bias[0]);
        }
        else
        {
            for (int j = 0; j < outLength; j++)
            {
                Bias.AsSpan().CopyTo(target.Slice(j * cout, cout));
            }
        }

        for (int i = 0; i < steps; i++)
        {
            ReadOnlySpan<float> zRow = z.Slice((i * columnsTotal) + columnOffset, w * cout);
            int first = (i * s) - p;
            int tStart = Math.Max(0, -first);
            int tEnd = Math.Min(w, outLength - first);
            if (tEnd <= tStart)
            {
                continue;
            }

            // Taps tStart … tEnd − 1 land on consecutive output rows: one contiguous add.
            Span<float> dst = target.Slice((first + tStart) * cout, (tEnd - tStart) * cout);
            TensorPrimitives.Add(dst, zRow.Slice(tStart * cout, (tEnd - tStart) * cout), dst);
        }

        if (Elu)
        {
            ApplyElu(target, scratch[..target.Length]);
        }
    }

    /// <summary>ELU with α = 1: <c>x</c> for <c>x &gt; 0</c>, <c>eˣ − 1</c> otherwise, as <c>max(x, 0) + (e^{min(x, 0)} − 1)</c>.</summary>
    internal static void ApplyElu(Span<float> x, Span<float> scratch)
    {
        TensorPrimitives.Min(x, 0f, scratch);
        TensorPrimitives.Exp(scratch, scratch);
        TensorPrimitives.Subtract(scratch, 1f, scratch);
        TensorPrimitives.Max(x, 0f, x);
        TensorPrimitives.Add(x, scratch, x);
    }
}

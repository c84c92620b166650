namespace Phase.Neural.Managed;

/// <summary>
/// A 1-D convolution over frequency with 'same' zero padding (ONNX <c>Conv</c>, group 1, stride 1), its weights
/// re-laid out for <see cref="FrequencyConvolution"/>: output channels in blocks of four, and within a block
/// <c>[c][t][4]</c> so that the four weights of one input tap are adjacent.
/// </summary>
internal sealed class ConvLayer
{
    /// <summary>Output channels per block.</summary>
    public const int Block = 4;

    /// <param name="weights">ONNX layout <c>[Cout, Cin, k]</c>.</param>
    /// <param name="bias"><c>Cout</c> values, or null for none.</param>
    /// <param name="outChannels">Cout.</param>
    /// <param name="inChannels">Cin.</param>
    /// <param name="kernel">k, odd.</param>
    /// <param name="dilation">Dilation ≥ 1.</param>
    /// <param name="relu">Whether ReLU follows.</param>
    public ConvLayer(float[] weights, float[]? bias, int outChannels, int inChannels, int kernel, int dilation, bool relu)
    {
        OutChannels = outChannels;
        InChannels = inChannels;
        Kernel = kernel;
        Dilation = dilation;
        Relu = relu;
        PaddedOutChannels = (outChannels + Block - 1) / Block * Block;
        Packed = new float[PaddedOutChannels * inChannels * kernel];
        Bias = new float[PaddedOutChannels];
        for (int o = 0; o < outChannels; o++)
        {
            int block = o / Block, lane = o % Block;
            for (int c = 0; c < inChannels; c++)
            {
                for (int t = 0; t < kernel; t++)
                {
                    Packed[((((block * inChannels) + c) * kernel) + t) * Block + lane] = weights[(((o * inChannels) + c) * kernel) + t];
                }
            }

            Bias[o] = bias is null ? 0f : bias[o];
        }
    }

    public int OutChannels { get; }

    /// <summary>Output channels rounded up to a multiple of <see cref="Block"/> (the extra ones have zero weights).</summary>
    public int PaddedOutChannels { get; }

    public int InChannels { get; }

    public int Kernel { get; }

    public int Dilation { get; }

    /// <summary>Zero padding on each side, <c>dilation·(k − 1)/2</c>.</summary>
    public int HalfSpan => Dilation * (Kernel - 1) / 2;

    public bool Relu { get; }

    /// <summary><c>[Cout/4][Cin][k][4]</c>.</summary>
    public float[] Packed { get; }

    /// <summary><c>PaddedOutChannels</c> values.</summary>
    public float[] Bias { get; }

    public long MultiplyAccumulatesPerBin => (long)OutChannels * InChannels * Kernel;
}

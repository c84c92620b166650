using System.Globalization;
using Phase.Neural.Managed;
using Phase.Neural.Onnx;

namespace Phase.Neural.Mcnn;

/// <summary>
/// Recognises the MCNN graph in an ONNX model (level normalisation, <c>heads</c> chains of transposed convolutions with
/// ELU, per-head scale, sum, level-scaled softsign) and extracts its weights; refuses anything else, saying which
/// part of the graph differs.
/// </summary>
internal static class McnnGraph
{
    public sealed record Parts(TransposedConvLayer[][] Heads, float[] HeadScales, float A, float B, float OutputScale, int Bins);

    public static Parts Read(OnnxModel onnx, NeuralModelMetadata meta)
    {
        string src = onnx.Source;
        if (onnx.Inputs.Count != 1 || onnx.Outputs.Count != 1)
        {
            throw Wrong(src, string.Create(CultureInfo.InvariantCulture, $"it has {onnx.Inputs.Count} inputs and {onnx.Outputs.Count} outputs (MCNN has one of each)"));
        }

        OnnxValueInfo input = onnx.Inputs[0], output = onnx.Outputs[0];
        if (input.Name != meta.InputName || output.Name != meta.OutputName)
        {
            throw Wrong(src, $"its input/output are '{input.Name}'/'{output.Name}' but the metadata names '{meta.InputName}'/'{meta.OutputName}'");
        }

        if (input.ElementType != 1 || input.Shape.Count != 3 || input.Shape[2] != (meta.FftSize / 2) + 1)
        {
            throw Wrong(src, string.Create(CultureInfo.InvariantCulture, $"its input '{input.Name}' is {input.ShapeText()}; MCNN takes float [batch, frames, {(meta.FftSize / 2) + 1}]"));
        }

        if (output.Shape.Count != 2)
        {
            throw Wrong(src, $"its output '{output.Name}' is {output.ShapeText()}; MCNN gives [batch, samples]");
        }

        int bins = (int)input.Shape[2];
        var nodes = onnx.Nodes.Where(n => n.OpType != "Constant").ToList();
        var constants = onnx.Nodes.Where(n => n.OpType == "Constant").ToDictionary(n => n.Outputs[0], n => n.ConstantScalar(), StringComparer.Ordinal);
        int at = 0;
        OnnxNode Next(string op)
        {
            if (at >= nodes.Count || nodes[at].OpType != op || !string.IsNullOrEmpty(nodes[at].Domain))
            {
                string found = at < nodes.Count ? nodes[at].OpType : "the end of the graph";
                throw Wrong(src, string.Create(CultureInfo.InvariantCulture, $"node {at} (not counting constants) is {found} where MCNN has {op}"));
            }

            return nodes[at++];
        }

        string Peek() => at < nodes.Count ? nodes[at].OpType : string.Empty;

        // Level normalisation: g = max(S) (clipped at 1e-30), x = transpose(S / g).
        OnnxNode reduce = Next("ReduceMax");
        Expect(src, reduce.Inputs[0] == input.Name && reduce.Ints("axes") is [1, 2], "the level normalisation does not take the maximum over frames and bins");
        Next("Clip");
        Next("Unsqueeze");
        Next("Unsqueeze");
        OnnxNode div = Next("Div");
        Expect(src, div.Inputs[0] == input.Name, "the input is not divided by its level");
        OnnxNode transpose = Next("Transpose");
        Expect(src, transpose.Inputs[0] == div.Outputs[0] && transpose.Ints("perm") is [0, 2, 1], "the normalised input is not transposed to [batch, bins, frames]");

        var heads = new List<TransposedConvLayer[]>();
        var scales = new List<float>();
        string? sum = null;
        while (Peek() == "ConvTranspose")
        {
            var layers = new List<TransposedConvLayer>();
            string current = transpose.Outputs[0];
            int channels = bins;
            while (true)
            {
                OnnxNode conv = Next("ConvTranspose");
                bool elu = Peek() == "Elu";
                TransposedConvLayer layer = ReadLayer(onnx, conv, current, channels, elu);
                current = conv.Outputs[0];
                if (elu)
                {
                    OnnxNode e = Next("Elu");
                    Expect(src, e.Inputs[0] == current && (e.Float("alpha") ?? 1f) == 1f, "an ELU is not the α = 1 activation of its convolution");
                    current = e.Outputs[0];
                }

                layers.Add(layer);
                channels = layer.OutChannels;
                if (!elu)
                {
                    break;
                }
            }

            Expect(src, channels == 1, "a head does not end in one channel");
            OnnxNode mul = Next("Mul");
            string? scaleName = mul.Inputs.FirstOrDefault(i => i != current);
            Expect(src, mul.Inputs.Contains(current) && scaleName is not null && onnx.HasInitializer(scaleName), "a head's output is not multiplied by its scale");
            scales.Add(Scalar(onnx, scaleName!));
            heads.Add([.. layers]);
            if (sum is null)
            {
                sum = mul.Outputs[0];
            }
            else
            {
                OnnxNode add = Next("Add");
                Expect(src, add.Inputs.Contains(sum) && add.Inputs.Contains(mul.Outputs[0]), "the heads are not summed");
                sum = add.Outputs[0];
            }
        }

        if (heads.Count == 0 || sum is null)
        {
            throw Wrong(src, "it has no head (a chain of ConvTranspose layers)");
        }

        TransposedConvLayer[] first = heads[0];
        foreach (TransposedConvLayer[] h in heads)
        {
            Expect(src, h.Length == first.Length && h.Zip(first).All(p => p.First.Stride == p.Second.Stride && p.First.Width == p.Second.Width && p.First.OutChannels == p.Second.OutChannels),
                "its heads differ in shape (the managed inference needs identical heads)");
        }

        int hop = first.Aggregate(1, (acc, l) => acc * l.Stride);
        Expect(src, hop == meta.Hop, string.Create(CultureInfo.InvariantCulture, $"the product of its strides is {hop} but the metadata's hop is {meta.Hop}"));

        // Tail: y = Gather(sum); g = Gather(level); out = (g·c)·(a·y / (1 + |b·y|)).
        OnnxNode gather = Next("Gather");
        Expect(src, gather.Inputs[0] == sum, "the head sum is not reduced to the waveform");
        Next("Gather");
        OnnxNode levelMul = Next("Mul");
        float? outputScale = levelMul.Inputs.Select(i => constants.TryGetValue(i, out float? v) ? v : null).FirstOrDefault(v => v is not null);
        Expect(src, outputScale is > 0f, "the output level factor is not a positive constant");
        OnnxNode mulA = Next("Mul");
        OnnxNode mulB = Next("Mul");
        OnnxNode abs = Next("Abs");
        OnnxNode add1 = Next("Add");
        OnnxNode divide = Next("Div");
        OnnxNode final = Next("Mul");
        string y = gather.Outputs[0];
        string? aName = mulA.Inputs.FirstOrDefault(i => i != y), bName = mulB.Inputs.FirstOrDefault(i => i != y);
        Expect(src, mulA.Inputs.Contains(y) && mulB.Inputs.Contains(y) && aName is not null && bName is not null && onnx.HasInitializer(aName) && onnx.HasInitializer(bName)
            && abs.Inputs[0] == mulB.Outputs[0] && add1.Inputs.Contains(abs.Outputs[0])
            && add1.Inputs.Any(i => constants.TryGetValue(i, out float? one) && one == 1f)
            && divide.Inputs[0] == mulA.Outputs[0] && divide.Inputs[1] == add1.Outputs[0]
            && final.Inputs.Contains(levelMul.Outputs[0]) && final.Inputs.Contains(divide.Outputs[0]) && final.Outputs[0] == output.Name,
            "the output is not the level-scaled softsign a·y/(1 + |b·y|)");
        if (at != nodes.Count)
        {
            throw Wrong(src, $"it has extra nodes after the output ({nodes[at].OpType})");
        }

        return new Parts([.. heads], [.. scales], Scalar(onnx, aName!), Scalar(onnx, bName!), outputScale!.Value, bins);
    }

    private static TransposedConvLayer ReadLayer(OnnxModel onnx, OnnxNode conv, string expectedInput, int inChannels, bool elu)
    {
        string src = onnx.Source;
        Expect(src, conv.Inputs[0] == expectedInput, $"the transposed convolution '{conv.Name}' does not read the previous layer");
        Expect(src, conv.Inputs.Count == 3 && onnx.HasInitializer(conv.Inputs[1]) && onnx.HasInitializer(conv.Inputs[2]),
            $"the transposed convolution '{conv.Name}' does not have initializer weights and bias");
        float[] w = onnx.GetInitializer(conv.Inputs[1], out long[] shape);
        float[] b = onnx.GetInitializer(conv.Inputs[2], out long[] bshape);
        if (shape.Length != 3 || shape[0] != inChannels || shape[1] <= 0 || shape[2] <= 0 || bshape is not [long nb] || nb != shape[1])
        {
            throw Wrong(src, $"the weights of '{conv.Name}' are [{string.Join(", ", shape)}]; expected [{inChannels}, out, width] and a bias of 'out' values");
        }

        int cout = (int)shape[1], width = (int)shape[2];
        long stride = conv.Ints("strides") is [long s] ? s : 1;
        long[] pads = conv.Ints("pads") ?? [0, 0];
        long p = (width - stride + 1) / 2;
        long outputPadding = conv.Ints("output_padding") is [long op] ? op : 0;
        Expect(src, (conv.Int("group") ?? 1) == 1 && (conv.Ints("dilations") ?? [1]) is [1] && stride >= 1 && width >= stride
            && pads.Length == 2 && pads[0] == p && pads[1] == p && outputPadding == (2 * p) - (width - stride)
            && conv.Ints("output_shape") is null && conv.Ints("auto_pad") is null,
            $"the transposed convolution '{conv.Name}' is not a group-1 convolution with stride s, pads ⌈(w − s)/2⌉ and output length T·s");
        return new TransposedConvLayer(w, b, inChannels, cout, width, (int)stride, elu);
    }

    private static float Scalar(OnnxModel onnx, string name)
    {
        float[] v = onnx.GetInitializer(name, out _);
        return v.Length == 1 ? v[0] : throw Wrong(onnx.Source, $"the initializer '{name}' is not a scalar");
    }

    private static void Expect(string src, bool condition, string what)
    {
        if (!condition)
        {
            throw Wrong(src, what);
        }
    }

    private static InvalidDataException Wrong(string src, string what) =>
        new(DisplayText.Escape($"ONNX model '{src}' is not the MCNN architecture Phase runs: {what}.", 2000));
}

using System.Globalization;
using Phase.Neural.Managed;
using Phase.Neural.Onnx;

namespace Phase.Neural.GtNet;

/// <summary>
/// Recognises the gtnet graph in an ONNX model and extracts its layers; refuses anything else with a message that
/// says which part of the graph differs (the managed inference runs exactly this graph, nothing more general).
/// </summary>
internal static class GtNetGraph
{
    public delegate GtNetModel Factory(ConvLayer[] hidden, ConvLayer output, ConvLayer skip, int context, int bins, long parameters);

    public static GtNetModel Build(OnnxModel onnx, NeuralModelMetadata meta, Factory factory)
    {
        string src = onnx.Source;
        if (onnx.Inputs.Count != 1 || onnx.Outputs.Count != 1)
        {
            throw Wrong(src, string.Create(CultureInfo.InvariantCulture, $"it has {onnx.Inputs.Count} inputs and {onnx.Outputs.Count} outputs (gtnet has one of each)"));
        }

        OnnxValueInfo input = onnx.Inputs[0], output = onnx.Outputs[0];
        if (input.Name != meta.InputName || output.Name != meta.OutputName)
        {
            throw Wrong(src, $"its input/output are '{input.Name}'/'{output.Name}' but the metadata names '{meta.InputName}'/'{meta.OutputName}'");
        }

        if (input.ElementType != 1 || input.Shape.Count != 3 || input.Shape[1] <= 0 || input.Shape[2] <= 0)
        {
            throw Wrong(src, $"its input '{input.Name}' is {input.ShapeText()}; gtnet takes float [batch, frames, bins]");
        }

        int context = (int)input.Shape[1], bins = (int)input.Shape[2];
        if (output.Shape.Count != 3 || output.Shape[1] != 2 || output.Shape[2] != bins)
        {
            throw Wrong(src, $"its output '{output.Name}' is {output.ShapeText()}; gtnet gives [batch, 2, {bins}]");
        }

        if (bins != (meta.FftSize / 2) + 1)
        {
            throw Wrong(src, string.Create(CultureInfo.InvariantCulture, $"its input has {bins} bins but the metadata's FFT size {meta.FftSize} has {(meta.FftSize / 2) + 1}"));
        }

        int lookahead = meta.LookaheadFrames ?? -1, past = meta.PastFrames ?? -1;
        if (lookahead < 0 || past < 0 || past + 1 + lookahead != context)
        {
            throw Wrong(src, string.Create(CultureInfo.InvariantCulture, $"its metadata says {past} past and {lookahead} look-ahead frames but the input holds {context} frames"));
        }

        // The nodes without the Constant nodes, in order.
        var nodes = onnx.Nodes.Where(n => n.OpType != "Constant").ToList();
        var constants = onnx.Nodes.Where(n => n.OpType == "Constant").ToDictionary(n => n.Outputs[0], n => n.ConstantScalar(), StringComparer.Ordinal);
        int at = 0;
        OnnxNode Next(string op)
        {
            if (at >= nodes.Count || nodes[at].OpType != op || !string.IsNullOrEmpty(nodes[at].Domain))
            {
                string found = at < nodes.Count ? nodes[at].OpType : "the end of the graph";
                throw Wrong(src, string.Create(CultureInfo.InvariantCulture, $"node {at} (not counting constants) is {found} where gtnet has {op}"));
            }

            return nodes[at++];
        }

        float ConstantInput(OnnxNode node, int index, string what)
        {
            if (node.Inputs.Count <= index || !constants.TryGetValue(node.Inputs[index], out float? v) || v is null)
            {
                throw Wrong(src, $"the {what} of the input normalisation is not a float constant");
            }

            return v.Value;
        }

        // Normalisation: ReduceMax(axes 1,2) → Mul(1e-5) → Max(S, ·) → Clip(1e-30) → Log; Clip(M, 1e-30) → Log; Sub.
        OnnxNode reduce = Next("ReduceMax");
        if (reduce.Inputs[0] != input.Name || reduce.Ints("axes") is not [1, 2] || reduce.Int("keepdims") is not 1)
        {
            throw Wrong(src, "the input normalisation does not take the maximum over frames and bins");
        }

        OnnxNode mul = Next("Mul");
        Expect(src, Math.Abs(ConstantInput(mul, 1, "log floor") - 1e-5f) <= 1e-9f, "the log floor is not 1e-5 of the maximum");
        OnnxNode max = Next("Max");
        OnnxNode clip = Next("Clip");
        Expect(src, ConstantInput(clip, 1, "clip") is > 0f and <= 1e-29f, "the magnitude clip is not 1e-30");
        OnnxNode log = Next("Log");
        OnnxNode clipM = Next("Clip");
        Expect(src, ConstantInput(clipM, 1, "clip") is > 0f and <= 1e-29f, "the maximum's clip is not 1e-30");
        OnnxNode logM = Next("Log");
        OnnxNode sub = Next("Sub");
        Expect(src, max.Inputs.Contains(input.Name) && max.Inputs.Contains(mul.Outputs[0]) && clip.Inputs[0] == max.Outputs[0]
            && log.Inputs[0] == clip.Outputs[0] && clipM.Inputs[0] == reduce.Outputs[0] && logM.Inputs[0] == clipM.Outputs[0]
            && sub.Inputs[0] == log.Outputs[0] && sub.Inputs[1] == logM.Outputs[0], "the input normalisation is wired differently");
        string logMagnitude = sub.Outputs[0];

        // Hidden layers: (Conv → Relu)*, then Conv (output), Conv (skip on the log-magnitudes), Add.
        var hidden = new List<ConvLayer>();
        long parameters = 0;
        string current = logMagnitude;
        int channels = context;
        while (at + 1 < nodes.Count && nodes[at].OpType == "Conv" && nodes[at + 1].OpType == "Relu")
        {
            OnnxNode conv = Next("Conv");
            OnnxNode relu = Next("Relu");
            Expect(src, relu.Inputs[0] == conv.Outputs[0], "a ReLU does not follow its convolution");
            ConvLayer layer = ReadConv(onnx, conv, current, channels, true, true, ref parameters);
            hidden.Add(layer);
            channels = layer.OutChannels;
            current = relu.Outputs[0];
        }

        if (hidden.Count == 0)
        {
            string found = string.Join(" → ", nodes.Skip(at).Take(3).Select(n => n.OpType));
            throw Wrong(src, $"it has no hidden Conv → Relu layer after the input normalisation (found {found})");
        }

        OnnxNode outConv = Next("Conv");
        ConvLayer outLayer = ReadConv(onnx, outConv, current, channels, true, false, ref parameters);
        OnnxNode skipConv = Next("Conv");
        ConvLayer skipLayer = ReadConv(onnx, skipConv, logMagnitude, context, false, false, ref parameters);
        OnnxNode add = Next("Add");
        Expect(src, outLayer.OutChannels == 2 && skipLayer.OutChannels == 2, "the output convolutions do not have 2 channels");
        Expect(src, add.Outputs[0] == output.Name && add.Inputs.Contains(outConv.Outputs[0]) && add.Inputs.Contains(skipConv.Outputs[0]),
            "the output is not the sum of the output and skip convolutions");
        if (at != nodes.Count)
        {
            throw Wrong(src, $"it has extra nodes after the output ({nodes[at].OpType})");
        }

        if (meta.ParameterCount is long stated && stated != parameters)
        {
            throw Wrong(src, string.Create(CultureInfo.InvariantCulture, $"its metadata states {stated} parameters but the graph holds {parameters}"));
        }

        return factory([.. hidden], outLayer, skipLayer, context, bins, parameters);
    }

    private static ConvLayer ReadConv(OnnxModel onnx, OnnxNode conv, string expectedInput, int inChannels, bool bias, bool relu, ref long parameters)
    {
        string src = onnx.Source;
        if (conv.Inputs[0] != expectedInput)
        {
            throw Wrong(src, $"the convolution '{conv.Name}' does not read the previous layer");
        }

        if (conv.Inputs.Count < 2 || !onnx.HasInitializer(conv.Inputs[1]))
        {
            throw Wrong(src, $"the weights of convolution '{conv.Name}' are not an initializer");
        }

        float[] w = onnx.GetInitializer(conv.Inputs[1], out long[] shape);
        if (shape.Length != 3 || shape[1] != inChannels || shape[0] <= 0 || shape[2] <= 0 || shape[2] % 2 == 0)
        {
            throw Wrong(src, $"the weights of convolution '{conv.Name}' are [{string.Join(", ", shape)}]; expected [out, {inChannels}, odd kernel]");
        }

        int cout = (int)shape[0], k = (int)shape[2];
        float[]? b = null;
        bool hasBias = conv.Inputs.Count > 2 && conv.Inputs[2].Length > 0;
        if (hasBias != bias)
        {
            throw Wrong(src, $"the convolution '{conv.Name}' {(bias ? "lacks" : "has")} a bias");
        }

        if (hasBias)
        {
            b = onnx.GetInitializer(conv.Inputs[2], out long[] bshape);
            if (bshape is not [long n] || n != cout)
            {
                throw Wrong(src, $"the bias of convolution '{conv.Name}' does not have {cout} values");
            }
        }

        long dilation = conv.Ints("dilations") is [long d] ? d : 1;
        long group = conv.Int("group") ?? 1;
        long[] strides = conv.Ints("strides") ?? [1];
        long[] pads = conv.Ints("pads") ?? [0, 0];
        long[]? kernelShape = conv.Ints("kernel_shape");
        long half = dilation * (k - 1) / 2;
        if (group != 1 || strides is not [1] || pads.Length != 2 || pads[0] != half || pads[1] != half || dilation < 1
            || (kernelShape is not null && (kernelShape.Length != 1 || kernelShape[0] != k)) || conv.Ints("auto_pad") is not null)
        {
            throw Wrong(src, $"the convolution '{conv.Name}' is not a stride-1, group-1 convolution with 'same' zero padding");
        }

        parameters += w.Length + (b?.Length ?? 0);
        return new ConvLayer(w, b, cout, inChannels, k, (int)dilation, relu);
    }

    private static void Expect(string src, bool condition, string what)
    {
        if (!condition)
        {
            throw Wrong(src, what);
        }
    }

    private static InvalidDataException Wrong(string src, string what) =>
        new(DisplayText.Escape($"ONNX model '{src}' is not the gtnet architecture Phase runs: {what}.", 2000));
}

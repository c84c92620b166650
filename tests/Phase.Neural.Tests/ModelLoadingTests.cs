using Google.Protobuf;
using Phase.Neural.GtNet;
using Phase.Neural.Mcnn;
using Phase.Neural.Onnx;
using Phase.Neural.Onnx.Proto;

namespace Phase.Tests;

/// <summary>Model files that are corrupt, truncated, for other STFT settings or of another architecture are refused
/// with a message that says what is wrong.</summary>
public sealed class ModelLoadingTests
{
    private static byte[] Causal => File.ReadAllBytes(ModelFiles.Path("gtnet-causal.onnx"));

    private static byte[] Edit(byte[] bytes, Action<ModelProto> edit)
    {
        ModelProto m = ModelProto.Parser.ParseFrom(bytes);
        edit(m);
        return m.ToByteArray();
    }

    [Fact]
    public void Shipped_files_load_with_their_metadata()
    {
        GtNetModel causal = GtNetModel.Load(ModelFiles.Path("gtnet-causal.onnx"));
        Assert.Equal("gtnet", causal.Metadata.ModelKind);
        Assert.Equal(22050, causal.Metadata.SampleRate);
        Assert.Equal(1024, causal.Metadata.FftSize);
        Assert.Equal(256, causal.Metadata.Hop);
        Assert.Equal(WindowKind.Hann, causal.Metadata.Window);
        Assert.Equal(0, causal.LookaheadFrames);
        Assert.Equal("magnitude", causal.Metadata.InputName);
        Assert.Equal(1, GtNetModel.Load(ModelFiles.Path("gtnet-lookahead.onnx")).LookaheadFrames);
        McnnModel mcnn = McnnModel.Load(ModelFiles.Path("mcnn.onnx"));
        Assert.Equal("waveform", mcnn.Metadata.OutputName);
        Assert.Equal(256, mcnn.Hop);
    }

    [Fact]
    public void Empty_and_corrupt_bytes_are_rejected()
    {
        var empty = Assert.Throws<InvalidDataException>(() => OnnxModel.Load([], "empty.onnx"));
        Assert.Contains("empty", empty.Message, StringComparison.Ordinal);
        var random = new byte[4096];
        new Random(7).NextBytes(random);
        var corrupt = Assert.Throws<InvalidDataException>(() => GtNetModel.Load(random, "noise.onnx"));
        Assert.Contains("noise.onnx", corrupt.Message, StringComparison.Ordinal);
        byte[] text = "this is not a model"u8.ToArray();
        Assert.Throws<InvalidDataException>(() => GtNetModel.Load(text, "text.onnx"));
    }

    [Theory]
    [InlineData(0.999)]
    [InlineData(0.9)]
    [InlineData(0.5)]
    [InlineData(0.1)]
    [InlineData(0.01)]
    public void Truncated_files_are_rejected(double fraction)
    {
        byte[] bytes = Causal;
        byte[] cut = bytes[..(int)(bytes.Length * fraction)];
        var e = Assert.Throws<InvalidDataException>(() => GtNetModel.Load(cut, "cut.onnx"));
        Assert.Contains("cut.onnx", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_reported_by_name()
    {
        var e = Assert.Throws<FileNotFoundException>(() => GtNetModel.Load("/nonexistent/model.onnx"));
        Assert.Contains("/nonexistent/model.onnx", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_that_differ_from_the_metadata_are_rejected_naming_each_difference()
    {
        var e = Assert.Throws<ArgumentException>(() => GtNetModel.Causal.CreateSource(new StftSettings(1024, 128, sampleRate: 16000)));
        Assert.Equal("settings", e.ParamName);
        Assert.Contains("sample rate 16000", e.Message, StringComparison.Ordinal);
        Assert.Contains("hop 128", e.Message, StringComparison.Ordinal);
        // The reconstructors check the shipped model when it is used (a model of the caller's may still be applied).
        var w = Assert.Throws<ArgumentException>(() => new McnnReconstructor(new StftSettings(1024, 256, window: WindowKind.Hamming)).ThrowIfIncompatible());
        Assert.Contains("window Hamming", w.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new GtNetReconstructor(new StftSettings(512, 128)).ThrowIfIncompatible());
    }

    [Fact]
    public void A_model_whose_metadata_differs_is_rejected_for_the_default_settings()
    {
        byte[] bytes = Edit(Causal, m => m.MetadataProps.Single(p => p.Key == "sample_rate").Value = "16000");
        GtNetModel model = GtNetModel.Load(bytes, "16k.onnx");
        var e = Assert.Throws<ArgumentException>(() => model.CreateSource(StftSettings.Default));
        Assert.Contains("sample rate 22050 Hz (the model needs 16000)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new GtNetReconstructor(StftSettings.Default) { Model = model });
    }

    [Fact]
    public void Missing_metadata_is_named()
    {
        byte[] bytes = Edit(Causal, m =>
        {
            StringStringEntryProto hop = m.MetadataProps.Single(p => p.Key == "hop");
            m.MetadataProps.Remove(hop);
        });
        var e = Assert.Throws<InvalidDataException>(() => GtNetModel.Load(bytes, "nohop.onnx"));
        Assert.Contains("'hop'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_of_the_other_kind_is_rejected()
    {
        var e = Assert.Throws<InvalidDataException>(() => McnnModel.Load(ModelFiles.Path("gtnet-causal.onnx")));
        Assert.Contains("not MCNN", e.Message, StringComparison.Ordinal);
        var g = Assert.Throws<InvalidDataException>(() => GtNetModel.Load(ModelFiles.Path("mcnn.onnx")));
        Assert.Contains("not a gtnet", g.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_different_activation_is_not_the_gtnet_architecture()
    {
        byte[] bytes = Edit(Causal, m => m.Graph.Node.First(n => n.OpType == "Relu").OpType = "Sigmoid");
        var e = Assert.Throws<InvalidDataException>(() => GtNetModel.Load(bytes, "sigmoid.onnx"));
        Assert.Contains("not the gtnet architecture", e.Message, StringComparison.Ordinal);
        Assert.Contains("Sigmoid", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_strided_convolution_is_not_the_gtnet_architecture()
    {
        byte[] bytes = Edit(Causal, m =>
        {
            AttributeProto strides = m.Graph.Node.First(n => n.OpType == "Conv").Attribute.Single(a => a.Name == "strides");
            strides.Ints[0] = 2;
        });
        var e = Assert.Throws<InvalidDataException>(() => GtNetModel.Load(bytes, "strided.onnx"));
        Assert.Contains("stride-1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_extra_node_is_not_the_gtnet_architecture()
    {
        byte[] bytes = Edit(Causal, m =>
        {
            NodeProto last = m.Graph.Node.Last();
            last.Output[0] = "sum";
            var tanh = new NodeProto { OpType = "Tanh", Name = "extra" };
            tanh.Input.Add("sum");
            tanh.Output.Add("derivatives");
            m.Graph.Node.Add(tanh);
        });
        var e = Assert.Throws<InvalidDataException>(() => GtNetModel.Load(bytes, "extra.onnx"));
        Assert.Contains("not the gtnet architecture", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_of_the_wrong_size_are_rejected()
    {
        byte[] bytes = Edit(Causal, m =>
        {
            TensorProto w = m.Graph.Initializer.First(t => t.Name == "layers.0.weight");
            w.RawData = ByteString.CopyFrom(w.RawData.Span[..^4]);
        });
        var e = Assert.Throws<InvalidDataException>(() => GtNetModel.Load(bytes, "short-weights.onnx"));
        Assert.Contains("layers.0.weight", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_head_that_changes_shape_is_not_the_mcnn_architecture()
    {
        byte[] bytes = Edit(File.ReadAllBytes(ModelFiles.Path("mcnn.onnx")), m =>
            m.Graph.Node.First(n => n.OpType == "Elu").OpType = "Relu");
        var e = Assert.Throws<InvalidDataException>(() => McnnModel.Load(bytes, "relu-mcnn.onnx"));
        Assert.Contains("not the MCNN architecture", e.Message, StringComparison.Ordinal);
    }
}

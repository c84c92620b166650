using Phase.Neural;
using Phase.Neural.GtNet;
using Phase.Neural.Mcnn;

namespace Phase.Tests;

/// <summary>gtnet and mcnn by name: parameters, defaults and errors.</summary>
public sealed class NeuralMethodsTests
{
    private static ReconstructorDescriptor Get(string name) => NeuralMethods.Descriptors.Single(d => d.Name == name);

    [Fact]
    public void Gtnet_is_streaming_with_lookahead_one_by_default()
    {
        ReconstructorDescriptor d = Get("gtnet");
        Assert.True(d.IsStreaming);
        var settings = StftSettings.Default;
        Assert.Equal(settings.StreamingLatency + settings.Hop, d.Latency(settings));
        Assert.Equal(settings.StreamingLatency, d.Latency(settings, new ReconstructorParameters { Lookahead = 0 }));
        var r = Assert.IsType<GtNetReconstructor>(d.Create(settings));
        Assert.Equal(1, r.LookaheadFrames);
        Assert.Equal(NeuralBackend.Managed, r.Backend);
        using IStreamingPhaseReconstructor s = d.CreateStreaming(settings, new ReconstructorParameters { Lookahead = 0 });
        Assert.Equal(0, s.LookaheadFrames);
    }

    [Fact]
    public void Mcnn_is_offline()
    {
        ReconstructorDescriptor d = Get("mcnn");
        Assert.False(d.IsStreaming);
        Assert.Null(d.Latency(StftSettings.Default));
        var r = Assert.IsType<McnnReconstructor>(d.Create(StftSettings.Default, Params(("chunk", "64"))));
        Assert.Equal(64, r.ChunkFrames);
        Assert.Throws<NotSupportedException>(() => d.CreateStreaming(StftSettings.Default));
    }

    [Fact]
    public void Bad_parameters_are_rejected_with_what_is_allowed()
    {
        var settings = StftSettings.Default;
        var la = Assert.ThrowsAny<ArgumentException>(() => Get("gtnet").Create(settings, new ReconstructorParameters { Lookahead = 2 }));
        Assert.Contains("lookahead 0", la.Message, StringComparison.Ordinal);
        var backend = Assert.ThrowsAny<ArgumentException>(() => Get("gtnet").Create(settings, Params(("backend", "gpu"))));
        Assert.Contains("managed", backend.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<ArgumentException>(() => Get("mcnn").Create(settings, Params(("chunk", "many"))));
        Assert.ThrowsAny<ArgumentException>(() => Get("mcnn").Create(settings, Params(("chunk", "4"))));
        Assert.ThrowsAny<ArgumentException>(() => Get("gtnet").Create(settings, new ReconstructorParameters { Iterations = 3 }));
        var model = Assert.ThrowsAny<Exception>(() => Get("gtnet").Create(settings, Params(("model", "/nonexistent.onnx"))));
        Assert.Contains("/nonexistent.onnx", model.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_file_can_be_given_by_path()
    {
        var r = Assert.IsType<GtNetReconstructor>(Get("gtnet").Create(StftSettings.Default, Params(("model", ModelFiles.Path("gtnet-causal.onnx")))));
        Assert.Equal(0, r.LookaheadFrames);
        var e = Assert.ThrowsAny<ArgumentException>(() => Get("gtnet").Create(StftSettings.Default,
            new ReconstructorParameters { Lookahead = 1, Extra = new Dictionary<string, string> { ["model"] = ModelFiles.Path("gtnet-causal.onnx") } }));
        Assert.Contains("look-ahead 0", e.Message, StringComparison.Ordinal);
    }

    private static ReconstructorParameters Params(params (string Key, string Value)[] extra) =>
        new() { Extra = extra.ToDictionary(p => p.Key, p => p.Value) };
}

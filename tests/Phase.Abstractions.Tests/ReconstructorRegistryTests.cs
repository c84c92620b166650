namespace Phase.Tests;

public class ReconstructorRegistryTests
{
    private sealed class Fake(string name, StftSettings settings) : IPhaseReconstructor
    {
        public string Name { get; } = name;

        public StftSettings Settings { get; } = settings;

        public PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null) =>
            new(new float[1]);
    }

    private static ReconstructorDescriptor Offline(string name, params string[] parameters) =>
        new(name, "test method", parameters, latency: null, (s, _) => new Fake(name, s));

    [Fact]
    public void Lookup_is_case_insensitive_and_unknown_names_list_the_available_ones()
    {
        var registry = new ReconstructorRegistry().Add([Offline("gla", "iterations"), Offline("spsi")]);
        Assert.Equal("gla", registry.Get("GLA").Name);
        var e = Assert.Throws<ArgumentException>(() => registry.Get("glaa"));
        Assert.Contains("gla, spsi", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_a_method_does_not_take_are_rejected_by_name()
    {
        var registry = new ReconstructorRegistry().Add([Offline("spsi")]);
        var e = Assert.Throws<ArgumentException>(() => registry.Create("spsi", StftSettings.Default, new ReconstructorParameters { Alpha = 0.5 }));
        Assert.Contains("'alpha'", e.Message, StringComparison.Ordinal);
        Assert.Contains("no parameters", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepted_parameters_pass_through_to_the_factory()
    {
        ReconstructorParameters? seen = null;
        var d = new ReconstructorDescriptor("gla", "t", ["iterations"], null, (s, p) => { seen = p; return new Fake("gla", s); });
        var p = new ReconstructorParameters { Iterations = 7 };
        var r = new ReconstructorRegistry().Add([d]).Create("gla", StftSettings.Default, p);
        Assert.Same(p, seen);
        Assert.Equal("gla", r.Name);
    }

    [Fact]
    public void Duplicate_names_and_streaming_requests_for_offline_methods_are_rejected()
    {
        var registry = new ReconstructorRegistry().Add([Offline("gla")]);
        Assert.Throws<ArgumentException>(() => registry.Add([Offline("gla")]));
        Assert.Throws<NotSupportedException>(() => registry.CreateStreaming("gla", StftSettings.Default));
        Assert.Null(registry.Get("gla").Latency(StftSettings.Default));
        Assert.False(registry.Get("gla").IsStreaming);
    }

    [Fact]
    public void Descriptor_requires_latency_exactly_for_streaming_methods()
    {
        Assert.Throws<ArgumentException>(() => new ReconstructorDescriptor("x", "t", [], (s, _) => s.StreamingLatency, (s, _) => new Fake("x", s)));
        Assert.Throws<ArgumentException>(() => new ReconstructorDescriptor("X", "t", [], null, (s, _) => new Fake("x", s)));
    }

    [Fact]
    public void Set_parameter_names_cover_every_field()
    {
        var p = new ReconstructorParameters
        {
            Iterations = 1, Alpha = 0, Lookahead = 1, TargetSpectralConvergenceDb = -30, Initialization = "zero", Tolerance = 1e-5,
            Extra = new Dictionary<string, string> { ["model"] = "m.onnx" },
        };
        Assert.Equal(["iterations", "alpha", "lookahead", "target-sc", "init", "tolerance", "model"], p.SetParameterNames().ToArray());
    }
}

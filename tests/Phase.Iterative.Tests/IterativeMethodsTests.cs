using Phase.Iterative;

namespace Phase.Tests.Iterative;

public class IterativeMethodsTests
{
    private static readonly StftSettings Settings = TestAudio.Speech;

    [Fact]
    public void Descriptors_list_the_four_methods_with_parameters_and_latency()
    {
        IReadOnlyList<ReconstructorDescriptor> d = IterativeMethods.Descriptors;
        Assert.Equal(["gla", "fgla", "rtisila", "spsi"], d.Select(m => m.Name));
        Assert.Equal(["iterations", "target-sc", "init"], d[0].Parameters);
        Assert.Equal(["iterations", "alpha", "target-sc", "init"], d[1].Parameters);
        Assert.Equal(["lookahead", "iterations", "alpha"], d[2].Parameters);
        Assert.Empty(d[3].Parameters);

        Assert.Null(d[0].Latency(Settings));
        Assert.Null(d[1].Latency(Settings));
        Assert.Equal(1024 - 256 + 3 * 256, d[2].Latency(Settings));
        Assert.Equal(1024 - 256 + 5 * 256, d[2].Latency(Settings, new ReconstructorParameters { Lookahead = 5 }));
        Assert.Equal(1024 - 256, d[3].Latency(Settings));
        Assert.False(d[0].IsStreaming);
        Assert.True(d[2].IsStreaming && d[3].IsStreaming);
    }

    [Fact]
    public void Parameters_reach_the_methods()
    {
        var registry = new ReconstructorRegistry().Add(IterativeMethods.Descriptors);
        var fgla = Assert.IsType<FastGriffinLim>(registry.Create("FGLA", Settings, new ReconstructorParameters
        {
            Iterations = 32,
            Alpha = 0.5,
            TargetSpectralConvergenceDb = -40,
            Initialization = "random",
        }));
        Assert.Equal(32, fgla.Iterations);
        Assert.Equal(0.5, fgla.Alpha);
        Assert.Equal(-40, fgla.TargetSpectralConvergenceDb);
        Assert.Equal(PhaseInitializationKind.Random, fgla.Initialization.Kind);

        var defaults = Assert.IsType<FastGriffinLim>(registry.Create("fgla", Settings));
        Assert.Equal(FastGriffinLim.DefaultIterations, defaults.Iterations);
        Assert.Equal(FastGriffinLim.DefaultAlpha, defaults.Alpha);
        Assert.Equal(PhaseInitializationKind.Spsi, defaults.Initialization.Kind);

        var gla = Assert.IsType<GriffinLim>(registry.Create("gla", Settings, new ReconstructorParameters { Iterations = 7, Initialization = "zero" }));
        Assert.Equal(7, gla.Iterations);
        Assert.Equal(PhaseInitializationKind.Zero, gla.Initialization.Kind);

        var rtisi = Assert.IsType<RtisiLa>(registry.Create("rtisila", Settings, new ReconstructorParameters { Lookahead = 2, Iterations = 5, Alpha = 0.25 }));
        Assert.Equal(2, rtisi.LookaheadFrames);
        Assert.Equal(5, rtisi.IterationsPerFrame);
        Assert.Equal(0.25, rtisi.Alpha);
        Assert.Equal(RtisiLa.DefaultAlpha, Assert.IsType<RtisiLa>(registry.Create("rtisila", Settings)).Alpha);
        var streaming = Assert.IsType<RtisiLaStreamingReconstructor>(registry.CreateStreaming("rtisila", Settings, new ReconstructorParameters { Lookahead = 2, Iterations = 5, Alpha = 0 }));
        Assert.Equal(2, streaming.LookaheadFrames);
        Assert.Equal(5, streaming.IterationsPerFrame);
        Assert.Equal(0, streaming.Alpha);
        Assert.IsType<Spsi>(registry.Create("spsi", Settings));
        Assert.IsType<SpsiStreamingReconstructor>(registry.CreateStreaming("spsi", Settings));
    }

    [Fact]
    public void Bad_names_and_values_are_rejected_clearly()
    {
        var registry = new ReconstructorRegistry().Add(IterativeMethods.Descriptors);
        var unknown = Assert.Throws<ArgumentException>(() => registry.Create("gla", Settings, new ReconstructorParameters { Alpha = 0.9 }));
        Assert.Contains("does not take the parameter 'alpha'", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => registry.Create("spsi", Settings, new ReconstructorParameters { Iterations = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.Create("fgla", Settings, new ReconstructorParameters { Alpha = 2.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.Create("rtisila", Settings, new ReconstructorParameters { Iterations = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => registry.Create("rtisila", Settings, new ReconstructorParameters { Alpha = 1 }));
        var init = Assert.Throws<ArgumentException>(() => registry.Create("fgla", Settings, new ReconstructorParameters { Initialization = "pghi" }));
        Assert.Contains("random, zero or spsi", init.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => registry.CreateStreaming("fgla", Settings));
    }

    [Fact]
    public void The_umbrella_registry_resolves_init_names_to_registered_methods()
    {
        Assert.Contains(PhaseReconstructors.Available, m => m.Name == "fgla");
        var fgla = Assert.IsType<FastGriffinLim>(PhaseReconstructors.Create("fgla", Settings, new ReconstructorParameters { Initialization = "rtisila" }));
        Assert.Equal(PhaseInitializationKind.Reconstructor, fgla.Initialization.Kind);
        Assert.IsType<RtisiLa>(fgla.Initialization.Reconstructor);
        var unknown = Assert.Throws<ArgumentException>(() => PhaseReconstructors.Create("fgla", Settings, new ReconstructorParameters { Initialization = "nonesuch" }));
        Assert.Contains("Available", unknown.Message, StringComparison.Ordinal);

        // And it runs: RTISI-LA's result seeds FGLA.
        float[] x = TestAudio.DemoExcerpt(8192);
        MagnitudeSpectrogram target = TestAudio.Magnitudes(Settings, x);
        var quick = new FastGriffinLim(Settings) { Iterations = 5, Initialization = fgla.Initialization };
        Assert.Equal(5, quick.Reconstruct(target).Iterations);
    }
}

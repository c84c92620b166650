using Phase.GradientTheorem;

namespace Phase.Tests.GradientTheorem;

public class GradientMethodsRegistrationTests
{
    private static readonly StftSettings Settings = GradientTestAudio.Speech;

    [Fact]
    public void Descriptors_list_pghi_rtpghi_and_gtls_with_parameters_and_latency()
    {
        IReadOnlyList<ReconstructorDescriptor> d = GradientTheoremMethods.Descriptors;
        Assert.Equal(["pghi", "rtpghi", "gtls"], d.Select(m => m.Name));
        Assert.Equal(["tolerance"], d[0].Parameters);
        Assert.Equal(["lookahead", "tolerance"], d[1].Parameters);
        Assert.Equal(["lookahead", "tolerance"], d[2].Parameters);
        Assert.Null(d[0].Latency(Settings));
        Assert.False(d[0].IsStreaming);
        Assert.True(d[1].IsStreaming && d[2].IsStreaming);
        Assert.Equal(1024 - 256 + 256, d[1].Latency(Settings));
        Assert.Equal(1024 - 256, d[1].Latency(Settings, new ReconstructorParameters { Lookahead = 0 }));
        Assert.Equal(1024 - 256 + 256, d[2].Latency(Settings));
        Assert.Equal(1024 - 256, d[2].Latency(Settings, new ReconstructorParameters { Lookahead = 0 }));
    }

    [Fact]
    public void The_umbrella_registry_creates_them_by_name_with_their_parameters()
    {
        Assert.Contains(PhaseReconstructors.Available, m => m.Name == "pghi");
        var pghi = Assert.IsType<Pghi>(PhaseReconstructors.Create("PGHI", Settings, new ReconstructorParameters { Tolerance = 1e-6 }));
        Assert.Equal(1e-6, pghi.Tolerance);

        var rtpghi = Assert.IsType<Rtpghi>(PhaseReconstructors.Create("rtpghi", Settings));
        Assert.Equal(1, rtpghi.LookaheadFrames);
        var causal = Assert.IsType<RtpghiStreamingReconstructor>(PhaseReconstructors.CreateStreaming("rtpghi", Settings, new ReconstructorParameters { Lookahead = 0 }));
        Assert.Equal(0, causal.LookaheadFrames);
        causal.Dispose();

        var gtls = Assert.IsType<LeastSquaresIntegration>(PhaseReconstructors.Create("gtls", Settings, new ReconstructorParameters { Lookahead = 0, Tolerance = 1e-4 }));
        Assert.Equal(0, gtls.LookaheadFrames);
        Assert.Equal(1e-4, gtls.Tolerance);
        using IStreamingPhaseReconstructor stream = PhaseReconstructors.CreateStreaming("gtls", Settings);
        Assert.IsType<LeastSquaresIntegrationStreamingReconstructor>(stream);
        Assert.Equal(1, stream.LookaheadFrames);

        Assert.Throws<NotSupportedException>(() => PhaseReconstructors.CreateStreaming("pghi", Settings));
    }

    [Theory]
    [InlineData("rtpghi", 2)]
    [InlineData("gtls", -1)]
    [InlineData("rtpghi", 3)]
    public void Lookahead_other_than_0_or_1_is_rejected(string name, int lookahead)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => PhaseReconstructors.Create(name, Settings, new ReconstructorParameters { Lookahead = lookahead }));
        Assert.Contains("0", e.Message, StringComparison.Ordinal);
        Assert.Contains("1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameters_a_method_does_not_take_are_rejected()
    {
        Assert.ThrowsAny<ArgumentException>(() => PhaseReconstructors.Create("pghi", Settings, new ReconstructorParameters { Lookahead = 1 }));
        Assert.ThrowsAny<ArgumentException>(() => PhaseReconstructors.Create("gtls", Settings, new ReconstructorParameters { Iterations = 3 }));
    }
}

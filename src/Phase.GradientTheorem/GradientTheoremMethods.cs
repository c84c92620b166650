namespace Phase.GradientTheorem;

/// <summary>
/// The gradient-theorem methods by name, for <see cref="ReconstructorRegistry"/> (configuration files, the CLI):
/// <c>pghi</c>, <c>rtpghi</c> and <c>gtls</c>, with their parameters and latencies.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>name</term><description>parameters (defaults); latency</description></listheader>
/// <item><term><c>pghi</c></term><description><c>tolerance</c> (10⁻⁵); offline. Also an initialiser: <c>fgla</c> with <c>init=pghi</c>.</description></item>
/// <item><term><c>rtpghi</c></term><description><c>lookahead</c> 0 or 1 (1), <c>tolerance</c> (10⁻⁵); <c>N − H + L·H</c>.</description></item>
/// <item><term><c>gtls</c></term><description><c>lookahead</c> 0 or 1 (1), <c>tolerance</c> (10⁻⁵, of the prediction step); <c>N − H + L·H</c>.</description></item>
/// </list>
/// <para>The streaming methods use <see cref="AnalyticPhaseGradients"/> with the given look-ahead; other gradient sources
/// (a network, oracle derivatives) are set in code through the <c>Gradients</c> property. (N − H stands for
/// <see cref="StftSettings.StreamingLatency"/>.)</para>
/// </remarks>
public static class GradientTheoremMethods
{
    /// <summary>The descriptors of pghi, rtpghi and gtls, in that order.</summary>
    public static IReadOnlyList<ReconstructorDescriptor> Descriptors { get; } =
    [
        new ReconstructorDescriptor(
            "pghi",
            "Phase-gradient heap integration: phase from magnitude derivatives, loudest first (offline)",
            ["tolerance"],
            latency: null,
            (settings, p) => new Pghi(settings) { Tolerance = p.Tolerance ?? Pghi.DefaultTolerance }),
        new ReconstructorDescriptor(
            "rtpghi",
            "Real-time phase-gradient heap integration (streaming, look-ahead 0 or 1)",
            ["lookahead", "tolerance"],
            (settings, p) => CreateRtpghi(settings, p).Latency,
            (settings, p) => CreateRtpghi(settings, p),
            (settings, p) => CreateRtpghi(settings, p).CreateStreaming()),
        new ReconstructorDescriptor(
            "gtls",
            "Gradient-theorem least squares: heap prediction + tridiagonal least-squares correction (streaming, look-ahead 0 or 1)",
            ["lookahead", "tolerance"],
            (settings, p) => CreateLeastSquares(settings, p).Latency,
            (settings, p) => CreateLeastSquares(settings, p),
            (settings, p) => CreateLeastSquares(settings, p).CreateStreaming()),
    ];

    private static AnalyticPhaseGradients Analytic(ReconstructorParameters p) =>
        p.Lookahead is int l ? new AnalyticPhaseGradients(ValidateLookahead(l)) : AnalyticPhaseGradients.Centered;

    private static int ValidateLookahead(int lookahead)
    {
        if (lookahead is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException("parameters", lookahead,
                $"The gradient-theorem streaming methods take lookahead 0 (causal) or 1 (one frame, the default); got {lookahead}.");
        }

        return lookahead;
    }

    private static Rtpghi CreateRtpghi(StftSettings settings, ReconstructorParameters p) => new(settings)
    {
        Gradients = Analytic(p),
        Tolerance = p.Tolerance ?? Rtpghi.DefaultTolerance,
    };

    private static LeastSquaresIntegration CreateLeastSquares(StftSettings settings, ReconstructorParameters p) => new(settings)
    {
        Gradients = Analytic(p),
        Tolerance = p.Tolerance ?? LeastSquaresIntegration.DefaultTolerance,
    };
}

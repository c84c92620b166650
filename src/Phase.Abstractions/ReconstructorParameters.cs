using System.Collections.ObjectModel;

namespace Phase;

/// <summary>
/// Method parameters given by name (configuration files, the CLI): every field is optional and a method uses the ones
/// it lists in <see cref="ReconstructorDescriptor.Parameters"/>; giving a parameter the chosen method does not take is
/// an error, so a typo in a configuration never goes unnoticed.
/// </summary>
public sealed class ReconstructorParameters
{
    /// <summary>No parameters: every method's defaults.</summary>
    public static ReconstructorParameters Default { get; } = new();

    /// <summary>Iterations (GLA, FGLA, PGHI→FGLA) or iterations per frame (RTISI-LA). Name: <c>iterations</c>.</summary>
    public int? Iterations { get; init; }

    /// <summary>Acceleration α of FGLA (0 is GLA) or momentum α of RTISI-LA (0 is the paper's algorithm). Name: <c>alpha</c>.</summary>
    public double? Alpha { get; init; }

    /// <summary>Look-ahead frames of a streaming method. Name: <c>lookahead</c>.</summary>
    public int? Lookahead { get; init; }

    /// <summary>Stop an iterative method once the spectral convergence (dB) is at or below this. Name: <c>target-sc</c>.</summary>
    public double? TargetSpectralConvergenceDb { get; init; }

    /// <summary>Initial phase of an iterative method by name (e.g. <c>random</c>, <c>zero</c>, <c>spsi</c>, <c>pghi</c>). Name: <c>init</c>.</summary>
    public string? Initialization { get; init; }

    /// <summary>Relative magnitude tolerance below which phase is not integrated (PGHI, RTPGHI). Name: <c>tolerance</c>.</summary>
    public double? Tolerance { get; init; }

    /// <summary>Method-specific parameters not covered above (e.g. a model path or execution provider), by name.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The names of the parameters that are set.</summary>
    /// <returns>Parameter names as listed on each property.</returns>
    public IEnumerable<string> SetParameterNames()
    {
        if (Iterations is not null)
        {
            yield return "iterations";
        }

        if (Alpha is not null)
        {
            yield return "alpha";
        }

        if (Lookahead is not null)
        {
            yield return "lookahead";
        }

        if (TargetSpectralConvergenceDb is not null)
        {
            yield return "target-sc";
        }

        if (Initialization is not null)
        {
            yield return "init";
        }

        if (Tolerance is not null)
        {
            yield return "tolerance";
        }

        foreach (string key in Extra.Keys)
        {
            yield return key;
        }
    }
}

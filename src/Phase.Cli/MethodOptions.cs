using System.CommandLine;
using System.Globalization;

namespace Phase.Cli;

/// <summary>Method parameters on the command line. Only the options given are passed on, so each method's own defaults
/// apply otherwise, and an option the chosen method does not take is an error.</summary>
internal sealed class MethodOptions
{
    public Option<int?> Iterations { get; } = new("--iterations") { Description = "Iterations (GLA, FGLA) or iterations per frame (RTISI-LA)." };

    public Option<double?> Alpha { get; } = new("--alpha") { Description = "Momentum α: FGLA acceleration (0 = GLA; default 0.99) or RTISI-LA per-frame momentum (0 = the paper's algorithm; default 0.7)." };

    public Option<int?> Lookahead { get; } = new("--lookahead") { Description = "Look-ahead frames of a streaming method." };

    public Option<string?> Init { get; } = new("--init") { Description = "Initial phase of an iterative method (e.g. random, zero, spsi, pghi)." };

    public Option<double?> TargetSc { get; } = new("--target-sc") { Description = "Stop once the spectral convergence (dB) reaches this value." };

    public Option<double?> Tolerance { get; } = new("--tolerance") { Description = "Relative magnitude tolerance (PGHI, RTPGHI)." };

    public Option<string[]> Extra { get; } = new("--param")
    {
        Description = "Further method parameter as name=value (repeatable), e.g. --param model=path.onnx.",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of any random initialisation.", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        command.Options.Add(Iterations);
        command.Options.Add(Alpha);
        command.Options.Add(Lookahead);
        command.Options.Add(Init);
        command.Options.Add(TargetSc);
        command.Options.Add(Tolerance);
        command.Options.Add(Extra);
        command.Options.Add(Seed);
    }

    public ReconstructorParameters Build(ParseResult result)
    {
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string item in result.GetValue(Extra) ?? [])
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliUsageException($"--param expects name=value; got '{item}'.");
            }

            extra[item[..eq]] = item[(eq + 1)..];
        }

        return new ReconstructorParameters
        {
            Iterations = result.GetValue(Iterations),
            Alpha = result.GetValue(Alpha),
            Lookahead = result.GetValue(Lookahead),
            Initialization = result.GetValue(Init),
            TargetSpectralConvergenceDb = result.GetValue(TargetSc),
            Tolerance = result.GetValue(Tolerance),
            Extra = extra,
        };
    }

    /// <summary>The parameters a method takes, from the ones given: lets `phase demo --iterations 32` apply to the
    /// methods that iterate without failing on the ones that do not.</summary>
    public static ReconstructorParameters Restrict(ReconstructorParameters p, ReconstructorDescriptor method)
    {
        bool Takes(string name) => method.Parameters.Contains(name, StringComparer.Ordinal);
        return new ReconstructorParameters
        {
            Iterations = Takes("iterations") ? p.Iterations : null,
            Alpha = Takes("alpha") ? p.Alpha : null,
            Lookahead = Takes("lookahead") ? p.Lookahead : null,
            Initialization = Takes("init") ? p.Initialization : null,
            TargetSpectralConvergenceDb = Takes("target-sc") ? p.TargetSpectralConvergenceDb : null,
            Tolerance = Takes("tolerance") ? p.Tolerance : null,
            Extra = p.Extra.Where(kv => Takes(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        };
    }

    public static string Describe(ReconstructorParameters p) =>
        string.Join(" ", p.SetParameterNames().Select(n => n switch
        {
            "iterations" => $"iterations={p.Iterations}",
            "alpha" => $"alpha={p.Alpha?.ToString(CultureInfo.InvariantCulture)}",
            "lookahead" => $"lookahead={p.Lookahead}",
            "init" => $"init={p.Initialization}",
            "target-sc" => $"target-sc={p.TargetSpectralConvergenceDb?.ToString(CultureInfo.InvariantCulture)}",
            "tolerance" => $"tolerance={p.Tolerance?.ToString(CultureInfo.InvariantCulture)}",
            _ => $"{n}={p.Extra[n]}",
        }));
}

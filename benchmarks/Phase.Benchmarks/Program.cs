using BenchmarkDotNet.Running;

namespace Phase.Benchmarks;

/// <summary>
/// One BenchmarkDotNet program for all of Phase. Examples:
/// <c>dotnet run -c Release --project benchmarks/Phase.Benchmarks -- --filter '*RealFft*'</c>,
/// <c>... -- --list flat</c>. Add <c>--job short</c> for a quick look. Exits non-zero when a benchmark fails.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == Iterative.IterativeQualityReport.Command)
        {
            return Iterative.IterativeQualityReport.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == GradientTheorem.GradientQualityReport.Command)
        {
            return GradientTheorem.GradientQualityReport.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == Neural.NeuralQualityReport.Command)
        {
            return Neural.NeuralQualityReport.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == Offline.OfflineCpuReport.Command)
        {
            return Offline.OfflineCpuReport.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == Effects.EffectsSpeedReport.Command)
        {
            return Effects.EffectsSpeedReport.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == Effects.EffectsQualityReport.Command)
        {
            return Effects.EffectsQualityReport.Run(args[1..]);
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, new BenchConfig());
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}

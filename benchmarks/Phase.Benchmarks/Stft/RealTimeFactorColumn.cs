using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Phase.Benchmarks.Stft;

/// <summary>"× real time": seconds of audio a benchmark's single invocation processes divided by its median time.</summary>
/// <param name="audioSeconds">Audio processed per invocation, in seconds, for a benchmark method name.</param>
public sealed class RealTimeFactorColumn(Func<string, double> audioSeconds) : IColumn
{
    public string Id => nameof(RealTimeFactorColumn);

    public string ColumnName => "× real time";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Audio duration processed per invocation divided by the median time";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        double? medianNs = report?.ResultStatistics?.Median;
        double seconds = audioSeconds(benchmarkCase.Descriptor.WorkloadMethod.Name);
        if (medianNs is not double ns || ns <= 0 || seconds <= 0)
        {
            return "-";
        }

        return (seconds / (ns * 1e-9)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;

namespace Phase.Benchmarks;

/// <summary>Shared configuration: memory diagnoser, median and ratio columns (the machines are noisy; quote medians).</summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        // Start from the defaults (console logger, standard columns, exporters, validators): a bare ManualConfig has none.
        Add(DefaultConfig.Instance);
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median);
        WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend));
        WithOptions(ConfigOptions.JoinSummary);
    }
}

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Phase.Benchmarks.Solvers;

/// <summary>Seeded least-squares phase-integration systems (the ones Phase solves per STFT frame):
/// <c>d_k = α_k + β_{k−1} + β_k</c>, <c>e_k = −β_k</c>, weights from magnitudes spanning 40 dB.</summary>
internal static class SolverBenchData
{
    public static (float[] Diagonal, float[] OffDiagonal, float[] Rhs) LeastSquares(int size, int seed)
    {
        var rng = new Random(seed);
        var magnitude = new double[size];
        for (int k = 0; k < size; k++)
        {
            magnitude[k] = Math.Pow(10, -2 * rng.NextDouble());
        }

        var d = new float[size];
        var e = new float[size - 1];
        var b = new float[size];
        for (int k = 0; k < size; k++)
        {
            d[k] = (float)(magnitude[k] * magnitude[k] * (0.5 + rng.NextDouble()));
            b[k] = (float)(2 * rng.NextDouble() - 1);
        }

        for (int k = 0; k < size - 1; k++)
        {
            float beta = (float)(magnitude[k] * magnitude[k + 1] * (0.5 + rng.NextDouble()));
            e[k] = -beta;
            d[k] += beta;
            d[k + 1] += beta;
        }

        return (d, e, b);
    }

    /// <summary>A frame as the streaming integration sees it: magnitudes over 60 dB, four silent runs (α = 0) of random
    /// length up to K/4 — singular without regularisation, ill-conditioned with it.</summary>
    public static (float[] Diagonal, float[] OffDiagonal, float[] Rhs) SilentRunFrame(int size, int seed)
    {
        var rng = new Random(seed);
        var magnitude = new double[size];
        for (int k = 0; k < size; k++)
        {
            magnitude[k] = Math.Pow(10, -3 * rng.NextDouble());
        }

        var silent = new bool[size];
        for (int run = 0; run < 4; run++)
        {
            int start = rng.Next(size), length = rng.Next(1, size / 4);
            for (int k = start; k < Math.Min(size, start + length); k++)
            {
                silent[k] = true;
            }
        }

        var d = new float[size];
        var e = new float[size - 1];
        var b = new float[size];
        for (int k = 0; k < size; k++)
        {
            d[k] = silent[k] ? 0 : (float)(magnitude[k] * magnitude[k]);
        }

        for (int k = 0; k < size - 1; k++)
        {
            float beta = (float)(magnitude[k] * magnitude[k + 1]);
            e[k] = -beta;
            d[k] += beta;
            d[k + 1] += beta;
        }

        for (int k = 0; k < size; k++)
        {
            b[k] = (float)((2 * rng.NextDouble() - 1) * d[k]);
        }

        return (d, e, b);
    }
}

/// <summary>Adds "ns/unknown": the mean time divided by K × number of systems (parameters <c>Size</c> and, when present,
/// <c>Systems</c>).</summary>
public sealed class NanosecondsPerUnknownColumn : IColumn
{
    public string Id => nameof(NanosecondsPerUnknownColumn);

    public string ColumnName => "ns/unknown";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Median time per unknown per system (median / (K · systems)), ns";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is null)
        {
            return "NA";
        }

        double unknowns = 1;
        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            if (parameter.Name is "Size" or "Systems")
            {
                unknowns *= Convert.ToDouble(parameter.Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return (report.ResultStatistics.Median / unknowns).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>Adds <see cref="NanosecondsPerUnknownColumn"/> to a benchmark class.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class NanosecondsPerUnknownColumnAttribute : BenchmarkDotNet.Attributes.ColumnConfigBaseAttribute
{
    public NanosecondsPerUnknownColumnAttribute()
        : base(new NanosecondsPerUnknownColumn())
    {
    }
}

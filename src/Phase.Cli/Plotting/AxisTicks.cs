using System.Globalization;

namespace Phase.Cli.Plotting;

/// <summary>"Nice" tick positions: multiples of 1, 2 or 5 × 10ⁿ.</summary>
internal static class AxisTicks
{
    /// <summary>Ticks in [min, max] spaced by the nice step that gives at most <paramref name="maxTicks"/> of them.</summary>
    public static IReadOnlyList<double> For(double min, double max, int maxTicks)
    {
        double span = max - min;
        if (!(span > 0) || maxTicks < 2)
        {
            return [min];
        }

        double step = Step(span, maxTicks);
        var ticks = new List<double>();
        for (double v = Math.Ceiling(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step)
        {
            ticks.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        }

        return ticks;
    }

    /// <summary>The smallest 1/2/5 × 10ⁿ step giving at most <paramref name="maxTicks"/> − 1 intervals over <paramref name="span"/>.</summary>
    public static double Step(double span, int maxTicks)
    {
        double raw = span / (maxTicks - 1);
        double decade = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (double m in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (m * decade >= raw * (1 - 1e-9))
            {
                return m * decade;
            }
        }

        return 10 * decade;
    }

    /// <summary>A label with just the decimals the step needs ("0.0", "0.5", "1.0" for a step of 0.5; "2000" for 1000).</summary>
    public static string Label(double value, double step)
    {
        int decimals = step >= 1 ? 0 : (int)Math.Ceiling(-Math.Log10(step) - 1e-9);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}

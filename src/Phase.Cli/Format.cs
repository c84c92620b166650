using System.Globalization;

namespace Phase.Cli;

/// <summary>Invariant-culture number formatting for tables.</summary>
internal static class Format
{
    /// <summary>A level "−12.3 dB", or "n/a" when it is undefined (NaN: for example the SC of a silent channel).</summary>
    public static string Decibels(double value) => double.IsNaN(value) ? "n/a" : Db(value) + " dB";

    public static string Db(double value) =>
        double.IsNaN(value) ? "n/a" : double.IsNegativeInfinity(value) ? "-inf" : double.IsPositiveInfinity(value) ? "inf" : value.ToString("F1", CultureInfo.InvariantCulture);

    public static string Score(double value) => value.ToString("F3", CultureInfo.InvariantCulture);

    public static string Speed(double realTimeFactor) =>
        realTimeFactor >= 100 ? realTimeFactor.ToString("F0", CultureInfo.InvariantCulture) + "×"
        : realTimeFactor.ToString("F1", CultureInfo.InvariantCulture) + "×";

    public static string Latency(int? samples, int sampleRate) =>
        samples is int s ? (1000.0 * s / sampleRate).ToString("F1", CultureInfo.InvariantCulture) + " ms" : "offline";

    public static string Seconds(double s) => s.ToString("F2", CultureInfo.InvariantCulture) + " s";
}

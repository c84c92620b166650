using System.Globalization;
using System.Text;

namespace Phase.Benchmarks;

/// <summary>Shared pieces of the quality reports (<c>--iterative-quality</c>, <c>--gradient-quality</c>,
/// <c>--neural-quality</c>): the repository root and the markdown table of per-clip SC / STOI / ESTOI.</summary>
internal static class QualityTable
{
    /// <summary>The first ancestor of the benchmark binary's directory that holds Phase.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Phase.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Phase.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Markdown table, one row per method: per-clip SC / STOI / ESTOI for up to four clips (the worst SC
    /// beyond that), then the means, then <paramref name="references"/> as a last column when given.</summary>
    /// <param name="names">Method names, one per row.</param>
    /// <param name="clips">Clip paths, one per column.</param>
    /// <param name="sc">SC (dB), [method, clip].</param>
    /// <param name="stoi">STOI, [method, clip].</param>
    /// <param name="estoi">ESTOI, [method, clip].</param>
    /// <param name="references">Optional extra column ("C reference SC"), one entry per method.</param>
    public static string Format(IReadOnlyList<string> names, IReadOnlyList<string> clips, double[,] sc, double[,] stoi, double[,] estoi,
        IReadOnlyList<string>? references = null)
    {
        bool perClip = clips.Count <= 4;
        var text = new StringBuilder();
        text.Append("| method |");
        if (perClip)
        {
            foreach (string clip in clips)
            {
                text.Append(CultureInfo.InvariantCulture, $" {Path.GetFileNameWithoutExtension(clip)} SC / STOI / ESTOI |");
            }
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $" worst SC ({clips.Count} clips) |");
        }

        text.AppendLine(references is null ? " mean SC (dB) | mean STOI | mean ESTOI |" : " mean SC (dB) | mean STOI | mean ESTOI | C reference SC |");
        text.Append("|---|");
        text.Append(string.Concat(Enumerable.Repeat("---|", (perClip ? clips.Count : 1) + (references is null ? 3 : 4))));
        text.AppendLine();
        for (int m = 0; m < names.Count; m++)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {names[m]} |");
            double a = 0, b = 0, d = 0, worst = double.NegativeInfinity;
            for (int c = 0; c < clips.Count; c++)
            {
                if (perClip)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {sc[m, c]:F1} / {stoi[m, c]:F3} / {estoi[m, c]:F3} |");
                }

                worst = Math.Max(worst, sc[m, c]);
                a += sc[m, c];
                b += stoi[m, c];
                d += estoi[m, c];
            }

            if (!perClip)
            {
                text.Append(CultureInfo.InvariantCulture, $" {worst:F1} |");
            }

            text.Append(CultureInfo.InvariantCulture, $" **{a / clips.Count:F2}** | {b / clips.Count:F3} | {d / clips.Count:F3} |");
            text.AppendLine(references is null ? string.Empty : $" {references[m]} |");
        }

        return text.ToString();
    }
}

namespace Phase.Cli;

/// <summary>A plain-text table with aligned columns (numbers right-aligned).</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void Write(TextWriter writer)
    {
        var widths = new int[headers.Length];
        for (int c = 0; c < headers.Length; c++)
        {
            widths[c] = Math.Max(headers[c].Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[c].Length));
        }

        writer.WriteLine(Format(headers, widths, alignNumbers: false));
        writer.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            writer.WriteLine(Format(row, widths, alignNumbers: true));
        }
    }

    private static string Format(string[] cells, int[] widths, bool alignNumbers) =>
        string.Join("  ", cells.Select((cell, c) =>
            alignNumbers && c > 0 && LooksNumeric(cell) ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd();

    private static bool LooksNumeric(string s) =>
        s.Length > 0 && (char.IsDigit(s[0]) || s[0] is '-' or '+' or '−' || s == "n/a");
}

using System.Globalization;

namespace Phase.Cli.Plotting;

/// <summary>One spectrogram to draw: STFT magnitudes and the settings that place them in time and frequency.</summary>
internal sealed record SpectrogramInput(string Title, MagnitudeSpectrogram Magnitudes, StftSettings Settings);

/// <summary>Size and scale of a spectrogram picture.</summary>
internal sealed record SpectrogramPlotOptions
{
    /// <summary>Width of each plot area in pixels (time axis).</summary>
    public int PlotWidth { get; init; } = 640;

    /// <summary>Height of each plot area in pixels (frequency axis).</summary>
    public int PlotHeight { get; init; } = 320;

    /// <summary>Dynamic range shown, dB below the loudest pixel of all magnitude panels.</summary>
    public double RangeDb { get; init; } = 80;

    /// <summary>Difference panel: ± this many dB span the colour map.</summary>
    public double DifferenceRangeDb { get; init; } = 20;

    /// <summary>Highest frequency shown in Hz; NaN for the Nyquist frequency.</summary>
    public double MaxFrequency { get; init; } = double.NaN;

    /// <summary>Stack panels top to bottom instead of side by side.</summary>
    public bool Vertical { get; init; }

    /// <summary>Font scale (pixels per font pixel).</summary>
    public int FontScale { get; init; } = 2;
}

/// <summary>
/// Renders log-magnitude spectrograms: colour = 10·log10 of the power averaged over the frames and bins each pixel
/// covers, on a shared scale from the loudest pixel down <see cref="SpectrogramPlotOptions.RangeDb"/>; time axis in
/// seconds (frame n at its centre, <see cref="StftSettings.FrameCenter"/>), frequency axis in Hz; a colour bar in dB. With
/// two inputs, a third panel shows their difference in dB (first − second), both clamped to the shown range so that
/// silence in both reads as 0.
/// </summary>
internal static class SpectrogramPlot
{
    private static readonly Rgb Ink = Rgb.Grey(20);
    private static readonly Rgb AxisColor = Rgb.Grey(90);
    private static readonly Rgb NoData = Rgb.Grey(200);

    public static Canvas Render(IReadOnlyList<SpectrogramInput> inputs, SpectrogramPlotOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfZero(inputs.Count);
        double nyquist = inputs[0].Settings.SampleRate / 2.0;
        double fmax = double.IsNaN(options.MaxFrequency) ? nyquist : Math.Min(options.MaxFrequency, nyquist);
        double duration = inputs.Max(i => Duration(i));
        int w = options.PlotWidth, h = options.PlotHeight;

        var grids = inputs.Select(i => PowerGrid(i, w, h, duration, fmax)).ToArray();
        double top = grids.SelectMany(g => g).Where(v => !double.IsNaN(v)).DefaultIfEmpty(1e-20).Max();
        double topDb = 10 * Math.Log10(Math.Max(top, 1e-20));
        double floorDb = topDb - options.RangeDb;

        var panels = new List<Canvas>();
        for (int i = 0; i < inputs.Count; i++)
        {
            double[] db = ToDb(grids[i], floorDb, topDb);
            panels.Add(Panel(inputs[i].Title, db, w, h, duration, fmax, floorDb, topDb, ColorMap.Viridis, "dB", options.FontScale));
        }

        if (inputs.Count == 2)
        {
            double[] a = ToDb(grids[0], floorDb, topDb), b = ToDb(grids[1], floorDb, topDb);
            var diff = new double[a.Length];
            for (int i = 0; i < diff.Length; i++)
            {
                diff[i] = a[i] - b[i]; // NaN where either has no data
            }

            double r = options.DifferenceRangeDb;
            panels.Add(Panel("difference: first - second", diff, w, h, duration, fmax, -r, r, ColorMap.BlueWhiteRed, "dB", options.FontScale));
        }

        const int gap = 12;
        int width = options.Vertical ? panels.Max(p => p.Width) : panels.Sum(p => p.Width) + gap * (panels.Count - 1);
        int height = options.Vertical ? panels.Sum(p => p.Height) + gap * (panels.Count - 1) : panels.Max(p => p.Height);
        var canvas = new Canvas(width, height, Rgb.White);
        int offset = 0;
        foreach (Canvas p in panels)
        {
            canvas.Draw(p, options.Vertical ? 0 : offset, options.Vertical ? offset : 0);
            offset += (options.Vertical ? p.Height : p.Width) + gap;
        }

        return canvas;
    }

    /// <summary>Time of the end of the last frame's hop, in seconds.</summary>
    private static double Duration(SpectrogramInput input) =>
        (input.Settings.FrameCenter(input.Magnitudes.FrameCount - 1) + input.Settings.Hop) / (double)input.Settings.SampleRate;

    /// <summary>Mean power per pixel, row 0 at the top (highest frequency); NaN where the input has no frame.</summary>
    private static double[] PowerGrid(SpectrogramInput input, int w, int h, double duration, double fmax)
    {
        MagnitudeSpectrogram s = input.Magnitudes;
        StftSettings settings = input.Settings;
        double frameSeconds = settings.Hop / (double)settings.SampleRate;
        double firstCentre = settings.FrameCenter(0) / (double)settings.SampleRate;
        double binHz = settings.SampleRate / (double)settings.FftSize;
        var (frameFrom, frameTo) = Ranges(w, duration, firstCentre, frameSeconds, s.FrameCount);
        var (binFrom, binTo) = Ranges(h, fmax, 0, binHz, s.BinCount);
        var grid = new double[w * h];
        for (int px = 0; px < w; px++)
        {
            if (frameFrom[px] < 0)
            {
                for (int py = 0; py < h; py++)
                {
                    grid[py * w + px] = double.NaN;
                }

                continue;
            }

            for (int row = 0; row < h; row++)
            {
                double sum = 0;
                int count = 0;
                for (int n = frameFrom[px]; n < frameTo[px]; n++)
                {
                    ReadOnlySpan<float> frame = s.Frame(n);
                    for (int k = binFrom[row]; k < binTo[row]; k++)
                    {
                        sum += (double)frame[k] * frame[k];
                        count++;
                    }
                }

                grid[(h - 1 - row) * w + px] = sum / count;
            }
        }

        return grid;
    }

    /// <summary>For each of <paramref name="pixels"/> cells covering [0, extent), the half-open index range of samples
    /// (spaced <paramref name="spacing"/> from <paramref name="origin"/>) whose position falls in the cell; the nearest
    /// sample when none does; −1 when the cell lies beyond the last sample.</summary>
    private static (int[] From, int[] To) Ranges(int pixels, double extent, double origin, double spacing, int count)
    {
        var from = new int[pixels];
        var to = new int[pixels];
        for (int p = 0; p < pixels; p++)
        {
            double lo = p * extent / pixels, hi = (p + 1) * extent / pixels;
            int a = Math.Max(0, (int)Math.Ceiling((lo - origin) / spacing - 1e-9));
            int b = Math.Min(count, (int)Math.Ceiling((hi - origin) / spacing - 1e-9));
            if (b <= a)
            {
                int nearest = (int)Math.Round(((lo + hi) / 2 - origin) / spacing);
                if (nearest < 0 || nearest >= count)
                {
                    nearest = (lo - origin) / spacing > count - 0.5 ? -1 : Math.Clamp(nearest, 0, count - 1);
                }

                a = nearest;
                b = nearest + 1;
            }

            from[p] = a;
            to[p] = b;
        }

        return (from, to);
    }

    private static double[] ToDb(double[] power, double floorDb, double topDb)
    {
        var db = new double[power.Length];
        for (int i = 0; i < db.Length; i++)
        {
            db[i] = double.IsNaN(power[i]) ? double.NaN : Math.Clamp(10 * Math.Log10(Math.Max(power[i], 1e-30)), floorDb, topDb);
        }

        return db;
    }

    private static Canvas Panel(string title, double[] values, int w, int h, double duration, double fmax,
        double low, double high, ColorMap map, string unit, int s)
    {
        int charH = BitmapFont.Height(s), tick = 2 * s + 1, pad = 3 * s;
        IReadOnlyList<double> fTicks = AxisTicks.For(0, fmax, Math.Max(2, h / (charH * 2)));
        double fStep = fTicks.Count > 1 ? fTicks[1] - fTicks[0] : fmax;
        string[] fLabels = fTicks.Select(f => AxisTicks.Label(f, fStep)).ToArray();
        IReadOnlyList<double> tTicks = AxisTicks.For(0, duration, Math.Max(2, w / (BitmapFont.Measure("00.0", s) * 2)));
        double tStep = tTicks.Count > 1 ? tTicks[1] - tTicks[0] : duration;
        IReadOnlyList<double> cTicks = AxisTicks.For(Math.Ceiling(low), Math.Floor(high), Math.Max(2, h / (charH * 2)));
        double cStep = cTicks.Count > 1 ? cTicks[1] - cTicks[0] : 1;
        string[] cLabels = cTicks.Select(v => AxisTicks.Label(v, cStep)).ToArray();

        int left = pad + charH + pad + fLabels.Max(l => BitmapFont.Measure(l, s)) + pad + tick;
        int top = pad + charH + pad;
        int bottom = tick + pad + charH + pad + charH + pad;
        int barWidth = 6 * s;
        int right = 4 * s + barWidth + tick + pad + Math.Max(cLabels.Max(l => BitmapFont.Measure(l, s)), BitmapFont.Measure(unit, s)) + pad;
        var c = new Canvas(left + w + right, top + h + bottom, Rgb.White);

        // Plot area.
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double v = values[y * w + x];
                c.Set(left + x, top + y, double.IsNaN(v) ? NoData : map.At((v - low) / (high - low)));
            }
        }

        c.Frame(left - 1, top - 1, left + w, top + h, AxisColor);

        // Title, centred over the plot area (clipped to the panel).
        string shown = Fit(title, c.Width - 2 * pad, s);
        BitmapFont.Draw(c, Math.Max(pad, left + (w - BitmapFont.Measure(shown, s)) / 2), pad, shown, Ink, s);

        // Frequency axis: ticks, labels, vertical title.
        for (int i = 0; i < fTicks.Count; i++)
        {
            int y = top + h - 1 - (int)Math.Round(fTicks[i] / fmax * (h - 1));
            c.HorizontalLine(left - tick, left - 2, y, AxisColor);
            int lw = BitmapFont.Measure(fLabels[i], s);
            BitmapFont.Draw(c, left - tick - pad - lw, Math.Clamp(y - charH / 2, 0, c.Height - charH), fLabels[i], Ink, s);
        }

        const string fTitle = "frequency (Hz)";
        BitmapFont.DrawVertical(c, pad, top + Math.Max(0, (h - BitmapFont.Measure(fTitle, s)) / 2), fTitle, Ink, s);

        // Time axis.
        foreach (double t in tTicks)
        {
            int x = left + (int)Math.Round(t / duration * (w - 1));
            c.VerticalLine(x, top + h + 1, top + h + tick - 1, AxisColor);
            string label = AxisTicks.Label(t, tStep);
            int lw = BitmapFont.Measure(label, s);
            BitmapFont.Draw(c, Math.Clamp(x - lw / 2, 0, c.Width - lw), top + h + tick + pad, label, Ink, s);
        }

        const string tTitle = "time (s)";
        BitmapFont.Draw(c, left + (w - BitmapFont.Measure(tTitle, s)) / 2, top + h + tick + pad + charH + pad, tTitle, Ink, s);

        // Colour bar with its scale.
        int barX = left + w + 4 * s;
        for (int y = 0; y < h; y++)
        {
            Rgb colour = map.At(1 - y / (double)(h - 1));
            c.HorizontalLine(barX, barX + barWidth - 1, top + y, colour);
        }

        c.Frame(barX - 1, top - 1, barX + barWidth, top + h, AxisColor);
        for (int i = 0; i < cTicks.Count; i++)
        {
            int y = top + h - 1 - (int)Math.Round((cTicks[i] - low) / (high - low) * (h - 1));
            c.HorizontalLine(barX + barWidth + 1, barX + barWidth + tick - 1, y, AxisColor);
            BitmapFont.Draw(c, barX + barWidth + tick + pad / 2, Math.Clamp(y - charH / 2, 0, c.Height - charH), cLabels[i], Ink, s);
        }

        BitmapFont.Draw(c, barX, pad, unit, Ink, s);
        return c;
    }

    /// <summary>Shortens text with a trailing "..." to fit a width.</summary>
    private static string Fit(string text, int width, int s)
    {
        if (BitmapFont.Measure(text, s) <= width)
        {
            return text;
        }

        int chars = Math.Max(1, (width / s + 1) / BitmapFont.Advance - 3);
        return text[..Math.Min(text.Length, chars)] + "...";
    }

    /// <summary>"0–11025 Hz, 0–3.41 s" for reports.</summary>
    public static string Describe(SpectrogramInput input) => string.Create(CultureInfo.InvariantCulture,
        $"{input.Magnitudes.FrameCount} frames × {input.Magnitudes.BinCount} bins, {Duration(input):0.##} s, {input.Settings.SampleRate} Hz");
}

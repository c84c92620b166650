using System.CommandLine;
using System.Globalization;
using Phase.Cli.Plotting;
using Phase.IO;
using Phase.IO.Png;
using Phase.Stft;

namespace Phase.Cli.Commands;

/// <summary>
/// <c>phase plot in.wav|mag.npy -o spec.png [--compare other.wav|npy]</c>: a log-magnitude spectrogram picture (time in
/// s, frequency in Hz, colour bar in dB) written as PNG; with <c>--compare</c> two panels side by side (or stacked) and a
/// third with their difference in dB.
/// </summary>
internal static class PlotCommand
{
    public static Command Create(CliContext context)
    {
        var input = new Argument<string>("input") { Description = "WAV file (its STFT magnitudes are plotted) or .npy magnitudes (frames × bins or bins × frames)." };
        var output = new Option<string>("--output", "-o") { Description = "Output PNG file.", Required = true };
        var compare = new Option<string?>("--compare") { Description = "A second WAV or .npy input: draws both and their difference (first − second, dB)." };
        var title = new Option<string?>("--title") { Description = "Title of the first panel (default: the file name)." };
        var compareTitle = new Option<string?>("--compare-title") { Description = "Title of the second panel (default: its file name)." };
        var sampleRate = new Option<int?>("--sample-rate") { Description = "Sample rate of .npy magnitudes in Hz (default 22050; WAV inputs use their own)." };
        var layout = new Option<string>("--layout") { Description = "Orientation of .npy magnitudes: auto (from the bin count), frames-bins, bins-frames.", DefaultValueFactory = _ => "auto" };
        layout.AcceptOnlyFromAmong("auto", "frames-bins", "bins-frames");
        var width = new Option<int>("--width") { Description = "Width of each plot area in pixels (16 … 8192).", DefaultValueFactory = _ => 640 };
        var height = new Option<int>("--height") { Description = "Height of each plot area in pixels (16 … 8192).", DefaultValueFactory = _ => 320 };
        var range = new Option<double>("--range-db") { Description = "Dynamic range shown, dB below the loudest pixel (> 0).", DefaultValueFactory = _ => 80 };
        var diffRange = new Option<double>("--diff-range-db") { Description = "Difference panel: ± this many dB span the colour map (> 0).", DefaultValueFactory = _ => 20 };
        var maxFrequency = new Option<double?>("--max-frequency") { Description = "Highest frequency shown in Hz (default: the Nyquist frequency)." };
        var vertical = new Option<bool>("--vertical") { Description = "Stack the panels top to bottom instead of side by side." };
        var fontScale = new Option<int>("--font-scale") { Description = "Pixels per font pixel (1 … 8).", DefaultValueFactory = _ => 2 };
        var stft = new StftOptions();
        var command = new Command("plot", "Draw a log-magnitude spectrogram (time in s, frequency in Hz, colour in dB) as PNG; with --compare, side by side with a difference panel.");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.Options.Add(compare);
        command.Options.Add(title);
        command.Options.Add(compareTitle);
        command.Options.Add(sampleRate);
        command.Options.Add(layout);
        command.Options.Add(width);
        command.Options.Add(height);
        command.Options.Add(range);
        command.Options.Add(diffRange);
        command.Options.Add(maxFrequency);
        command.Options.Add(vertical);
        command.Options.Add(fontScale);
        stft.AddTo(command);
        command.SetAction(result => Cli.Run(context, () =>
        {
            int w = result.GetValue(width), h = result.GetValue(height), scale = result.GetValue(fontScale);
            double rangeDb = result.GetValue(range), diffRangeDb = result.GetValue(diffRange);
            double? fmax = result.GetValue(maxFrequency);
            RequireRange("--width", w, 16, 8192);
            RequireRange("--height", h, 16, 8192);
            RequireRange("--font-scale", scale, 1, 8);
            RequirePositive("--range-db", rangeDb);
            RequirePositive("--diff-range-db", diffRangeDb);
            if (fmax is double f)
            {
                RequirePositive("--max-frequency", f);
            }

            string outputPath = result.GetValue(output)!;
            if (!outputPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliUsageException($"--output '{outputPath}' must be a .png file.");
            }

            string first = result.GetValue(input)!;
            var inputs = new List<SpectrogramInput> { Load(first, result.GetValue(title), result, stft, sampleRate, layout, context) };
            if (result.GetValue(compare) is string second)
            {
                SpectrogramInput other = Load(second, result.GetValue(compareTitle), result, stft, sampleRate, layout, context);
                if (other.Settings.SampleRate != inputs[0].Settings.SampleRate)
                {
                    throw new CliUsageException($"--compare: the sample rates differ ({inputs[0].Settings.SampleRate} Hz vs {other.Settings.SampleRate} Hz); the panels would not share a frequency axis.");
                }

                inputs.Add(other);
            }

            var options = new SpectrogramPlotOptions
            {
                PlotWidth = w,
                PlotHeight = h,
                RangeDb = rangeDb,
                DifferenceRangeDb = diffRangeDb,
                MaxFrequency = fmax ?? double.NaN,
                Vertical = result.GetValue(vertical),
                FontScale = scale,
            };
            Canvas canvas = SpectrogramPlot.Render(inputs, options);
            // Through Phase.IO's writer, as WAV and NPY outputs: all or nothing, cancellable (Ctrl+C leaves no
            // temporary file), the destination keeps its permissions and a link is written through.
            using (AtomicFile file = AtomicFile.Create(outputPath, "output", context.Cancellation))
            {
                PngFile.Write(file.Stream, canvas.Pixels, canvas.Width, canvas.Height, PngColorType.Rgb);
                file.Commit();
            }

            foreach (SpectrogramInput i in inputs)
            {
                context.Out.WriteLine($"{i.Title}: {SpectrogramPlot.Describe(i)}");
            }

            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {outputPath}: {canvas.Width} × {canvas.Height} PNG"));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static SpectrogramInput Load(string path, string? title, ParseResult result, StftOptions stft, Option<int?> sampleRate,
        Option<string> layout, CliContext context)
    {
        string name = title ?? Path.GetFileName(path);
        if (Inputs.IsNpy(path))
        {
            StftSettings settings = stft.Build(result, result.GetValue(sampleRate) ?? 22050);
            IReadOnlyList<MagnitudeSpectrogram> magnitudes = Inputs.ReadMagnitudes(path, settings, result.GetValue(layout)!, context);
            if (magnitudes.Count != 1)
            {
                throw new CliUsageException($"'{path}' holds {magnitudes.Count} channels; plot takes one 2-D spectrogram.");
            }

            return new SpectrogramInput(name, magnitudes[0], settings);
        }

        WavData wav = Inputs.ReadWav(path);
        StftSettings wavSettings = stft.Build(result, wav.SampleRate);
        float[] samples = wav.ChannelCount == 1 ? wav.Channel(0).ToArray() : wav.MixToMono();
        if (samples.Length == 0)
        {
            throw new CliUsageException($"'{path}' has no samples.");
        }

        using var plan = new StftPlan(wavSettings);
        return new SpectrogramInput(name, plan.ForwardMagnitude(samples), wavSettings);
    }

    private static void RequireRange(string option, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new CliUsageException($"{option} {value} is out of range; use {min} … {max}.");
        }
    }

    private static void RequirePositive(string option, double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture, $"{option} {value} must be a positive, finite number."));
        }
    }
}

using System.CommandLine;

namespace Phase.Cli;

/// <summary>
/// The STFT options every command shares. Defaults are the common text-to-speech setting: Hann window of 1024 samples,
/// FFT size 1024, hop 256, centred with reflect padding, 22050 Hz (the sample rate is taken from a WAV input).
/// </summary>
internal sealed class StftOptions
{
    public static readonly string[] WindowNames = ["hann", "hamming", "blackman", "sqrt-hann", "sine", "gaussian", "kaiser", "rectangular", "rect"];

    public Option<string> Window { get; } = new("--window")
    {
        Description = "Analysis window: hann, hamming, blackman, sqrt-hann (sine), gaussian, kaiser, rectangular.",
        DefaultValueFactory = _ => "hann",
    };

    public Option<int> WindowLength { get; } = new("--window-length")
    {
        Description = "Window length in samples.",
        DefaultValueFactory = _ => 1024,
    };

    public Option<int?> FftSize { get; } = new("--fft-size")
    {
        Description = "FFT size in samples (≥ window length; default: the window length).",
    };

    public Option<int> Hop { get; } = new("--hop")
    {
        Description = "Hop between frames in samples.",
        DefaultValueFactory = _ => 256,
    };

    public Option<string> Padding { get; } = new("--padding")
    {
        Description = "Frame placement: reflect or zero (centred frames, librosa center=True) or none (uncentred).",
        DefaultValueFactory = _ => "reflect",
    };

    public Option<double?> WindowParameter { get; } = new("--window-param")
    {
        Description = "Gaussian C (γ = C·Nw², default 0.15) or Kaiser β (default 8.6).",
    };

    public StftOptions()
    {
        Window.AcceptOnlyFromAmong(WindowNames);
        Padding.AcceptOnlyFromAmong("reflect", "zero", "none");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Window);
        command.Options.Add(WindowLength);
        command.Options.Add(FftSize);
        command.Options.Add(Hop);
        command.Options.Add(Padding);
        command.Options.Add(WindowParameter);
    }

    /// <summary>Builds validated settings; invalid combinations (for example a hop that violates NOLA) become usage errors
    /// carrying StftSettings' message.</summary>
    public StftSettings Build(ParseResult result, int sampleRate)
    {
        WindowKind kind = ParseWindow(result.GetValue(Window)!);
        StftPadding padding = result.GetValue(Padding) switch
        {
            "zero" => StftPadding.Zero,
            "none" => StftPadding.Uncentered,
            _ => StftPadding.Reflect,
        };
        int windowLength = result.GetValue(WindowLength);
        try
        {
            return new StftSettings(
                windowLength: windowLength,
                hop: result.GetValue(Hop),
                fftSize: result.GetValue(FftSize) ?? windowLength,
                window: kind,
                sampleRate: sampleRate,
                padding: padding,
                windowParameter: result.GetValue(WindowParameter) ?? double.NaN);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"invalid STFT settings ({OptionFor(e.ParamName)}): {StripParamSuffix(e)}", e);
        }
    }

    public static WindowKind ParseWindow(string name) => name switch
    {
        "hann" => WindowKind.Hann,
        "hamming" => WindowKind.Hamming,
        "blackman" => WindowKind.Blackman,
        "sqrt-hann" or "sine" => WindowKind.SqrtHann,
        "gaussian" => WindowKind.Gaussian,
        "kaiser" => WindowKind.Kaiser,
        "rectangular" or "rect" => WindowKind.Rectangular,
        _ => throw new CliUsageException($"unknown window '{name}'; use one of {string.Join(", ", WindowNames)}."),
    };

    private static string OptionFor(string? paramName) => paramName switch
    {
        "windowLength" => "--window-length",
        "fftSize" => "--fft-size",
        "hop" => "--hop",
        "sampleRate" => "sample rate",
        "windowParameter" => "--window-param",
        _ => paramName ?? "settings",
    };

    /// <summary>ArgumentException appends " (Parameter 'x')" to its message; the CLI names the option instead.</summary>
    internal static string StripParamSuffix(ArgumentException e)
    {
        string m = e.Message;
        int i = e.ParamName is null ? -1 : m.LastIndexOf($" (Parameter '{e.ParamName}')", StringComparison.Ordinal);
        if (i >= 0)
        {
            m = m[..i];
        }

        // ArgumentOutOfRangeException adds "Actual value was ..." on a new line.
        int nl = m.IndexOf('\n', StringComparison.Ordinal);
        return (nl >= 0 ? m[..nl] : m).TrimEnd();
    }
}

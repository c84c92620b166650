using Phase.IO;

namespace Phase.Cli;

/// <summary>Reading the CLI's inputs: WAV audio and .npy magnitude spectrograms.</summary>
internal static class Inputs
{
    public static bool IsNpy(string path) => path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase);

    /// <summary>A path or name as it may be printed: control characters (a file name can hold any byte but '/' and
    /// NUL) become \uXXXX escapes, so a hostile name cannot move the cursor or rewrite the terminal.</summary>
    public static string Printable(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var sb = new System.Text.StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            sb.Append(char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return sb.ToString();
    }

    /// <summary>Throws a usage error unless <paramref name="path"/> is an existing file (a directory is named as one).</summary>
    public static void RequireFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliUsageException($"'{path}' is a directory, not a file; pass a WAV or .npy file (phase invert also takes a directory with -o OUTDIR).");
        }

        if (!File.Exists(path))
        {
            throw new CliUsageException($"input file '{path}' does not exist.");
        }
    }

    public static WavData ReadWav(string path)
    {
        RequireFile(path);
        return WavFile.Read(path);
    }

    /// <summary>The embedded demo clip (festival CMU SLT voice, 22050 Hz mono), made by scripts/make-speech-fixtures.sh.</summary>
    public static WavData ReadDemoClip()
    {
        using Stream stream = typeof(Inputs).Assembly.GetManifestResourceStream("Phase.Cli.demo.wav")
            ?? throw new InvalidOperationException("The embedded demo clip is missing from the phase tool.");
        return WavFile.Read(stream);
    }

    /// <summary>Selects the channels to process: "mix" (mono mix-down, the default), "all", or a 0-based channel index.</summary>
    public static IReadOnlyList<(string Name, float[] Samples)> SelectChannels(WavData wav, string selection)
    {
        if (selection == "mix")
        {
            return [(wav.ChannelCount == 1 ? "mono" : "mix", wav.ChannelCount == 1 ? wav.Channel(0).ToArray() : wav.MixToMono())];
        }

        if (selection == "all")
        {
            return Enumerable.Range(0, wav.ChannelCount).Select(c => ($"ch{c}", wav.Channel(c).ToArray())).ToArray();
        }

        if (int.TryParse(selection, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index))
        {
            if (index >= wav.ChannelCount)
            {
                throw new CliUsageException($"--channel {index}: the input has {wav.ChannelCount} channel(s) (0 … {wav.ChannelCount - 1}).");
            }

            return [($"ch{index}", wav.Channel(index).ToArray())];
        }

        throw new CliUsageException($"--channel must be 'mix', 'all' or a channel index; got '{selection}'.");
    }

    /// <summary>Reads magnitudes from .npy: 2-D (one spectrogram) or 3-D (channels × …). The orientation is taken from
    /// <paramref name="layout"/>, or with "auto" from which axis has the settings' bin count.</summary>
    public static IReadOnlyList<MagnitudeSpectrogram> ReadMagnitudes(string path, StftSettings settings, string layout, CliContext context)
    {
        RequireFile(path);

        NpyArray<float> array = NpyFile.Read(path);
        int rank = array.Rank;
        if (rank is not (2 or 3))
        {
            throw new CliUsageException($"'{path}' has shape ({string.Join(", ", array.Shape)}); expected 2-D magnitudes (frames × bins or bins × frames) or 3-D (channels × …).");
        }

        int rows = array.Shape[rank - 2], cols = array.Shape[rank - 1];
        int k = settings.BinCount;
        SpectrogramLayout chosen = layout switch
        {
            "frames-bins" => SpectrogramLayout.FramesByBins,
            "bins-frames" => SpectrogramLayout.BinsByFrames,
            _ => (rows == k, cols == k) switch
            {
                (false, true) => SpectrogramLayout.FramesByBins,
                (true, false) => SpectrogramLayout.BinsByFrames,
                (true, true) => throw new CliUsageException($"'{path}' is {rows} × {cols}: both axes match {k} bins; say which with --layout frames-bins or bins-frames."),
                _ => throw new CliUsageException($"'{path}' is {rows} × {cols}, but FFT size {settings.FftSize} needs {k} bins on one axis; check --fft-size" +
                    (Math.Min(rows, cols) <= 256 ? $", or add --mel {Math.Min(rows, cols)} if this is a mel spectrogram (phase invert only)." : ".")),
            },
        };
        int binsInFile = chosen == SpectrogramLayout.FramesByBins ? cols : rows;
        if (binsInFile != k)
        {
            throw new CliUsageException($"'{path}' has {binsInFile} bins per frame in the {layout} layout, but FFT size {settings.FftSize} needs {k}.");
        }

        context.Err.WriteLine($"phase: {Path.GetFileName(path)}: {(chosen == SpectrogramLayout.FramesByBins ? "frames × bins" : "bins × frames")}, {(chosen == SpectrogramLayout.FramesByBins ? rows : cols)} frames of {k} bins");
        int channels = rank == 3 ? array.Shape[0] : 1;
        int perChannel = rows * cols;
        var result = new MagnitudeSpectrogram[channels];
        for (int c = 0; c < channels; c++)
        {
            var slice = new NpyArray<float>(array.Values.Slice(c * perChannel, perChannel).ToArray(), rows, cols);
            result[c] = slice.ToMagnitudeSpectrogram(chosen);
            result[c].ThrowIfInvalidFor(settings, "magnitudes");
        }

        return result;
    }
}

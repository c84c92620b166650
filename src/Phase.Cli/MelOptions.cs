using System.CommandLine;
using System.Globalization;
using Phase.IO;
using Phase.Mel;

namespace Phase.Cli;

/// <summary>
/// Options of <c>phase invert</c> for mel-spectrogram input (<c>--mel N</c>): how the values are compressed (one of
/// <c>--db</c>, <c>--log</c>, <c>--log10</c>, <c>--linear</c>, required), what the filter bank saw (<c>--power</c> or
/// <c>--amplitude</c>), and the filter bank (librosa's defaults: Slaney scale and normalisation, 0 Hz … Nyquist).
/// </summary>
internal sealed class MelOptions
{
    public Option<int?> Mel { get; } = new("--mel")
    {
        Description = "The .npy input is a mel spectrogram with this many bands (e.g. 80); it is turned into linear magnitudes by non-negative least squares first. Orientation (mels × frames as librosa writes it, or frames × mels) is detected from this count.",
    };

    public Option<bool> Db { get; } = new("--db") { Description = "Mel values are decibels: 10·log10(power) (librosa power_to_db), or 20·log10 with --amplitude." };

    public Option<bool> Log { get; } = new("--log") { Description = "Mel values are natural logs, ln(max(x, 1e-5)) (HiFi-GAN, Tacotron 2; usually with --amplitude)." };

    public Option<bool> Log10 { get; } = new("--log10") { Description = "Mel values are base-10 logs, log10(max(x, floor)) (ESPnet, ParallelWaveGAN)." };

    public Option<bool> Linear { get; } = new("--linear") { Description = "Mel values are linear (not compressed)." };

    public Option<bool> Power { get; } = new("--power") { Description = "The filter bank was applied to the power spectrum |X|² (librosa's default; assumed with --db)." };

    public Option<bool> Amplitude { get; } = new("--amplitude") { Description = "The filter bank was applied to magnitudes |X| (HiFi-GAN, Tacotron 2; assumed with --log and --log10)." };

    public Option<double> DbReference { get; } = new("--db-ref") { Description = "The dB reference 'ref' the mel was made with (librosa default 1).", DefaultValueFactory = _ => 1.0 };

    public Option<double> FMin { get; } = new("--fmin") { Description = "Lowest mel band edge in Hz (librosa fmin).", DefaultValueFactory = _ => 0.0 };

    public Option<double?> FMax { get; } = new("--fmax") { Description = "Highest mel band edge in Hz (librosa fmax; default the Nyquist frequency; HiFi-GAN uses 8000)." };

    public Option<bool> Htk { get; } = new("--htk") { Description = "HTK mel scale 2595·log10(1 + f/700) instead of Slaney's (librosa htk=True)." };

    public Option<string> Norm { get; } = new("--mel-norm")
    {
        Description = "Filter normalisation: slaney (area, librosa's default), peak (librosa norm=np.inf), none.",
        DefaultValueFactory = _ => "slaney",
    };

    public Option<int> MaxIterations { get; } = new("--mel-iterations") { Description = "Most NNLS iterations per block of frames.", DefaultValueFactory = _ => MelInversionOptions.Default.MaxIterations };

    public MelOptions() => Norm.AcceptOnlyFromAmong("slaney", "peak", "none");

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Mel, Db, Log, Log10, Linear, Power, Amplitude, DbReference, FMin, FMax, Htk, Norm, MaxIterations })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Rejects mel-only options given without <c>--mel</c>.</summary>
    public void ThrowIfMelOptionsWithoutMel(ParseResult result)
    {
        foreach (Option option in new Option[] { Db, Log, Log10, Linear, Power, Amplitude, DbReference, FMin, FMax, Htk, Norm, MaxIterations })
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                throw new CliUsageException($"{option.Name} applies to mel spectrograms only; add --mel N (the number of mel bands) for a mel .npy input.");
            }
        }
    }

    /// <summary>Rejects option values that are wrong whatever the input (checked before any file is read).</summary>
    public void Validate(ParseResult result)
    {
        int iterations = result.GetValue(MaxIterations);
        if (iterations < 0)
        {
            throw new CliUsageException($"--mel-iterations {iterations.ToString(CultureInfo.InvariantCulture)} is negative; use 0 (the interpolated starting point only) or more.");
        }
    }

    /// <summary>Reads a mel .npy, decodes it and solves for linear magnitudes; reports what it detected and assumed.</summary>
    public MagnitudeSpectrogram ReadMagnitudes(string path, ParseResult result, StftSettings settings, string layout, CliContext context)
    {
        int melCount = result.GetValue(Mel)!.Value;
        if (melCount is < 1 or > 4096)
        {
            throw new CliUsageException($"--mel {melCount} is out of range; use the number of mel bands, 1 … 4096 (80 for most TTS models).");
        }

        double? fmax = result.GetValue(FMax);
        if (fmax > settings.SampleRate / 2.0)
        {
            throw new CliUsageException(string.Create(CultureInfo.InvariantCulture,
                $"--fmax {fmax} Hz is above the Nyquist frequency ({settings.SampleRate / 2.0} Hz at {settings.SampleRate} Hz); use at most {settings.SampleRate / 2.0}, or set --sample-rate to the rate the mel was made at."));
        }

        (MelEncoding encoding, string encodingName) = Encoding(result);
        MelSpectrumKind kind = Kind(result, encoding, context);
        MelScale scale = result.GetValue(Htk) ? MelScale.Htk : MelScale.Slaney;
        MelNormalization norm = result.GetValue(Norm) switch
        {
            "peak" => MelNormalization.Peak,
            "none" => MelNormalization.None,
            _ => MelNormalization.Slaney,
        };
        MelFilterBank bank;
        try
        {
            bank = MelFilterBank.For(settings, melCount, result.GetValue(FMin), result.GetValue(FMax) ?? double.NaN, scale, norm);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"invalid mel filter bank: {StftOptions.StripParamSuffix(e)}", e);
        }

        Inputs.RequireFile(path);

        NpyArray<float> array = NpyFile.Read(path);
        if (array.Rank != 2)
        {
            throw new CliUsageException($"'{path}' has shape ({string.Join(", ", array.Shape)}); a mel spectrogram is 2-D: mels × frames or frames × mels.");
        }

        int rows = array.Shape[0], cols = array.Shape[1];
        bool melsByFrames = layout switch
        {
            "mels-frames" or "bins-frames" => true,
            "frames-mels" or "frames-bins" => false,
            _ => (rows == melCount, cols == melCount) switch
            {
                (true, false) => true,
                (false, true) => false,
                (true, true) => throw new CliUsageException($"'{path}' is {rows} × {cols}: both axes have {melCount} entries; say which is which with --layout mels-frames or frames-mels."),
                _ => throw new CliUsageException(rows == settings.BinCount || cols == settings.BinCount
                    ? $"'{path}' is {rows} × {cols}: no axis has {melCount} mel bands, but one has {settings.BinCount} = FFT size/2 + 1 bins; this looks like a linear magnitude spectrogram — drop --mel."
                    : $"'{path}' is {rows} × {cols}: no axis has the {melCount} mel bands --mel says; check --mel."),
            },
        };
        int frames = melsByFrames ? cols : rows;
        int bands = melsByFrames ? rows : cols;
        if (bands != melCount)
        {
            throw new CliUsageException($"'{path}' has {bands} mel bands per frame in the {layout} layout, but --mel says {melCount}.");
        }

        if (frames < 1)
        {
            throw new CliUsageException($"'{path}' has no frames.");
        }

        // Frames × mels, row-major, as the inverter takes them.
        var mel = new float[frames * melCount];
        Span<float> values = array.Values;
        for (int n = 0; n < frames; n++)
        {
            for (int m = 0; m < melCount; m++)
            {
                mel[n * melCount + m] = melsByFrames ? values[m * frames + n] : values[n * melCount + m];
            }
        }

        if (encoding == MelEncoding.Decibels && mel.Min() >= 0 && mel.Max() > 1)
        {
            context.Warn($"every value of '{Path.GetFileName(path)}' is ≥ 0; dB mels of speech are mostly negative — is this a linear mel (use --linear)?");
        }

        double reference = result.GetValue(DbReference);
        try
        {
            MelCompression.Decode(mel, mel, encoding, kind, reference);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"'{path}' as {encodingName}: {StftOptions.StripParamSuffix(e)}", e);
        }

        var inverter = new MelInverter(bank, new MelInversionOptions { MaxIterations = result.GetValue(MaxIterations) });
        MagnitudeSpectrogram magnitudes = inverter.ToMagnitudes(mel, frames, kind, out MelInversionStatistics stats);
        context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"phase: {Path.GetFileName(path)}: {(melsByFrames ? "mels × frames (librosa orientation)" : "frames × mels")}, {frames} frames of {melCount} mel bands; " +
            $"{encodingName} {(kind == MelSpectrumKind.Power ? "power" : "amplitude")} mel, {bank}"));
        context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"phase: mel → linear ({settings.BinCount} bins) by NNLS: mean relative mel residual {stats.MeanRelativeResidual:0.0e+0}, worst {stats.WorstRelativeResidual:0.0e+0}, ≤ {stats.MaxIterationsUsed} iterations"));
        return magnitudes;
    }

    private (MelEncoding Encoding, string Name) Encoding(ParseResult result)
    {
        var given = new List<(MelEncoding Encoding, string Name, string Flag)>();
        if (result.GetValue(Db))
        {
            given.Add((MelEncoding.Decibels, "dB", "--db"));
        }

        if (result.GetValue(Log))
        {
            given.Add((MelEncoding.NaturalLog, "natural-log", "--log"));
        }

        if (result.GetValue(Log10))
        {
            given.Add((MelEncoding.Log10, "log10", "--log10"));
        }

        if (result.GetValue(Linear))
        {
            given.Add((MelEncoding.Linear, "linear", "--linear"));
        }

        return given.Count switch
        {
            1 => (given[0].Encoding, given[0].Name),
            0 => throw new CliUsageException("a mel spectrogram needs its compression: add one of --db (librosa power_to_db), --log (natural log, HiFi-GAN / Tacotron 2), --log10 or --linear."),
            _ => throw new CliUsageException($"give one of --db, --log, --log10, --linear; got {string.Join(" and ", given.Select(g => g.Flag))}."),
        };
    }

    private MelSpectrumKind Kind(ParseResult result, MelEncoding encoding, CliContext context)
    {
        bool power = result.GetValue(Power), amplitude = result.GetValue(Amplitude);
        if (power && amplitude)
        {
            throw new CliUsageException("give one of --power and --amplitude, not both.");
        }

        if (power)
        {
            return MelSpectrumKind.Power;
        }

        if (amplitude)
        {
            return MelSpectrumKind.Amplitude;
        }

        if (encoding is MelEncoding.NaturalLog or MelEncoding.Log10)
        {
            context.Err.WriteLine("phase: assuming an amplitude mel (filter bank applied to |X|, as HiFi-GAN and Tacotron 2 do); pass --power if it was |X|².");
            return MelSpectrumKind.Amplitude;
        }

        context.Err.WriteLine("phase: assuming a power mel (filter bank applied to |X|², librosa's default); pass --amplitude if it was |X|.");
        return MelSpectrumKind.Power;
    }
}

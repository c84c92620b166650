using System.CommandLine;
using System.Globalization;
using Phase.IO;
using Phase.Mel;
using Phase.Resampling;

namespace Phase.Cli;

/// <summary>
/// <c>--preset NAME</c> (with optional <c>--mel-mean</c>/<c>--mel-std</c>) for <c>phase invert</c> and <c>phase spec --mel</c>:
/// a whole named mel convention (<see cref="MelConvention"/>) instead of the individual <c>--mel N --log --fmax …</c> flags.
/// </summary>
internal sealed class MelPresetOptions
{
    public Option<string?> Preset { get; } = new("--preset")
    {
        Description = "A named mel convention: hifigan (Tacotron 2, FastPitch, Glow-TTS, Matcha without normalisation), matcha (hifigan + mean/std), vocos (24 kHz Vocos), styletts2, librosa. Fixes sample rate, FFT/window/hop, padding, filter bank, compression, normalisation and layout; see docs/tts.md.",
    };

    public Option<double?> MelMean { get; } = new("--mel-mean") { Description = "With --preset: the mean the model normalised its log mels with, v = (e − mean)/std (Matcha: -5.5366)." };

    public Option<double?> MelStd { get; } = new("--mel-std") { Description = "With --preset: the standard deviation of that normalisation (Matcha: 2.1161)." };

    public MelPresetOptions() => Preset.AcceptOnlyFromAmong([.. MelConvention.PresetNames]);

    public void AddTo(Command command)
    {
        command.Options.Add(Preset);
        command.Options.Add(MelMean);
        command.Options.Add(MelStd);
    }

    /// <summary>The chosen convention, or null without <c>--preset</c> (then <c>--mel-mean</c>/<c>--mel-std</c> are refused).</summary>
    public MelConvention? Convention(ParseResult result)
    {
        string? name = result.GetValue(Preset);
        double? mean = result.GetValue(MelMean), std = result.GetValue(MelStd);
        if (name is null)
        {
            if (mean is not null || std is not null)
            {
                throw new CliUsageException("--mel-mean and --mel-std apply to a --preset; add --preset NAME.");
            }

            return null;
        }

        MelConvention convention = MelConvention.FromName(name);
        convention = convention with { Mean = mean ?? convention.Mean, Std = std ?? convention.Std };
        try
        {
            convention.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"--preset {name}: {StftOptions.StripParamSuffix(e)}", e);
        }

        return convention;
    }

    /// <summary>Refuses the individual mel and STFT flags that a preset fixes.</summary>
    public static void ThrowIfConflicting(ParseResult result, MelConvention convention, IEnumerable<Option> fixedOptions)
    {
        foreach (Option option in fixedOptions)
        {
            if (result.GetResult(option) is { Implicit: false })
            {
                throw new CliUsageException($"--preset {convention.Name} fixes what {option.Name} sets ({convention}); drop {option.Name}, or drop --preset and give every setting yourself.");
            }
        }
    }

    /// <summary>Reads a mel .npy in the preset's convention: 2-D <c>[n_mels, T]</c> / <c>[T, n_mels]</c> or batched 3-D; one
    /// frame-major array of stored values per batch item.</summary>
    public static (float[][] Items, int FrameCount, MelLayout Layout) ReadStored(string path, MelConvention convention, string layout)
    {
        if (!File.Exists(path))
        {
            throw new CliUsageException($"input file '{path}' does not exist.");
        }

        NpyArray<float> array = NpyFile.Read(path);
        int[] shape = array.Shape.ToArray();
        if (shape.Length is not (2 or 3))
        {
            throw new CliUsageException($"'{path}' has shape ({string.Join(", ", shape)}); a mel spectrogram is [n_mels, T], [T, n_mels] or [B, …].");
        }

        int a = shape[^2], b = shape[^1], m = convention.MelCount;
        MelLayout chosen = layout switch
        {
            "mels-frames" or "bins-frames" => MelLayout.MelsByFrames,
            "frames-mels" or "frames-bins" => MelLayout.FramesByMels,
            _ => (a == m, b == m) switch
            {
                (true, false) => MelLayout.MelsByFrames,
                (false, true) => MelLayout.FramesByMels,
                (true, true) => convention.Layout,
                _ => throw new CliUsageException($"'{path}' has shape ({string.Join(", ", shape)}): no axis has the {m} mel bands of the {convention.Name} convention. Is this the right --preset?"),
            },
        };
        try
        {
            (float[][] items, int frames) = convention.FromLayout(array.Values, shape, chosen);
            return (items, frames, chosen);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"'{path}': {StftOptions.StripParamSuffix(e)}", e);
        }
    }

    /// <summary>Decodes stored mel values and solves for linear magnitudes on the preset's frame grid; reports what it did.</summary>
    public static MagnitudeSpectrogram ToMagnitudes(float[] stored, int frames, MelConvention convention, int maxIterations, string label, CliContext context)
    {
        var linear = new float[stored.Length];
        try
        {
            convention.Decode(stored, linear);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"{label}: {StftOptions.StripParamSuffix(e)}", e);
        }

        MelInverter inverter = convention.CreateInverter(new MelInversionOptions { MaxIterations = Math.Max(0, maxIterations) });
        MagnitudeSpectrogram magnitudes = inverter.ToMagnitudes(linear, frames, convention.Kind, out MelInversionStatistics stats);
        context.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"phase: {label}: {frames} frames; mel → linear by NNLS: mean relative mel residual {stats.MeanRelativeResidual:0.0e+0}, worst {stats.WorstRelativeResidual:0.0e+0}"));
        return magnitudes;
    }

    /// <summary>What <c>phase invert --preset</c> reconstructs: magnitudes on the preset's frame grid per batch item, the
    /// settings and padded lengths to reconstruct with, and the convention to trim the result with.</summary>
    public sealed record Prepared(MelConvention Convention, StftSettings Settings, MagnitudeSpectrogram[] Targets, int[] Lengths, int FrameCount, float[][] Stored);

    /// <summary>Reads and inverts a mel .npy for <c>phase invert --preset</c>; refuses the flags the preset fixes.</summary>
    public static Prepared PrepareInvert(ParseResult result, MelConvention convention, string inputPath, string layout, MelOptions mel,
        StftOptions stft, Option<int?> sampleRate, CliContext context)
    {
        if (!Inputs.IsNpy(inputPath))
        {
            throw new CliUsageException($"--preset needs a .npy mel spectrogram; '{inputPath}' is not a .npy file (to make one from a WAV: phase spec in.wav --mel --preset {convention.Name} -o mel.npy).");
        }

        ThrowIfConflicting(result, convention, [sampleRate, stft.Window, stft.WindowLength, stft.FftSize, stft.Hop, stft.Padding, stft.WindowParameter,
            mel.Db, mel.Log, mel.Log10, mel.Linear, mel.Power, mel.Amplitude, mel.DbReference, mel.FMin, mel.FMax, mel.Htk, mel.Norm]);
        if (result.GetValue(mel.Mel) is int count && count != convention.MelCount)
        {
            throw new CliUsageException($"--mel {count} contradicts --preset {convention.Name}, which has {convention.MelCount} mel bands.");
        }

        (float[][] items, int frames, MelLayout chosen) = ReadStored(inputPath, convention, layout);
        context.Err.WriteLine($"phase: {Path.GetFileName(inputPath)}: {items.Length} × {(chosen == MelLayout.MelsByFrames ? "[n_mels, T]" : "[T, n_mels]")}, T = {frames}; {convention}");
        var targets = new MagnitudeSpectrogram[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            targets[i] = ToMagnitudes(items[i], frames, convention, result.GetValue(mel.MaxIterations), items.Length == 1 ? Path.GetFileName(inputPath) : $"item {i}", context);
        }

        StftSettings settings = convention.CreateStftSettings();
        int length = convention.ReconstructionLength(frames);
        return new Prepared(convention, settings, targets, targets.Select(_ => length).ToArray(), frames, items);
    }

    /// <summary>
    /// <c>phase invert mel.npy --preset NAME -m vocoder</c>: the stored mels go straight into the vocoder model (no NNLS in
    /// between), converted to the model's convention when they differ only by the mean/std normalisation (matcha vs
    /// hifigan). Returns one outcome per batch item, the signal placed on the padded axis of the preset's grid (like the
    /// other methods' reconstructions, so the caller trims them the same way) and SC against the NNLS magnitudes.
    /// </summary>
    public static ReconstructionRunner.Outcome[] Vocode(Prepared preset, Phase.Neural.Vocoder.VocoderReconstructor vocoder, CancellationToken cancellationToken)
    {
        MelConvention c = preset.Convention;
        MelConvention m = vocoder.Convention
            ?? throw new CliUsageException($"the vocoder model '{vocoder.Model.Source}' names no mel convention in its metadata; it cannot be checked against --preset {c.Name}.");
        if (c with { Name = m.Name, Mean = m.Mean, Std = m.Std, Layout = m.Layout } != m)
        {
            throw new CliUsageException($"the vocoder model expects {m} mels, but --preset {c.Name} says {c}.");
        }

        var outcomes = new ReconstructionRunner.Outcome[preset.Stored.Length];
        for (int i = 0; i < outcomes.Length; i++)
        {
            float[] stored = preset.Stored[i];
            var model = new float[stored.Length];
            for (int j = 0; j < stored.Length; j++)
            {
                model[j] = (float)((((stored[j] * c.Std) + c.Mean) - m.Mean) / m.Std);
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            float[] audio = vocoder.Synthesize(model, preset.FrameCount, MelLayout.FramesByMels, cancellationToken);
            double elapsed = clock.Elapsed.TotalSeconds;
            var padded = new float[preset.Lengths[i]];
            audio.AsSpan(0, Math.Min(audio.Length, padded.Length - c.Padding)).CopyTo(padded.AsSpan(c.Padding));
            outcomes[i] = new ReconstructionRunner.Outcome(padded, elapsed, ReconstructionRunner.SpectralConvergence(preset.Settings, padded, preset.Targets[i]));
        }

        return outcomes;
    }

    /// <summary>Resamples a WAV channel to the convention's rate when it differs (noted on stderr).</summary>
    public static float[] AtConventionRate(float[] samples, int sampleRate, MelConvention convention, CliContext context)
    {
        if (sampleRate == convention.SampleRate)
        {
            return samples;
        }

        context.Err.WriteLine($"phase: resampling {sampleRate} Hz → {convention.SampleRate} Hz for the {convention.Name} convention");
        return new PolyphaseResampler(sampleRate, convention.SampleRate).Process(samples);
    }
}

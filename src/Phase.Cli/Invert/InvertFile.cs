using Phase.IO;
using Phase.Metrics;
using Phase.Stft;

namespace Phase.Cli.Invert;

/// <summary>
/// The one place where <c>phase invert</c> turns one input file into one output WAV: read (WAV, .npy magnitudes or a
/// .npy mel), reconstruct every channel, write the audio atomically, then measure. Used as is by single-file runs and by
/// every worker of a many-file run, which is why the two give bit-identical files.
/// </summary>
internal static class InvertFile
{
    /// <summary>Runs <paramref name="request"/> on one file.</summary>
    /// <param name="request">The parsed command line.</param>
    /// <param name="inputPath">A WAV or .npy file.</param>
    /// <param name="outputPath">The WAV to write (replaced atomically).</param>
    /// <param name="log">Where informational lines and warnings about the input go.</param>
    /// <param name="progressFor">A progress bar for channel c, or null for none.</param>
    /// <param name="cancellationToken">Stops the reconstruction and the write; nothing is left behind.</param>
    /// <exception cref="CliUsageException">The input does not fit the options.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the output was not written.</exception>
    public static InvertOutcome Run(InvertRequest request, string inputPath, string outputPath, CliContext log,
        Func<int, ProgressBar?> progressFor, CancellationToken cancellationToken)
    {
        Inputs.RequireFile(inputPath);
        PathIdentity.ThrowIfSameFile(inputPath, outputPath);
        var result = request.Result;
        bool fromNpy = Inputs.IsNpy(inputPath);
        float[][]? references = null;
        IReadOnlyList<MagnitudeSpectrogram> targets;
        StftSettings settings;
        int[] lengths;
        MelPresetOptions.Prepared? preset = request.Preset is { } convention
            ? MelPresetOptions.PrepareInvert(result, convention, inputPath, request.Layout, request.Mel, request.Stft, request.SampleRateOption, log)
            : null;
        if (preset is not null)
        {
            settings = preset.Settings;
            targets = preset.Targets;
            lengths = preset.Lengths;
        }
        else if (request.FromMel && !fromNpy)
        {
            throw new CliUsageException($"--mel needs a .npy mel spectrogram; '{inputPath}' is not a .npy file.");
        }
        else if (request.FromMel)
        {
            settings = request.Stft.Build(result, request.SampleRate ?? 22050);
            targets = [request.Mel.ReadMagnitudes(inputPath, result, settings, request.Layout, log)];
            lengths = targets.Select(t => settings.DefaultSignalLength(t.FrameCount)).ToArray();
        }
        else if (fromNpy)
        {
            if (request.Layout is "frames-mels" or "mels-frames")
            {
                throw new CliUsageException($"--layout {request.Layout} is for mel spectrograms; add --mel N, or use frames-bins / bins-frames.");
            }

            settings = request.Stft.Build(result, request.SampleRate ?? 22050);
            targets = Inputs.ReadMagnitudes(inputPath, settings, request.Layout, log);
            lengths = targets.Select(t => settings.DefaultSignalLength(t.FrameCount)).ToArray();
        }
        else
        {
            WavData wav = Inputs.ReadWav(inputPath);
            if (request.SampleRate is int sr)
            {
                log.Warn($"--sample-rate {sr} is ignored for WAV input (the file says {wav.SampleRate} Hz).");
            }

            settings = request.Stft.Build(result, wav.SampleRate);
            var channels = Inputs.SelectChannels(wav, request.Channel);
            references = channels.Select(c => c.Samples).ToArray();
            AudioRange.ThrowIfBeyondStftRange(references, settings, inputPath);
            using var plan = new StftPlan(settings);
            targets = references.Select(x => plan.ForwardMagnitude(x)).ToArray();
            lengths = references.Select(x => x.Length).ToArray();
        }

        IPhaseReconstructor? reconstructor = request.Streamed ? null : request.ReconstructorFor(settings);
        ReconstructionRunner.Outcome[]? vocoded = preset is not null && reconstructor is Phase.Neural.Vocoder.VocoderReconstructor vocoder
            ? MelPresetOptions.Vocode(preset, vocoder, cancellationToken)
            : null;
        var signals = new float[targets.Count][];
        var runs = new ReconstructionRunner.Outcome[targets.Count];
        var delays = new int[targets.Count];
        for (int c = 0; c < targets.Count; c++)
        {
            using ProgressBar? bar = progressFor(c);
            runs[c] = vocoded is not null ? vocoded[c]
                : request.Streamed
                ? StreamOptions.Run(out delays[c], request.Method, settings, request.Parameters, targets[c], references?[c], lengths[c], request.KeepDelay, bar, cancellationToken)
                : ReconstructionRunner.Run(reconstructor!, targets[c], lengths[c], request.Seed, bar, cancellationToken);
            signals[c] = preset is null ? runs[c].Signal : preset.Convention.TrimReconstruction(runs[c].Signal, preset.FrameCount);
        }

        // The audio is written before anything is measured: a metric that cannot be computed never costs the output.
        cancellationToken.ThrowIfCancellationRequested();
        var notes = new List<string>();
        WavWriteResult written = WavFile.Write(outputPath, new AudioBuffer(settings.SampleRate, signals), request.Format, cancellationToken: cancellationToken);
        if (written.Clipped)
        {
            notes.Add($"warning: {written.ClippedSampleCount} samples exceeded full scale and were clipped; use --format float32 to keep them.");
        }

        var outcomes = new ChannelOutcome[targets.Count];
        for (int c = 0; c < targets.Count; c++)
        {
            IntelligibilityScores? scores = null;
            if (references is not null)
            {
                try
                {
                    scores = QualityMetrics.Intelligibility(signals[c].AsSpan(delays[c], references[c].Length), references[c], settings.SampleRate);
                }
                catch (ArgumentException e)
                {
                    // Too short or too quiet for STOI's 384 ms segments (a 0.3 s clip, silence, a silent channel).
                    notes.Add($"note: STOI/ESTOI not computed{(targets.Count > 1 ? $" for channel {c}" : "")}: {StftOptions.StripParamSuffix(e)}");
                }
            }

            outcomes[c] = new ChannelOutcome(runs[c].SpectralConvergenceDb, scores, runs[c].ElapsedSeconds, lengths[c] / (double)settings.SampleRate);
        }

        return new InvertOutcome(settings, references is not null, outcomes, written, notes);
    }
}

using System.CommandLine;
using System.Diagnostics;
using Phase.Stft;

namespace Phase.Cli;

/// <summary><c>phase invert --stream [--keep-delay]</c>: runs a streaming method through <see cref="StreamingPipeline"/>
/// one hop at a time, exactly as a real-time application receives it.</summary>
internal sealed class StreamOptions
{
    public Option<bool> Stream { get; } = new("--stream")
    {
        Description = "Run a streaming method hop by hop through the real-time pipeline (WAV input: audio hops analysed inside; .npy: one magnitude frame per hop) and write the result aligned with the input, of its length.",
    };

    public Option<bool> KeepDelay { get; } = new("--keep-delay")
    {
        Description = "With --stream: write the raw stream as a sound card gets it (pre-roll of the latency and the tail included) instead of aligning it.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Stream);
        command.Options.Add(KeepDelay);
    }

    /// <summary>Whether --stream was given; checks the method streams and --keep-delay comes with --stream.</summary>
    public bool Enabled(ParseResult result, ReconstructorDescriptor method)
    {
        bool stream = result.GetValue(Stream);
        if (!stream)
        {
            if (result.GetValue(KeepDelay))
            {
                throw new CliUsageException("--keep-delay needs --stream (it keeps the streaming delay).");
            }

            return false;
        }

        if (!method.IsStreaming)
        {
            string streaming = string.Join(", ", PhaseReconstructors.Available.Where(d => d.IsStreaming).Select(d => d.Name));
            throw new CliUsageException($"--stream: '{method.Name}' is an offline method; the streaming methods are {streaming}.");
        }

        return true;
    }

    /// <summary>Streams one channel: <paramref name="audio"/> in hops if given (WAV input), else the magnitude frames of
    /// <paramref name="target"/>; returns <paramref name="length"/> aligned samples or, with <paramref name="keepDelay"/>, the raw stream.</summary>
    /// <remarks><paramref name="delay"/> receives where the input's first sample is in the written signal (0 unless <paramref name="keepDelay"/>).</remarks>
    public static ReconstructionRunner.Outcome Run(out int delay, ReconstructorDescriptor method, StftSettings settings, ReconstructorParameters parameters,
        MagnitudeSpectrogram target, float[]? audio, int length, bool keepDelay, IProgress<ReconstructionProgress>? progress, CancellationToken cancellationToken)
    {
        IStreamingPhaseReconstructor reconstructor;
        try
        {
            reconstructor = method.CreateStreaming(settings, parameters);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException(StftOptions.StripParamSuffix(e), e);
        }

        StreamingInput kind = audio is null ? StreamingInput.Magnitudes : StreamingInput.Audio;
        using var pipeline = new StreamingPipeline(reconstructor, kind, compensateDelay: !keepDelay);
        int hop = settings.Hop, per = pipeline.FrameInputLength;
        ReadOnlySpan<float> input = audio is not null ? audio : target.Values;
        int frames = input.Length / per;
        var stream = new float[((long)frames * hop) + pipeline.MaxEndLength];
        var clock = Stopwatch.StartNew();
        int written = 0;
        for (int f = 0; f < frames; f++)
        {
            if (f % 64 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new ReconstructionProgress(f, frames, "frame"));
            }

            written += pipeline.Process(input.Slice(f * per, per), stream.AsSpan(written, hop));
        }

        written += pipeline.End(input.Slice(frames * per), stream.AsSpan(written));
        progress?.Report(new ReconstructionProgress(frames, frames, "frame"));
        double elapsed = clock.Elapsed.TotalSeconds;

        // Aligned: the input's length (model frames give F·H samples; a .npy target asks for (F − 1)·H).
        delay = pipeline.OutputDelay;
        float[] signal = keepDelay ? stream.AsSpan(0, written).ToArray() : stream.AsSpan(0, Math.Min(written, length)).ToArray();
        if (!keepDelay && signal.Length < length)
        {
            Array.Resize(ref signal, length);
        }

        int alignedLength = Math.Max(0, Math.Min(length, signal.Length - delay));
        double sc = ReconstructionRunner.SpectralConvergence(settings, signal.AsSpan(delay, alignedLength), target);
        return new ReconstructionRunner.Outcome(signal, elapsed, sc);
    }
}

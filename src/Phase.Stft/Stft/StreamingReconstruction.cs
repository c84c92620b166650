namespace Phase.Stft;

/// <summary>
/// Runs an <see cref="IStreamingPhaseReconstructor"/> over a whole magnitude spectrogram, as an offline method: the
/// offline wrapper of every streaming algorithm (RTISI-LA, SPSI, RTPGHI, …).
/// </summary>
/// <remarks>
/// <para>The reconstructor is <see cref="IStreamingPhaseReconstructor.Reset"/> first, fed frames <c>0 … F − 1</c> in order, and
/// flushed. Output-stream sample <c>i</c> is timeline sample <c>i − OutputDelay</c>; timeline sample <c>t</c> is signal
/// sample <c>t</c> for centred settings and <c>t + ⌊N/2⌋</c> for <see cref="StftPadding.Uncentered"/> (whose frame <c>n</c>
/// is centred on <c>nH + ⌊N/2⌋</c>). The result holds exactly the requested number of samples; signal samples the stream
/// never reaches are 0. Frames whose output would all fall past the requested length are not processed. Where signal
/// samples fall outside the stream's exactly normalised range (the first <c>⌊N/2⌋</c> samples of an uncentred transform,
/// or a requested length past timeline <c>F·H</c>), they get the offline ISTFT's edge normalisation, as an offline method should.</para>
/// <para>Cancellation is checked and progress (unit "frame") reported every 64 frames and at the end. The options'
/// seed is not used (a streaming reconstructor takes its seed at construction). Allocates the result, one hop and one
/// flush buffer; <see cref="ReconstructionOptions.ReturnSpectrogram"/> adds an STFT of the result.</para>
/// </remarks>
public static class StreamingReconstruction
{
    private const int CheckInterval = 64;

    /// <summary>Reconstructs a waveform frame by frame with <paramref name="reconstructor"/>.</summary>
    /// <param name="reconstructor">The streaming reconstructor; it is reset before and after the run.</param>
    /// <param name="magnitudes">Target magnitudes, <see cref="StftSettings.BinCount"/> bins of the reconstructor's settings, finite and non-negative.</param>
    /// <param name="options">Output length, spectrogram request, progress and cancellation; null for the defaults.</param>
    /// <returns>The waveform of the requested length (<see cref="StftSettings.DefaultSignalLength"/>(F) by default), with
    /// 0 iterations and, if requested, the STFT of the waveform as its spectrogram.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a magnitude is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The requested length is out of range.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    public static PhaseReconstruction Reconstruct(IStreamingPhaseReconstructor reconstructor, MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reconstructor);
        ArgumentNullException.ThrowIfNull(magnitudes);
        options ??= ReconstructionOptions.Default;
        StftSettings settings = reconstructor.Settings;
        magnitudes.ThrowIfInvalidFor(settings, nameof(magnitudes));
        int frames = magnitudes.FrameCount;
        int length = ResolveLength(settings, frames, options.SignalLength);
        int hop = settings.Hop;

        // Stream index i holds signal sample i − offset.
        long offset = reconstructor.OutputDelay - (settings.IsCentered ? 0L : settings.FftSize / 2);
        var signal = new float[length];
        var buffer = new float[Math.Max(hop, reconstructor.FlushLength)];
        CancellationToken token = options.CancellationToken;
        reconstructor.Reset();
        try
        {
            long streamPosition = 0;
            bool reachedEnd = false;
            for (int n = 0; n < frames; n++)
            {
                if (n % CheckInterval == 0)
                {
                    token.ThrowIfCancellationRequested();
                    options.Progress?.Report(new ReconstructionProgress(n, frames, "frame"));
                }

                if (streamPosition - offset >= length)
                {
                    reachedEnd = true;
                    break;
                }

                Span<float> hopOut = buffer.AsSpan(0, hop);
                reconstructor.ProcessFrame(magnitudes.Frame(n), hopOut);
                Place(hopOut, streamPosition - offset, signal);
                streamPosition += hop;
            }

            bool flushed = false;
            if (!reachedEnd && streamPosition - offset < length)
            {
                int written = reconstructor.Flush(buffer);
                Place(buffer.AsSpan(0, Math.Min(written, buffer.Length)), streamPosition - offset, signal);
                flushed = true;
            }

            ExactEdges(settings, frames, flushed, signal);

            options.Progress?.Report(new ReconstructionProgress(frames, frames, "frame"));
        }
        finally
        {
            reconstructor.Reset();
        }

        ComplexSpectrogram? spectrogram = null;
        if (options.ReturnSpectrogram)
        {
            using var plan = new StftPlan(settings);
            spectrogram = plan.Forward(signal);
        }

        return new PhaseReconstruction(signal, spectrogram);
    }

    /// <summary>A stream fades its pre-roll (timeline <c>t &lt; 0</c>) and its tail (<c>t ≥ F·H</c>) in and out (see
    /// <see cref="StreamingStftSynthesizer"/>); as an offline method it gives the offline ISTFT's exact normalisation on
    /// every signal sample instead: signal samples that fall there (the first <c>⌊N/2⌋</c> of an uncentred transform, or a
    /// requested length past <c>F·H</c>) are multiplied by <c>P(t)/A(t)</c>.</summary>
    private static void ExactEdges(StftSettings settings, int frames, bool flushed, float[] signal)
    {
        int half = settings.FftSize / 2, hop = settings.Hop;
        long shift = settings.IsCentered ? 0 : half; // signal sample i is timeline sample i − shift
        var tables = new StftFrameTables(settings);
        long firstFrameStart = shift - half;
        int head = (int)Math.Min(shift, signal.Length);
        long tailStart = Math.Min(signal.Length, ((long)frames * hop) + shift);
        int tail = flushed ? (int)(signal.Length - tailStart) : 0;
        if (head <= 0 && tail <= 0)
        {
            return;
        }

        var scratch = new float[Math.Max(head, tail)];
        tables.ApplyEdgeGains(signal, 0, firstFrameStart, frames, 0, head, scratch);
        if (tail > 0)
        {
            tables.ApplyEdgeGains(signal, 0, firstFrameStart, frames, (int)tailStart, signal.Length, scratch);
        }
    }

    private static int ResolveLength(StftSettings settings, int frames, int? requested)
    {
        if (requested is int l)
        {
            if (l < 1 || l > Array.MaxLength)
            {
                StftThrowHelper.ArgumentOutOfRange("options", l, $"ReconstructionOptions.SignalLength must be between 1 and {Array.MaxLength} samples; got {l}.");
            }

            return l;
        }

        return settings.DefaultSignalLength(frames);
    }

    /// <summary>Copies <paramref name="source"/> to <c>signal[start …]</c>, clipped to the signal.</summary>
    private static void Place(ReadOnlySpan<float> source, long start, Span<float> signal)
    {
        long lo = Math.Max(0, -start), hi = Math.Min(source.Length, signal.Length - start);
        if (hi > lo)
        {
            source.Slice((int)lo, (int)(hi - lo)).CopyTo(signal.Slice((int)(start + lo)));
        }
    }
}

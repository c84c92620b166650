using Phase.Stft;

namespace Phase.Iterative;

/// <summary>
/// Single-pass spectrogram inversion (SPSI; Beauregard, Harish and Wyse, IEEE DSP 2015): one causal pass over the
/// frames that gives every magnitude peak the phase of a sinusoid at its interpolated frequency and spreads it over
/// the peak's lobe. No iterations; a good initialiser for <see cref="FastGriffinLim"/>.
/// </summary>
/// <remarks>
/// <para>Per frame (time-invariant phase): each peak <c>k</c> (<c>S[k] &gt; S[k ± 1]</c>) is refined by quadratic
/// interpolation of the log magnitude, <c>μ = k + ½(a − c)/(a − 2b + c)</c> with <c>a, b, c = ln S[k − 1], ln S[k], ln S[k + 1]</c>;
/// its phase advances by <c>2πμH/N</c> from the previous frame's phase at bin <c>k</c> (a stationary sinusoid at μ bins
/// advances by exactly that), and the bins from the valley below to the valley above take the peak's phase (in the
/// time-invariant convention a sinusoid's main-lobe bins share its phase). Bins in no lobe advance at their own centre
/// frequency, <c>2πkH/N</c>. The first frame starts from phase 0. See docs/algorithms/spsi.md.</para>
/// <para>Offline (<see cref="Reconstruct"/>) computes the phases a block of frames at a time and inverse-transforms each
/// block while it is in cache (<see cref="StftPlan.Inverse{TSource}(ref TSource, int, Span{float})"/>), so the complex
/// spectrogram is held only when <see cref="ReconstructionOptions.ReturnSpectrogram"/> asks for it; streaming
/// (<see cref="CreateStreaming"/>) runs frame by frame with the latency of the STFT alone, <c>N − H</c>. Both give the
/// same waveform to float rounding. Thread-safe: the inverse STFT's plan is kept for the next call (as PGHI keeps its
/// own); concurrent calls make their own.</para>
/// </remarks>
public sealed class Spsi : IPhaseReconstructor
{
    /// <summary>Creates SPSI for the given STFT settings.</summary>
    /// <param name="settings">The STFT settings the magnitudes were computed with.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public Spsi(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    /// <inheritdoc/>
    public string Name => "spsi";

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <summary>Streaming latency in samples: <see cref="StftSettings.StreamingLatency"/> (<c>N − H</c> for the usual
    /// settings); SPSI adds none.</summary>
    public int Latency => Settings.StreamingLatency;

    /// <summary>Creates the streaming reconstructor (one per stream).</summary>
    /// <returns>A new streaming SPSI; dispose it.</returns>
    public SpsiStreamingReconstructor CreateStreaming() => new(Settings);

    /// <summary>Computes SPSI's complex spectrogram <c>S·e^{iφ}</c> (no waveform).</summary>
    /// <param name="magnitudes">Magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <returns>A new <c>F × K</c> spectrogram with the target magnitudes and SPSI's phase.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a magnitude is invalid.</exception>
    public ComplexSpectrogram EstimateSpectrogram(MagnitudeSpectrogram magnitudes) => EstimateSpectrogram(magnitudes, null);

    /// <summary>Frames between cancellation checks and progress reports of the offline pass (≈ 0.1–0.2 ms of work).</summary>
    private const int FramesPerPoll = 256;

    /// <summary>The inverse STFT's plan (FFT tables, window sums, scratch), kept for the next call.</summary>
    private StftPlan? _sparePlan;

    private ComplexSpectrogram EstimateSpectrogram(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options)
    {
        IterativeThrowHelper.ThrowIfInvalidMagnitudes(magnitudes, Settings, nameof(magnitudes));
        var result = new ComplexSpectrogram(magnitudes.FrameCount, magnitudes.BinCount);
        var core = new SpsiCore(Settings);
        int frames = magnitudes.FrameCount;
        for (int f = 0; f < frames; f++)
        {
            if (options is not null && f % FramesPerPoll == 0 && f > 0)
            {
                // Poll within the long loop so a 10-minute input stops within one block, not after the whole pass.
                options.CancellationToken.ThrowIfCancellationRequested();
                options.Progress?.Report(new ReconstructionProgress(f, frames, "frame"));
            }

            core.Next(magnitudes.Frame(f), result.RealFrame(f), result.ImaginaryFrame(f));
        }

        return result;
    }

    /// <summary>Reconstructs a waveform in one pass.</summary>
    /// <param name="magnitudes">Magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <param name="options">Output length, spectrogram request, progress (unit "frame", every 256 frames and at the end)
    /// and cancellation (checked every 256 frames and at the end; with <see cref="ReconstructionOptions.ReturnSpectrogram"/> also before
    /// the inverse STFT); the seed is not used (SPSI is deterministic).</param>
    /// <returns>The waveform of the requested length and, on request, SPSI's spectrogram <c>S·e^{iφ}</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a magnitude is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The requested length is out of range.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    public PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null)
    {
        options ??= ReconstructionOptions.Default;
        options.CancellationToken.ThrowIfCancellationRequested();
        if (options.ReturnSpectrogram)
        {
            ComplexSpectrogram spectrogram = EstimateSpectrogram(magnitudes, options);
            int length = IterativeThrowHelper.ResolveSignalLength(Settings, magnitudes.FrameCount, options.SignalLength);
            options.CancellationToken.ThrowIfCancellationRequested();
            var signal = new float[length];
            StftPlan plan = RentPlan();
            try
            {
                plan.Inverse(spectrogram.Real, spectrogram.Imaginary, signal);
            }
            finally
            {
                ReturnPlan(plan);
            }

            options.Progress?.Report(new ReconstructionProgress(magnitudes.FrameCount, magnitudes.FrameCount, "frame"));
            return new PhaseReconstruction(signal, spectrogram);
        }

        return new PhaseReconstruction(ReconstructStreamed(magnitudes, options), null);
    }

    /// <summary>The waveform without the spectrogram: each block of SPSI frames goes straight into the inverse STFT's
    /// scratch and is transformed while in cache, so the <c>F × K</c> complex spectrogram (8 bytes per coefficient:
    /// 1.8 MB for 5 s at N = 1024) is never allocated or written to memory. The same frames in the same order, so the
    /// same waveform as through the spectrogram, bit for bit.</summary>
    private float[] ReconstructStreamed(MagnitudeSpectrogram magnitudes, ReconstructionOptions options)
    {
        IterativeThrowHelper.ThrowIfInvalidMagnitudes(magnitudes, Settings, nameof(magnitudes));
        int frames = magnitudes.FrameCount;
        int length = IterativeThrowHelper.ResolveSignalLength(Settings, frames, options.SignalLength);
        var signal = new float[length];
        var source = new FrameSource(new SpsiCore(Settings), magnitudes, options);
        StftPlan plan = RentPlan();
        try
        {
            plan.Inverse(ref source, frames, signal);
        }
        finally
        {
            ReturnPlan(plan);
        }

        options.CancellationToken.ThrowIfCancellationRequested();
        options.Progress?.Report(new ReconstructionProgress(frames, frames, "frame"));
        return signal;
    }

    /// <summary>The kept plan, or a new one while another call holds it.</summary>
    private StftPlan RentPlan() => Interlocked.Exchange(ref _sparePlan, null) ?? new StftPlan(Settings);

    /// <summary>Keeps <paramref name="plan"/> for the next call; a plan it displaces (two calls ending at once) is disposed.
    /// A plan holds only scratch between calls, so one that a cancellation interrupted is as good as new.</summary>
    private void ReturnPlan(StftPlan plan) => Interlocked.Exchange(ref _sparePlan, plan)?.Dispose();

    /// <summary>SPSI's frames for <see cref="StftPlan.Inverse{TSource}(ref TSource, int, Span{float})"/>, with the
    /// offline pass's cancellation checks and progress reports (every <see cref="FramesPerPoll"/> frames).</summary>
    private struct FrameSource(SpsiCore core, MagnitudeSpectrogram magnitudes, ReconstructionOptions options) : IStftFrameSource
    {
        private int _nextPoll = FramesPerPoll;

        public void WriteFrames(int firstFrame, Span<float> real, Span<float> imag)
        {
            int bins = magnitudes.BinCount;
            int count = real.Length / bins;
            for (int j = 0; j < count; j++)
            {
                int f = firstFrame + j;
                if (f == _nextPoll)
                {
                    _nextPoll += FramesPerPoll;
                    options.CancellationToken.ThrowIfCancellationRequested();
                    options.Progress?.Report(new ReconstructionProgress(f, magnitudes.FrameCount, "frame"));
                }

                core.Next(magnitudes.Frame(f), real.Slice(j * bins, bins), imag.Slice(j * bins, bins));
            }
        }
    }
}

using System.Globalization;
using System.Numerics.Tensors;
using Phase.Spectral;
using Phase.Stft;

namespace Phase.GradientTheorem;

/// <summary>
/// Phase-gradient heap integration (PGHI; Průša, Balazs and Søndergaard, IEEE/ACM TASLP 2017): offline phase
/// reconstruction that integrates the phase derivatives over the whole time-frequency plane, loudest coefficients
/// first. A strong method on its own and the best initialiser for Fast Griffin-Lim (<c>init=pghi</c>).
/// </summary>
/// <remarks>
/// <para><b>Algorithm.</b> The derivatives <c>(d, v)</c> of every frame come from <see cref="Gradients"/> (by default the
/// analytic estimator, centred in time; <see cref="PhaseGradients"/>). Coefficients at or below <c>tol·max S</c> get a
/// uniformly random phase from the seed. The largest remaining coefficient gets phase 0 and goes on a max-heap keyed by
/// magnitude; repeatedly the top is popped and each of its four neighbours not yet assigned (and above the tolerance)
/// gets its phase by the trapezoid rule and is pushed:</para>
/// <code>
/// φ[n, k ± 1] = φ[n, k] ± v[n, k or k − 1]               (frequency step, v = (fgrad[k] + fgrad[k+1])/2)
/// φ[n + 1, k] = φ[n, k] + 2πHk/N + d[n + 1, k]           (time advance, d = (tdev[n] + tdev[n+1])/2)
/// φ[n − 1, k] = φ[n, k] − 2πHk/N − d[n, k]
/// </code>
/// <para>When the heap empties the largest unassigned coefficient starts a new region with phase 0. So every phase is
/// integrated along a path of large magnitudes, where the derivative estimates are reliable.</para>
/// <para><b>Block-wise.</b> The plane is integrated in windows of 128 committed frames plus 16 frames of look-ahead
/// (integrated as a path, then redone by the next window), each seeded by the last committed frame: the heap and the
/// work arrays are the size of one window, so the cost per second of audio does not grow with the length. An input of
/// at most 128 frames (≈ 1.5 s at hop 256) is one window, which is exactly the global heap of the paper; on longer
/// speech the spectral convergence is within ±0.1 dB of the global heap's (docs/algorithms/pghi.md).</para>
/// <para><b>Cost.</b> <c>O(FK)</c> memory traffic plus an exact priority queue whose heap holds only the coefficients
/// near the loudness being integrated (4-ary heap above the current level, 1/256-octave buckets below), plus the
/// derivatives and one inverse STFT. Allocates the result (8 bytes per coefficient) and the waveform; the work area of
/// one window (≈ 3 MB at K = 513) and the inverse STFT's plan are kept by the instance for the next call. Thread-safe:
/// concurrent calls each make their own work area and plan.</para>
/// </remarks>
public sealed class Pghi : IPhaseReconstructor
{
    /// <summary>The default relative tolerance, 10⁻⁵ (bins more than 100 dB below the spectrogram's maximum get random
    /// phase); chosen by measurement, docs/gradient-quality.md.</summary>
    public const double DefaultTolerance = 1e-5;

    private readonly IPhaseGradientEstimator _gradients = AnalyticPhaseGradients.Centered;
    private readonly double _tolerance = DefaultTolerance;
    private PghiIntegrator? _spare;
    private StftPlan? _sparePlan;

    /// <summary>Creates PGHI with the defaults (centred analytic derivatives, tolerance 10⁻⁵).</summary>
    /// <param name="settings">The STFT settings the magnitudes were computed with.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    public Pghi(StftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
    }

    /// <inheritdoc/>
    public string Name => "pghi";

    /// <inheritdoc/>
    public StftSettings Settings { get; }

    /// <summary>Where the phase derivatives come from (default <see cref="AnalyticPhaseGradients.Centered"/>).</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public IPhaseGradientEstimator Gradients
    {
        get => _gradients;
        init => _gradients = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Relative tolerance, 0 ≤ tol &lt; 1 (default 10⁻⁵): coefficients at or below <c>tol·max S</c> get random phase.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range.</exception>
    public double Tolerance
    {
        get => _tolerance;
        init => _tolerance = GradientThrowHelper.ValidateTolerance(value, nameof(Tolerance));
    }

    /// <summary>Committed frames per integration window (tests and benchmarks; default
    /// <see cref="PghiIntegrator.DefaultBlockFrames"/>). <see cref="int.MaxValue"/> integrates the whole input in one
    /// window, the global heap of the paper.</summary>
    internal int BlockFrames { get; init; } = PghiIntegrator.DefaultBlockFrames;

    /// <summary>Look-ahead frames per integration window (default <see cref="PghiIntegrator.DefaultOverlapFrames"/>).</summary>
    internal int OverlapFrames { get; init; } = PghiIntegrator.DefaultOverlapFrames;

    /// <summary>Computes PGHI's complex spectrogram <c>S·e^{iφ}</c> (no waveform).</summary>
    /// <param name="magnitudes">Magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <param name="seed">Seed of the random phases below the tolerance.</param>
    /// <param name="cancellationToken">Checked at every window and every 65,536 heap steps.</param>
    /// <returns>A new <c>F × K</c> spectrogram with the target magnitudes and PGHI's phase.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a magnitude is invalid.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public ComplexSpectrogram EstimateSpectrogram(MagnitudeSpectrogram magnitudes, int seed = 0, CancellationToken cancellationToken = default) =>
        EstimateSpectrogram(magnitudes, seed, cancellationToken, null);

    private ComplexSpectrogram EstimateSpectrogram(MagnitudeSpectrogram magnitudes, int seed, CancellationToken cancellationToken, IProgress<ReconstructionProgress>? progress)
    {
        GradientThrowHelper.ThrowIfInvalidMagnitudes(magnitudes, Settings, nameof(magnitudes));
        ReadOnlySpan<float> s = magnitudes!.Values;
        var result = new ComplexSpectrogram(magnitudes.FrameCount, magnitudes.BinCount);
        float threshold = (float)(Tolerance * TensorPrimitives.Max(s));
        int frames = magnitudes.FrameCount;

        // One work area (one window's arrays) is kept for the next call; concurrent calls make their own.
        PghiIntegrator? integrator = Interlocked.Exchange(ref _spare, null);
        if (integrator is null || !integrator.Fits(frames, BlockFrames, OverlapFrames))
        {
            integrator = new PghiIntegrator(Settings, frames, BlockFrames, OverlapFrames);
        }

        using (IPhaseGradientSource source = Gradients.CreateSource(Settings))
        {
            integrator.Run(s, frames, threshold, source, Settings, seed, Settings.FftSize % 2 == 0, result.Real, result.Imaginary, cancellationToken, progress);
        }

        _spare = integrator;
        return result;
    }

    /// <summary>Reconstructs a waveform.</summary>
    /// <param name="magnitudes">Magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <param name="options">Seed (random phases below the tolerance), output length, spectrogram request (PGHI's
    /// <c>S·e^{iφ}</c>, which is what an iterative method starts from), progress (unit "frame", after every integration window and at the end) and cancellation.</param>
    /// <returns>The waveform of the requested length and, on request, PGHI's spectrogram.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a magnitude is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The requested length is out of range.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    public PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null)
    {
        options ??= ReconstructionOptions.Default;
        ComplexSpectrogram spectrogram = EstimateSpectrogram(magnitudes, options.Seed, options.CancellationToken, options.Progress);
        int length = GradientThrowHelper.ResolveSignalLength(Settings, magnitudes.FrameCount, options.SignalLength);
        options.CancellationToken.ThrowIfCancellationRequested();
        var signal = new float[length];

        // One inverse-STFT plan (FFT tables, window sums, scratch) is kept for the next call, as the work area is;
        // concurrent calls make their own, and when two come back at once the one displaced is disposed.
        StftPlan plan = Interlocked.Exchange(ref _sparePlan, null) ?? new StftPlan(Settings);
        plan.Inverse(spectrogram.Real, spectrogram.Imaginary, signal);
        Interlocked.Exchange(ref _sparePlan, plan)?.Dispose();

        options.Progress?.Report(new ReconstructionProgress(magnitudes.FrameCount, magnitudes.FrameCount, "frame"));
        return new PhaseReconstruction(signal, options.ReturnSpectrogram ? spectrogram : null);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"pghi (tolerance {Tolerance:G}, {Gradients.Name})");
}

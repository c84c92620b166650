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
/// <para><b>Cost.</b> <c>O(FK log(FK))</c> for the heap (binary, preallocated 64-bit keys: magnitude bits and index), plus
/// the derivatives and one inverse STFT. Memory: about 20 bytes per coefficient. Immutable and thread-safe; each call
/// allocates its own work arrays.</para>
/// </remarks>
public sealed class Pghi : IPhaseReconstructor
{
    /// <summary>The default relative tolerance, 10⁻⁵ (bins more than 100 dB below the spectrogram's maximum get random
    /// phase); chosen by measurement, docs/gradient-quality.md.</summary>
    public const double DefaultTolerance = 1e-5;

    private readonly IPhaseGradientEstimator _gradients = AnalyticPhaseGradients.Centered;
    private readonly double _tolerance = DefaultTolerance;

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

    /// <summary>Computes PGHI's complex spectrogram <c>S·e^{iφ}</c> (no waveform).</summary>
    /// <param name="magnitudes">Magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <param name="seed">Seed of the random phases below the tolerance.</param>
    /// <param name="cancellationToken">Checked every 65,536 heap steps.</param>
    /// <returns>A new <c>F × K</c> spectrogram with the target magnitudes and PGHI's phase.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a magnitude is invalid.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public ComplexSpectrogram EstimateSpectrogram(MagnitudeSpectrogram magnitudes, int seed = 0, CancellationToken cancellationToken = default)
    {
        GradientThrowHelper.ThrowIfInvalidMagnitudes(magnitudes, Settings, nameof(magnitudes));
        float[] phase = IntegratePhase(magnitudes!, seed, cancellationToken);
        var result = new ComplexSpectrogram(magnitudes!.FrameCount, magnitudes.BinCount);
        PhaseMath.PolarToComplex(magnitudes.Values, phase, result.Real, result.Imaginary);
        return result;
    }

    /// <summary>Reconstructs a waveform.</summary>
    /// <param name="magnitudes">Magnitudes, <see cref="StftSettings.BinCount"/> bins per frame, finite and non-negative.</param>
    /// <param name="options">Seed (random phases below the tolerance), output length, spectrogram request (PGHI's
    /// <c>S·e^{iφ}</c>, which is what an iterative method starts from), progress (unit "frame", at the end) and cancellation.</param>
    /// <returns>The waveform of the requested length and, on request, PGHI's spectrogram.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count does not match or a magnitude is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The requested length is out of range.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled.</exception>
    public PhaseReconstruction Reconstruct(MagnitudeSpectrogram magnitudes, ReconstructionOptions? options = null)
    {
        options ??= ReconstructionOptions.Default;
        ComplexSpectrogram spectrogram = EstimateSpectrogram(magnitudes, options.Seed, options.CancellationToken);
        int length = GradientThrowHelper.ResolveSignalLength(Settings, magnitudes.FrameCount, options.SignalLength);
        options.CancellationToken.ThrowIfCancellationRequested();
        var signal = new float[length];
        using (var plan = new StftPlan(Settings))
        {
            plan.Inverse(spectrogram.Real, spectrogram.Imaginary, signal);
        }

        options.Progress?.Report(new ReconstructionProgress(magnitudes.FrameCount, magnitudes.FrameCount, "frame"));
        return new PhaseReconstruction(signal, options.ReturnSpectrogram ? spectrogram : null);
    }

    private float[] IntegratePhase(MagnitudeSpectrogram magnitudes, int seed, CancellationToken cancellationToken)
    {
        int frames = magnitudes.FrameCount, bins = magnitudes.BinCount;
        int total = frames * bins;
        ReadOnlySpan<float> s = magnitudes.Values;
        PhaseDerivatives derivatives = PhaseDerivatives.Estimate(magnitudes, Gradients, Settings);
        ReadOnlySpan<float> d = derivatives.AdvanceDeviation, v = derivatives.FrequencyStep;
        float[] nominal = PhaseMath.NominalAdvance(Settings);

        var phase = new float[total];
        var done = new bool[total];
        var region = new int[total]; // region of each integrated coefficient (starts with index 0); unused for small ones
        float threshold = (float)(Tolerance * TensorPrimitives.Max(s));
        var random = new SplitMix64(seed);
        var starts = new MaxHeap(total);
        int remaining = 0;
        for (int i = 0; i < total; i++)
        {
            if (s[i] > threshold)
            {
                starts.AddUnordered(MaxHeap.Key(s[i], i));
                remaining++;
            }
            else
            {
                phase[i] = random.NextPhase();
                done[i] = true;
            }
        }

        starts.Heapify();
        var heap = new MaxHeap(remaining);
        int steps = 0, regions = 0;
        while (remaining > 0)
        {
            int start;
            do
            {
                start = MaxHeap.Index(starts.Pop());
            }
            while (done[start]);

            int currentRegion = regions++;
            phase[start] = 0;
            done[start] = true;
            region[start] = currentRegion;
            remaining--;
            heap.Push(MaxHeap.Key(s[start], start));
            while (heap.Count > 0)
            {
                if ((++steps & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                int i = MaxHeap.Index(heap.Pop());
                int n = i / bins, k = i - (n * bins);
                float p = phase[i];
                int j;
                if (k + 1 < bins && !done[j = i + 1])
                {
                    Assign(j, p + v[i], phase, done, s, heap);
                    region[j] = currentRegion;
                    remaining--;
                }

                if (k > 0 && !done[j = i - 1])
                {
                    Assign(j, p - v[j], phase, done, s, heap);
                    region[j] = currentRegion;
                    remaining--;
                }

                if (n + 1 < frames && !done[j = i + bins])
                {
                    Assign(j, p + nominal[k] + d[j], phase, done, s, heap);
                    region[j] = currentRegion;
                    remaining--;
                }

                if (n > 0 && !done[j = i - bins])
                {
                    Assign(j, p - nominal[k] - d[i], phase, done, s, heap);
                    region[j] = currentRegion;
                    remaining--;
                }
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        AlignRealEdges(phase, region, regions, s, threshold, frames, bins, Settings.FftSize % 2 == 0);
        return phase;
    }

    /// <summary>Each region's phase is known only up to a constant, but the DC coefficients (and the Nyquist ones for even
    /// N) of a real signal are real: rotates each region by the constant <c>c = −½·arg Σ s²·e^{2iφ}</c> over its DC and
    /// Nyquist coefficients, which makes them as nearly real (phase 0 or π) as one constant can. An arbitrary constant
    /// would mix the signal near DC with its Hilbert transform (measured with oracle derivatives: −27 dB instead of −89 dB
    /// on the demo clip).</summary>
    private static void AlignRealEdges(float[] phase, int[] region, int regions, ReadOnlySpan<float> s, float threshold, int frames, int bins, bool nyquistReal)
    {
        if (regions == 0)
        {
            return;
        }

        var sums = new double[2 * regions];
        for (int n = 0; n < frames; n++)
        {
            Accumulate(n * bins, phase, region, s, threshold, sums);
            if (nyquistReal && bins > 1)
            {
                Accumulate((n * bins) + bins - 1, phase, region, s, threshold, sums);
            }
        }

        var shift = new float[regions];
        for (int r = 0; r < regions; r++)
        {
            double re = sums[2 * r], im = sums[(2 * r) + 1];
            shift[r] = re == 0 && im == 0 ? 0f : (float)(-0.5 * Math.Atan2(im, re));
        }

        for (int i = 0; i < phase.Length; i++)
        {
            if (s[i] > threshold)
            {
                phase[i] = PhaseMath.Wrap(phase[i] + shift[region[i]]);
            }
        }

        static void Accumulate(int i, float[] phase, int[] region, ReadOnlySpan<float> s, float threshold, double[] sums)
        {
            float m = s[i];
            if (m > threshold)
            {
                double w = (double)m * m, angle = 2.0 * phase[i];
                sums[2 * region[i]] += w * Math.Cos(angle);
                sums[(2 * region[i]) + 1] += w * Math.Sin(angle);
            }
        }
    }

    private static void Assign(int j, float value, float[] phase, bool[] done, ReadOnlySpan<float> magnitudes, MaxHeap heap)
    {
        phase[j] = PhaseMath.Wrap(value);
        done[j] = true;
        heap.Push(MaxHeap.Key(magnitudes[j], j));
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"pghi (tolerance {Tolerance:G}, {Gradients.Name})");
}

namespace Phase.GradientTheorem;

/// <summary>
/// RTPGHI's per-frame step with derivatives supplied by the caller: phase-gradient heap integration over two columns
/// (Průša and Søndergaard, DAFx 2016), the previous frame's phases fixed and the new frame's computed. The same
/// integrator that <see cref="Rtpghi"/> uses, exposed for hosts that obtain their derivatives elsewhere — the
/// "phase vocoder done right" of <c>Phase.Effects</c> integrates the analysis STFT's phase derivatives scaled to a
/// different synthesis hop.
/// </summary>
/// <remarks>
/// <para><b>What it computes.</b> Bins of the new frame whose magnitude exceeds <c>threshold</c> are assigned in the order of
/// a max-heap keyed by magnitude: a previous-frame bin <c>k</c> (above the threshold) assigns <c>φ[k] = φ_prev[k] + u[k]</c>
/// (time direction); a new bin assigns its unassigned neighbours by <c>φ[k ± 1] = φ[k] ± v</c> with <c>v = v[k]</c> upward
/// and <c>v[k − 1]</c> downward (frequency direction). A region with no previous-frame source (first frame, onsets)
/// starts at its largest bin from the time prediction <c>φ_prev + u</c> (0 without a previous frame); a region reaching
/// bin 0 (or the Nyquist bin of an even FFT) is shifted by the smallest constant that makes that bin real. Bins at or
/// below the threshold get the time prediction <c>φ_prev[k] + u[k]</c>; <see cref="IsBelowThreshold"/> tells which.
/// Computed in <c>O(K)</c> by branch-free sweeps that equal the textbook heap up to ties (docs/algorithms/rtpghi.md).</para>
/// <para><b>Units.</b> <c>u[k]</c> is the full phase advance of bin <c>k</c> from the previous frame to this one in radians
/// (nominal <c>2πHk/N</c> plus the deviation, any representative modulo 2π); <c>v[k]</c> the phase step from bin <c>k</c>
/// to bin <c>k + 1</c> in radians (<c>v[K − 1]</c> unused).</para>
/// <para><b>Allocation and threads.</b> <see cref="Integrate"/> allocates nothing; the work arrays (about 40·K bytes) are
/// allocated once by the constructor. Not thread-safe: one instance per stream.</para>
/// </remarks>
public sealed class HeapColumnIntegrator
{
    private readonly ColumnIntegrator _integrator;

    /// <summary>Creates an integrator for frames of <paramref name="binCount"/> bins.</summary>
    /// <param name="binCount">Bins per frame <c>K</c>, ≥ 2.</param>
    /// <param name="lastBinIsNyquist">Whether bin <c>K − 1</c> is the Nyquist bin of an even FFT size (its coefficient is real).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="binCount"/> is below 2.</exception>
    public HeapColumnIntegrator(int binCount, bool lastBinIsNyquist)
    {
        if (binCount < 2)
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(binCount), binCount, $"A frame needs at least 2 bins; got {binCount}.");
        }

        BinCount = binCount;
        _integrator = new ColumnIntegrator(binCount, lastBinIsNyquist);
    }

    /// <summary>Bins per frame <c>K</c>.</summary>
    public int BinCount { get; }

    /// <summary>Whether bin <paramref name="bin"/> was at or below the threshold in the last <see cref="Integrate"/> (it then
    /// received the time prediction, or 0 in a first frame).</summary>
    /// <param name="bin">A bin, <c>0 … K − 1</c>.</param>
    /// <returns>True if the bin was not integrated.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bin"/> is outside <c>0 … K − 1</c>.</exception>
    public bool IsBelowThreshold(int bin)
    {
        if ((uint)bin >= (uint)BinCount)
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(bin), bin, $"The bin must be in 0 … {BinCount - 1}.");
        }

        return _integrator.IsSmall(bin);
    }

    /// <summary>Integrates one frame.</summary>
    /// <param name="previousPhase">The previous frame's phases in radians (any representative), <c>K</c> values.</param>
    /// <param name="previousMagnitudes">The previous frame's magnitudes, <c>K</c> values.</param>
    /// <param name="hasPrevious">False for a first frame: no time direction, regions start from phase 0.</param>
    /// <param name="magnitudes">This frame's magnitudes, <c>K</c> values.</param>
    /// <param name="advance">The full phase advance <c>u[k]</c> in radians, <c>K</c> values.</param>
    /// <param name="step">The frequency steps <c>v[k]</c> (bin k → k + 1) in radians, <c>K</c> values.</param>
    /// <param name="threshold">Absolute magnitude at or below which a bin is not integrated, finite and ≥ 0.</param>
    /// <param name="phase">Receives this frame's phases in radians (unwrapped: not reduced to (−π, π]), <c>K</c> values.</param>
    /// <returns>The number of bins at or below the threshold.</returns>
    /// <exception cref="ArgumentException">A span does not hold <c>K</c> values.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is negative or not finite.</exception>
    public int Integrate(
        ReadOnlySpan<float> previousPhase,
        ReadOnlySpan<float> previousMagnitudes,
        bool hasPrevious,
        ReadOnlySpan<float> magnitudes,
        ReadOnlySpan<float> advance,
        ReadOnlySpan<float> step,
        float threshold,
        Span<float> phase)
    {
        int bins = BinCount;
        GradientThrowHelper.ThrowIfLengthNot(previousPhase.Length, bins, nameof(previousPhase), "one frame");
        GradientThrowHelper.ThrowIfLengthNot(previousMagnitudes.Length, bins, nameof(previousMagnitudes), "one frame");
        GradientThrowHelper.ThrowIfLengthNot(magnitudes.Length, bins, nameof(magnitudes), "one frame");
        GradientThrowHelper.ThrowIfLengthNot(advance.Length, bins, nameof(advance), "one frame");
        GradientThrowHelper.ThrowIfLengthNot(step.Length, bins, nameof(step), "one frame");
        GradientThrowHelper.ThrowIfLengthNot(phase.Length, bins, nameof(phase), "one frame");
        if (!(threshold >= 0) || float.IsInfinity(threshold))
        {
            GradientThrowHelper.ArgumentOutOfRange(nameof(threshold), threshold, "The threshold must be finite and ≥ 0.");
        }

        return _integrator.Integrate(previousPhase, previousMagnitudes, hasPrevious, magnitudes, advance, step, threshold, phase);
    }
}

using System.Globalization;
using System.Numerics.Tensors;

namespace Phase.Mel;

/// <summary>
/// A bank of triangular mel filters over the bins of a real FFT: the linear map from a spectrum of
/// <c>K = N/2 + 1</c> bins to <c>M</c> mel bands, <c>mel[m] = Σ_k W[m,k]·spectrum[k]</c>.
/// </summary>
/// <remarks>
/// <para><b>Definition (identical to librosa's <c>librosa.filters.mel</c>).</b> With band edges
/// <c>f[0..M+1]</c> = <see cref="MelFrequency.BandEdges"/>(M + 2, fmin, fmax, scale) and bin frequencies
/// <c>φ_k = k·sampleRate/N</c>:</para>
/// <code>
/// W[m,k] = c_m · max(0, min((φ_k − f[m]) / (f[m+1] − f[m]), (f[m+2] − φ_k) / (f[m+2] − f[m+1])))
/// c_m = 2 / (f[m+2] − f[m])      (MelNormalization.Slaney, "area")
///     = 1                         (MelNormalization.None)
///     = 1 / max_k(triangle)       (MelNormalization.Peak, librosa norm=np.inf)
/// </code>
/// <para>The defaults — <see cref="MelScale.Slaney"/>, <see cref="MelNormalization.Slaney"/>, <c>fmin = 0</c>,
/// <c>fmax = sampleRate/2</c> — are librosa's (<c>htk=False, norm='slaney'</c>), which text-to-speech models trained
/// on librosa features (Tacotron 2, HiFi-GAN, VITS, Whisper) use, so their mel spectrograms line up band for band. The
/// weights are computed in double precision and rounded once to float; they agree with librosa's float32 matrix to
/// within one unit in the last place (tested against values computed from the formulas by an independent numpy
/// script and against values published from librosa).</para>
/// <para>Filters of adjacent bands overlap by half, so every bin lies under at most two filters: the matrix has at most
/// <c>2K</c> non-zeros and <c>W·Wᵀ</c> is tridiagonal. The bank stores each filter's non-zero run only.</para>
/// <para>A filter narrower than the bin spacing may catch no bin at all (too many bands for the FFT size; librosa warns
/// "Empty filters detected"); such filters are all zero and counted by <see cref="EmptyFilterCount"/>. Bins outside
/// <c>(fmin, fmax)</c> — with the defaults, DC and Nyquist — lie under no filter.</para>
/// <para>Immutable and thread-safe. Construction is <c>O(M·K)</c>; <see cref="Apply(ReadOnlySpan{float}, Span{float})"/>
/// is <c>O(K)</c> per frame and allocates nothing.</para>
/// </remarks>
public sealed class MelFilterBank
{
    private readonly double[] _edges;
    private readonly int[] _start;   // first bin of filter m
    private readonly int[] _offset;  // filter m's weights are _weights[_offset[m] .. _offset[m + 1])
    private readonly float[] _weights;
    private readonly float[] _triangles; // the same runs before normalisation (peak 1 at the centre frequency)

    /// <summary>Creates a filter bank.</summary>
    /// <param name="sampleRate">Sample rate in Hz, 1 … <see cref="StftSettings.MaxSampleRate"/>.</param>
    /// <param name="fftSize">FFT size <c>N</c>, <see cref="StftSettings.MinFftSize"/> … <see cref="StftSettings.MaxFftSize"/>; the bank has
    /// <c>N/2 + 1</c> bins.</param>
    /// <param name="melCount">Number of mel bands <c>M</c>, 1 … 4096.</param>
    /// <param name="minFrequency">Lowest band edge in Hz (librosa <c>fmin</c>), 0 … below <paramref name="maxFrequency"/>.</param>
    /// <param name="maxFrequency">Highest band edge in Hz (librosa <c>fmax</c>); NaN (the default) for <c>sampleRate/2</c>.
    /// May exceed the Nyquist frequency, as in librosa (the upper filters then see fewer bins).</param>
    /// <param name="scale">The mel scale (default <see cref="MelScale.Slaney"/>, librosa <c>htk=False</c>).</param>
    /// <param name="normalization">The filter scaling (default <see cref="MelNormalization.Slaney"/>, librosa <c>norm='slaney'</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value out of the ranges above, or an undefined enum value.</exception>
    public MelFilterBank(
        int sampleRate,
        int fftSize,
        int melCount,
        double minFrequency = 0,
        double maxFrequency = double.NaN,
        MelScale scale = MelScale.Slaney,
        MelNormalization normalization = MelNormalization.Slaney)
    {
        if (sampleRate is < 1 or > StftSettings.MaxSampleRate)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, $"The sample rate must be 1 … {StftSettings.MaxSampleRate} Hz.");
        }

        if (fftSize is < StftSettings.MinFftSize or > StftSettings.MaxFftSize)
        {
            throw new ArgumentOutOfRangeException(nameof(fftSize), fftSize, $"The FFT size must be {StftSettings.MinFftSize} … {StftSettings.MaxFftSize}.");
        }

        if (melCount is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(melCount), melCount, "The number of mel bands must be 1 … 4096 (typically 40 … 128).");
        }

        if (scale is not (MelScale.Slaney or MelScale.Htk))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Use MelScale.Slaney or MelScale.Htk.");
        }

        if (normalization is not (MelNormalization.Slaney or MelNormalization.None or MelNormalization.Peak))
        {
            throw new ArgumentOutOfRangeException(nameof(normalization), normalization, "Use MelNormalization.Slaney, None or Peak.");
        }

        double fmax = double.IsNaN(maxFrequency) ? sampleRate / 2.0 : maxFrequency;
        if (!(minFrequency >= 0) || double.IsInfinity(minFrequency))
        {
            throw new ArgumentOutOfRangeException(nameof(minFrequency), minFrequency, "The lowest frequency must be finite and ≥ 0 Hz.");
        }

        if (!(fmax > minFrequency) || double.IsInfinity(fmax))
        {
            throw new ArgumentOutOfRangeException(nameof(maxFrequency), maxFrequency, string.Create(CultureInfo.InvariantCulture,
                $"The highest frequency must be finite and above the lowest ({minFrequency} Hz); NaN means sampleRate/2 = {sampleRate / 2.0} Hz."));
        }

        SampleRate = sampleRate;
        FftSize = fftSize;
        BinCount = fftSize / 2 + 1;
        MelCount = melCount;
        MinFrequency = minFrequency;
        MaxFrequency = fmax;
        Scale = scale;
        Normalization = normalization;
        _edges = MelFrequency.BandEdges(melCount + 2, minFrequency, fmax, scale);

        _start = new int[melCount];
        _offset = new int[melCount + 1];
        var weights = new List<float>(2 * BinCount);
        var triangles = new List<float>(2 * BinCount);
        double binHz = sampleRate / (double)fftSize;
        for (int m = 0; m < melCount; m++)
        {
            double lo = _edges[m], centre = _edges[m + 1], hi = _edges[m + 2];
            double scaleFactor = normalization == MelNormalization.Slaney ? 2.0 / (hi - lo) : 1.0;

            // The triangle is positive strictly between lo and hi; evaluate it on the bins there (librosa evaluates every
            // bin and clamps at zero, which gives the same values).
            int first = Math.Max(0, (int)Math.Floor(lo / binHz));
            int last = Math.Min(BinCount - 1, (int)Math.Ceiling(hi / binHz));
            int runStart = -1, runEnd = -1;
            var run = new List<double>();
            for (int k = first; k <= last; k++)
            {
                double f = k * binHz;
                double w = Math.Max(0.0, Math.Min((f - lo) / (centre - lo), (hi - f) / (hi - centre)));
                if (w > 0)
                {
                    if (runStart < 0)
                    {
                        runStart = k;
                    }

                    runEnd = k;
                }

                run.Add(w);
            }

            _offset[m] = weights.Count;
            if (runStart < 0)
            {
                _start[m] = 0;
                EmptyFilterCount++;
                continue;
            }

            _start[m] = runStart;
            double peak = 0;
            for (int k = runStart; k <= runEnd; k++)
            {
                peak = Math.Max(peak, run[k - first]);
            }

            if (normalization == MelNormalization.Peak)
            {
                scaleFactor = 1.0 / peak;
            }

            for (int k = runStart; k <= runEnd; k++)
            {
                double t = run[k - first];
                weights.Add((float)(t * scaleFactor));
                triangles.Add((float)t);
            }
        }

        _offset[melCount] = weights.Count;
        _weights = weights.ToArray();
        _triangles = triangles.ToArray();
    }

    /// <summary>Creates the bank for an STFT's sample rate and FFT size.</summary>
    /// <param name="settings">The STFT settings the spectra come from.</param>
    /// <param name="melCount">Number of mel bands.</param>
    /// <param name="minFrequency">Lowest band edge in Hz.</param>
    /// <param name="maxFrequency">Highest band edge in Hz; NaN for <c>sampleRate/2</c>.</param>
    /// <param name="scale">The mel scale.</param>
    /// <param name="normalization">The filter scaling.</param>
    /// <returns>The filter bank.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">See the main constructor.</exception>
    public static MelFilterBank For(
        StftSettings settings,
        int melCount,
        double minFrequency = 0,
        double maxFrequency = double.NaN,
        MelScale scale = MelScale.Slaney,
        MelNormalization normalization = MelNormalization.Slaney)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new MelFilterBank(settings.SampleRate, settings.FftSize, melCount, minFrequency, maxFrequency, scale, normalization);
    }

    /// <summary>Sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>FFT size <c>N</c>.</summary>
    public int FftSize { get; }

    /// <summary>Bins per spectrum, <c>N/2 + 1</c>.</summary>
    public int BinCount { get; }

    /// <summary>Number of mel bands <c>M</c>.</summary>
    public int MelCount { get; }

    /// <summary>Lowest band edge in Hz.</summary>
    public double MinFrequency { get; }

    /// <summary>Highest band edge in Hz.</summary>
    public double MaxFrequency { get; }

    /// <summary>The mel scale.</summary>
    public MelScale Scale { get; }

    /// <summary>The filter scaling.</summary>
    public MelNormalization Normalization { get; }

    /// <summary>Number of filters that cover no bin (all-zero rows); 0 for sensible settings.</summary>
    public int EmptyFilterCount { get; }

    /// <summary>The <c>M + 2</c> band edges in Hz: filter <c>m</c> rises from <c>[m]</c>, peaks at <c>[m + 1]</c>,
    /// falls to <c>[m + 2]</c> (librosa's <c>mel_f</c>).</summary>
    public ReadOnlySpan<double> BandEdges => _edges;

    /// <summary>Number of non-zero weights (at most <c>2K</c>).</summary>
    public int NonZeroCount => _weights.Length;

    /// <summary>Centre (peak) frequency of a band in Hz.</summary>
    /// <param name="mel">Band index, 0 … <see cref="MelCount"/> − 1.</param>
    /// <returns><c>BandEdges[mel + 1]</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    public double CenterFrequency(int mel)
    {
        ThrowIfBadMel(mel);
        return _edges[mel + 1];
    }

    /// <summary>First bin of a filter's non-zero run (0 for an empty filter).</summary>
    /// <param name="mel">Band index.</param>
    /// <returns>The bin index.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    public int FilterStart(int mel)
    {
        ThrowIfBadMel(mel);
        return _start[mel];
    }

    /// <summary>A filter's non-zero weights, for bins <see cref="FilterStart"/> onwards (empty for an empty filter).</summary>
    /// <param name="mel">Band index.</param>
    /// <returns>The weights (a view; no copy).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index is out of range.</exception>
    public ReadOnlySpan<float> FilterWeights(int mel)
    {
        ThrowIfBadMel(mel);
        return _weights.AsSpan(_offset[mel], _offset[mel + 1] - _offset[mel]);
    }

    /// <summary>The weight <c>W[mel, bin]</c> (zero outside the filter's run).</summary>
    /// <param name="mel">Band index.</param>
    /// <param name="bin">Bin index, 0 … <see cref="BinCount"/> − 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public float this[int mel, int bin]
    {
        get
        {
            ThrowIfBadMel(mel);
            if ((uint)bin >= (uint)BinCount)
            {
                throw new ArgumentOutOfRangeException(nameof(bin), bin, $"The bin must be 0 … {BinCount - 1}.");
            }

            int i = bin - _start[mel];
            return i >= 0 && i < _offset[mel + 1] - _offset[mel] ? _weights[_offset[mel] + i] : 0f;
        }
    }

    /// <summary>The dense matrix, <c>M × K</c> row-major (the layout of librosa's <c>mel</c> result).</summary>
    /// <returns>A new array of <c>M·K</c> weights.</returns>
    public float[] ToArray()
    {
        var dense = new float[MelCount * BinCount];
        for (int m = 0; m < MelCount; m++)
        {
            FilterWeights(m).CopyTo(dense.AsSpan(m * BinCount + _start[m]));
        }

        return dense;
    }

    /// <summary>Applies the bank to one spectrum: <c>destination[m] = Σ_k W[m,k]·spectrum[k]</c>.</summary>
    /// <param name="spectrum">One frame of <see cref="BinCount"/> values (a power or magnitude spectrum; the map is linear).</param>
    /// <param name="destination">Receives <see cref="MelCount"/> values.</param>
    /// <exception cref="ArgumentException">A length is wrong.</exception>
    public void Apply(ReadOnlySpan<float> spectrum, Span<float> destination)
    {
        MelThrowHelper.ThrowIfLengthNot(spectrum.Length, BinCount, nameof(spectrum), "the filter bank's bin count");
        MelThrowHelper.ThrowIfLengthNot(destination.Length, MelCount, nameof(destination), "the filter bank's band count");
        ApplyCore(spectrum, destination);
    }

    /// <summary>Applies the bank to many frames: <paramref name="spectra"/> is frames × bins, <paramref name="destination"/>
    /// frames × mels (both row-major).</summary>
    /// <param name="spectra"><c>frameCount·K</c> values.</param>
    /// <param name="frameCount">Number of frames, ≥ 0.</param>
    /// <param name="destination">Receives <c>frameCount·M</c> values.</param>
    /// <exception cref="ArgumentException">A length is wrong or the frame count is negative.</exception>
    public void Apply(ReadOnlySpan<float> spectra, int frameCount, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameCount);
        MelThrowHelper.ThrowIfNotFrames(spectra.Length, frameCount, BinCount, nameof(spectra), "bins");
        MelThrowHelper.ThrowIfNotFrames(destination.Length, frameCount, MelCount, nameof(destination), "mel bands");
        for (int n = 0; n < frameCount; n++)
        {
            ApplyCore(spectra.Slice(n * BinCount, BinCount), destination.Slice(n * MelCount, MelCount));
        }
    }

    /// <summary>The mel spectrogram of STFT magnitudes: <c>W·|X|</c> (amplitude) or <c>W·|X|²</c> (power) per frame.</summary>
    /// <param name="magnitudes">Magnitudes <c>|X|</c>, frames × <see cref="BinCount"/>.</param>
    /// <param name="kind">Whether to filter <c>|X|²</c> (<see cref="MelSpectrumKind.Power"/>, librosa's default) or <c>|X|</c>.</param>
    /// <returns>A new frames × mels array (row-major).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="magnitudes"/> is null.</exception>
    /// <exception cref="ArgumentException">The bin count differs from the bank's.</exception>
    public float[] Apply(MagnitudeSpectrogram magnitudes, MelSpectrumKind kind = MelSpectrumKind.Power)
    {
        ArgumentNullException.ThrowIfNull(magnitudes);
        if (magnitudes.BinCount != BinCount)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The spectrogram has {magnitudes.BinCount} bins per frame but the filter bank (FFT size {FftSize}) needs {BinCount}."), nameof(magnitudes));
        }

        var result = new float[magnitudes.FrameCount * MelCount];
        var power = kind == MelSpectrumKind.Power ? new float[BinCount] : null;
        for (int n = 0; n < magnitudes.FrameCount; n++)
        {
            ReadOnlySpan<float> frame = magnitudes.Frame(n);
            if (power is not null)
            {
                TensorPrimitives.Multiply(frame, frame, power);
                frame = power;
            }

            ApplyCore(frame, result.AsSpan(n * MelCount, MelCount));
        }

        return result;
    }

    /// <summary>A short description: "80 mel bands (Slaney scale, Slaney norm), 0–11025 Hz, FFT 1024 at 22050 Hz".</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{MelCount} mel bands ({Scale} scale, {Normalization} norm), {MinFrequency:0.##}–{MaxFrequency:0.##} Hz, FFT {FftSize} at {SampleRate} Hz");

    internal ReadOnlySpan<int> Starts => _start;

    internal ReadOnlySpan<int> Offsets => _offset;

    internal ReadOnlySpan<float> Weights => _weights;

    /// <summary>The un-normalised triangles (peak 1 at the centre frequency), laid out like <see cref="Weights"/>.</summary>
    internal ReadOnlySpan<float> Triangles => _triangles;

    private void ApplyCore(ReadOnlySpan<float> spectrum, Span<float> destination)
    {
        for (int m = 0; m < MelCount; m++)
        {
            int offset = _offset[m], length = _offset[m + 1] - offset;
            destination[m] = length == 0 ? 0f : TensorPrimitives.Dot(_weights.AsSpan(offset, length), spectrum.Slice(_start[m], length));
        }
    }

    private void ThrowIfBadMel(int mel)
    {
        if ((uint)mel >= (uint)MelCount)
        {
            throw new ArgumentOutOfRangeException(nameof(mel), mel, $"The band must be 0 … {MelCount - 1}.");
        }
    }
}

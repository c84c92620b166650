using System.Globalization;

namespace Phase;

/// <summary>
/// Short-time Fourier transform settings shared by every Phase algorithm: window, window length <c>Nw</c>, FFT size
/// <c>N</c>, hop <c>H</c>, sample rate and padding. Immutable and validated once, at construction, including the
/// NOLA condition that makes the STFT invertible.
/// </summary>
/// <remarks>
/// <para><b>Conventions</b> (docs/stft.md): bins <c>K = ⌊N/2⌋ + 1</c>; the window is zero-padded to <c>N</c> and centred
/// in the FFT frame (offset <c>⌊(N − Nw)/2⌋</c>, as librosa's <c>pad_center</c>); frame <c>n</c> is centred on sample
/// <c>n·H</c> (centred padding modes) and its phase is referenced to the frame centre (time-invariant phase):
/// <c>X[n,k] = Σ_m x[nH + m]·w[m]·e^{−2πikm/N}</c>, <c>m = −⌊N/2⌋ … N − ⌊N/2⌋ − 1</c>.</para>
/// <para><b>NOLA.</b> The inverse STFT divides by the window-square sum <c>Σ_n w²[m − nH]</c>. Phase requires it to stay
/// above <see cref="NolaTolerance"/> times its maximum everywhere; a smaller sum would amplify float32 rounding in the
/// inverse by more than 10⁴, so such settings are rejected with the largest hop that would work.</para>
/// <para>Thread-safe: instances are immutable.</para>
/// </remarks>
public sealed class StftSettings : IEquatable<StftSettings>
{
    /// <summary>The smallest FFT size accepted.</summary>
    public const int MinFftSize = 4;

    /// <summary>The largest FFT size accepted (2¹⁶).</summary>
    public const int MaxFftSize = 65536;

    /// <summary>The largest sample rate accepted, in Hz.</summary>
    public const int MaxSampleRate = 10_000_000;

    /// <summary>The smallest allowed ratio of the minimum to the maximum of the window-square sum <c>Σ_n w²[m − nH]</c>.</summary>
    public const double NolaTolerance = 1e-4;

    private readonly float[] _window;
    private readonly float[] _frameWindow;

    /// <summary>Creates and validates STFT settings.</summary>
    /// <param name="windowLength">Window length <c>Nw</c> in samples, 2 … <paramref name="fftSize"/>. Default 1024.</param>
    /// <param name="hop">Hop <c>H</c> in samples, ≥ 1 and small enough for NOLA. 0 selects <c>Nw/4</c>.</param>
    /// <param name="fftSize">FFT size <c>N</c>, <see cref="MinFftSize"/> … <see cref="MaxFftSize"/>, ≥ <paramref name="windowLength"/>.
    /// 0 selects <c>Nw</c>. Any size works; powers of two and products of 2, 3 and 5 are fastest.</param>
    /// <param name="window">Window family. Default Hann.</param>
    /// <param name="sampleRate">Sample rate in Hz, 1 … <see cref="MaxSampleRate"/>. Default 22050.</param>
    /// <param name="padding">Frame placement of the offline STFT. Default <see cref="StftPadding.Reflect"/>.</param>
    /// <param name="symmetry">Window symmetry. Default <see cref="WindowSymmetry.Periodic"/>.</param>
    /// <param name="windowParameter">Gaussian <c>C</c> or Kaiser β; NaN selects the default (<see cref="Phase.Window.DefaultParameter"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its allowed range.</exception>
    /// <exception cref="ArgumentException">The window and hop violate NOLA; the message gives the largest hop that works.</exception>
    public StftSettings(
        int windowLength = 1024,
        int hop = 0,
        int fftSize = 0,
        WindowKind window = WindowKind.Hann,
        int sampleRate = 22050,
        StftPadding padding = StftPadding.Reflect,
        WindowSymmetry symmetry = WindowSymmetry.Periodic,
        double windowParameter = double.NaN)
    {
        if (fftSize == 0)
        {
            fftSize = windowLength;
        }

        if (fftSize < MinFftSize || fftSize > MaxFftSize)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(fftSize), fftSize, $"The FFT size must be between {MinFftSize} and {MaxFftSize}; got {fftSize}.");
        }

        if (windowLength < 2 || windowLength > fftSize)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(windowLength), windowLength, $"The window length must be between 2 and the FFT size ({fftSize}); got {windowLength}.");
        }

        if (hop == 0)
        {
            hop = Math.Max(1, windowLength / 4);
        }

        if (hop < 1 || hop > windowLength)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(hop), hop, $"The hop must be between 1 and the window length ({windowLength}); got {hop}.");
        }

        if (sampleRate < 1 || sampleRate > MaxSampleRate)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(sampleRate), sampleRate, $"The sample rate must be between 1 and {MaxSampleRate} Hz; got {sampleRate}.");
        }

        if (!Enum.IsDefined(padding))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(padding), padding, "padding must be Reflect, Zero or Uncentered.");
        }

        WindowParameter = Phase.Window.ResolveParameter(window, windowParameter, nameof(windowParameter));
        _window = Phase.Window.Create(window, windowLength, symmetry, WindowParameter);

        WindowLength = windowLength;
        Hop = hop;
        FftSize = fftSize;
        WindowKind = window;
        SampleRate = sampleRate;
        Padding = padding;
        Symmetry = symmetry;
        BinCount = fftSize / 2 + 1;
        WindowOffset = (fftSize - windowLength) / 2;
        _frameWindow = new float[fftSize];
        _window.CopyTo(_frameWindow.AsSpan(WindowOffset));

        double ratio = NolaRatio(_window, hop);
        if (!(ratio >= NolaTolerance))
        {
            int suggestion = LargestNolaHop(_window, hop);
            ThrowHelper.Argument(nameof(hop), string.Create(CultureInfo.InvariantCulture,
                $"hop {hop} with a {windowLength}-sample {Describe(symmetry, window)} window violates NOLA: the window-square sum Σ_n w²[m − n·hop] " +
                $"falls to {ratio:G3} of its maximum, so the inverse STFT cannot recover every sample (Phase requires at least {NolaTolerance:G}); " +
                $"hop {suggestion} works (Nw/4 = {Math.Max(1, windowLength / 4)} is the usual choice)."));
        }

        GaussianEquivalentConstant = Phase.Window.GaussianEquivalentConstant(window, WindowParameter);
    }

    /// <summary>The common text-to-speech setting: Hann window of 1024 samples, FFT size 1024, hop 256, 22050 Hz,
    /// centred with reflect padding.</summary>
    public static StftSettings Default { get; } = new();

    /// <summary>Window family.</summary>
    public WindowKind WindowKind { get; }

    /// <summary>Window length <c>Nw</c> in samples.</summary>
    public int WindowLength { get; }

    /// <summary>FFT size <c>N</c> in samples.</summary>
    public int FftSize { get; }

    /// <summary>Hop <c>H</c> between frames in samples.</summary>
    public int Hop { get; }

    /// <summary>Sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Frame placement of the offline STFT.</summary>
    public StftPadding Padding { get; }

    /// <summary>Window symmetry.</summary>
    public WindowSymmetry Symmetry { get; }

    /// <summary>The resolved window parameter (Gaussian <c>C</c>, Kaiser β), or NaN for windows without one.</summary>
    public double WindowParameter { get; }

    /// <summary>Number of frequency bins <c>K = ⌊N/2⌋ + 1</c>; bin <c>k</c> is centred on <c>k·SampleRate/N</c> Hz.</summary>
    public int BinCount { get; }

    /// <summary>Offset of the window inside the FFT frame: <c>⌊(N − Nw)/2⌋</c>.</summary>
    public int WindowOffset { get; }

    /// <summary>The window's Gaussian-equivalent constant <c>C_g</c> (see <see cref="Phase.Window.GaussianEquivalentConstant"/>).</summary>
    public double GaussianEquivalentConstant { get; }

    /// <summary>The Gaussian-equivalent time-frequency spread <c>γ = C_g·Nw²</c> in samples², used by the phase-gradient formulas.</summary>
    public double Gamma => GaussianEquivalentConstant * WindowLength * (double)WindowLength;

    /// <summary>Whether frames are centred on multiples of the hop (<see cref="StftPadding.Reflect"/> or <see cref="StftPadding.Zero"/>).</summary>
    public bool IsCentered => Padding != StftPadding.Uncentered;

    /// <summary>Latency of streaming analysis followed by streaming synthesis, <c>N − H + δ</c> samples, before any look-ahead
    /// an algorithm adds. <c>δ = (−⌈N/2⌉) mod H</c> is the wait for the hop that completes a frame centred on a multiple of
    /// <c>H</c>; it is 0 whenever <c>H</c> divides <c>⌈N/2⌉</c> (for example N = 1024, H = 256), giving <c>N − H</c>.</summary>
    public int StreamingLatency => FftSize - Hop + (Hop - (FftSize - FftSize / 2) % Hop) % Hop;

    /// <summary>The window, <c>Nw</c> samples.</summary>
    public ReadOnlySpan<float> Window => _window;

    /// <summary>The window zero-padded to the FFT size and centred in the frame (<c>N</c> samples): what multiplies each
    /// frame of <c>N</c> signal samples.</summary>
    public ReadOnlySpan<float> FrameWindow => _frameWindow;

    /// <summary>The number of STFT frames the offline transform produces for a signal of <paramref name="signalLength"/> samples:
    /// <c>1 + ⌊L/H⌋</c> when centred; <c>1 + ⌈(L − N)/H⌉</c> (at least 1, the last frame zero-filled past the end) when uncentred.</summary>
    /// <param name="signalLength">Signal length <c>L</c> in samples, ≥ 1.</param>
    /// <returns>The frame count.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signalLength"/> is less than 1.</exception>
    public int FrameCount(int signalLength)
    {
        if (signalLength < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(signalLength), signalLength, $"The signal must have at least one sample; got {signalLength}.");
        }

        if (IsCentered)
        {
            return 1 + signalLength / Hop;
        }

        return signalLength <= FftSize ? 1 : 1 + (signalLength - FftSize + Hop - 1) / Hop;
    }

    /// <summary>The natural signal length for <paramref name="frameCount"/> frames, used when a caller does not ask for a
    /// length: <c>(F − 1)·H</c> when centred (librosa's default), <c>(F − 1)·H + N</c> when uncentred.</summary>
    /// <param name="frameCount">Frame count <c>F</c>, ≥ 1.</param>
    /// <returns>The signal length in samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frameCount"/> is less than 1 or the length overflows.</exception>
    public int DefaultSignalLength(int frameCount)
    {
        if (frameCount < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(frameCount), frameCount, $"The frame count must be at least 1; got {frameCount}.");
        }

        long length = IsCentered ? (long)(frameCount - 1) * Hop : (long)(frameCount - 1) * Hop + FftSize;
        if (length > Array.MaxLength)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(frameCount), frameCount, $"{frameCount} frames at hop {Hop} exceed the largest array ({Array.MaxLength} samples).");
        }

        return (int)Math.Max(1, length);
    }

    /// <summary>The frame-centre sample of frame <paramref name="frame"/>: <c>n·H</c> when centred, <c>n·H + ⌊N/2⌋</c> when uncentred.</summary>
    /// <param name="frame">Frame index <c>n</c>.</param>
    /// <returns>The sample index on which the frame is centred.</returns>
    public long FrameCenter(int frame) => (long)frame * Hop + (IsCentered ? 0 : FftSize / 2);

    /// <summary>Bin frequency <c>k·SampleRate/N</c> in Hz.</summary>
    /// <param name="bin">Bin index <c>k</c>.</param>
    /// <returns>The centre frequency of the bin in Hz.</returns>
    public double BinFrequency(int bin) => bin * (double)SampleRate / FftSize;

    /// <summary>Throws unless <paramref name="binCount"/> equals <see cref="BinCount"/>.</summary>
    /// <param name="binCount">A spectrogram's bin count.</param>
    /// <param name="paramName">The parameter to name in the exception.</param>
    /// <exception cref="ArgumentException">The bin count does not match.</exception>
    public void ThrowIfBinCountMismatch(int binCount, string paramName)
    {
        if (binCount != BinCount)
        {
            ThrowHelper.Argument(paramName, $"The spectrogram has {binCount} bins per frame but the STFT settings (FFT size {FftSize}) need ⌊N/2⌋ + 1 = {BinCount}.");
        }
    }

    /// <inheritdoc/>
    public bool Equals(StftSettings? other) =>
        other is not null &&
        WindowKind == other.WindowKind && WindowLength == other.WindowLength && FftSize == other.FftSize && Hop == other.Hop &&
        SampleRate == other.SampleRate && Padding == other.Padding && Symmetry == other.Symmetry &&
        (WindowParameter.Equals(other.WindowParameter));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as StftSettings);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(WindowKind, WindowLength, FftSize, Hop, SampleRate, Padding, Symmetry, WindowParameter);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Describe(Symmetry, WindowKind)} {WindowLength}{(double.IsNaN(WindowParameter) ? "" : $" ({WindowParameter:G})")}, FFT {FftSize}, hop {Hop}, {SampleRate} Hz, {Padding}");

    /// <summary>min/max of <c>S[r] = Σ_j w²[r + jH]</c> over one hop period; NaN-safe (returns 0 for an all-zero window).</summary>
    internal static double NolaRatio(ReadOnlySpan<float> window, int hop)
    {
        if (hop > window.Length)
        {
            return 0;
        }

        double min = double.PositiveInfinity, max = 0;
        for (int r = 0; r < hop; r++)
        {
            double s = 0;
            for (int m = r; m < window.Length; m += hop)
            {
                s += (double)window[m] * window[m];
            }

            min = Math.Min(min, s);
            max = Math.Max(max, s);
        }

        return max > 0 ? min / max : 0;
    }

    private static int LargestNolaHop(ReadOnlySpan<float> window, int failedHop)
    {
        // Walk down from the failing hop: in unit steps near it, then geometrically, so the search stays O(Nw log Nw).
        int step = 1;
        for (int h = failedHop - 1; h >= 1; h -= step)
        {
            if (NolaRatio(window, h) >= NolaTolerance)
            {
                return h;
            }

            if (failedHop - h >= 32)
            {
                step = Math.Max(1, h / 16);
            }
        }

        return 1;
    }

    private static string Describe(WindowSymmetry symmetry, WindowKind kind) =>
        (symmetry == WindowSymmetry.Periodic ? "periodic " : "symmetric ") + kind switch
        {
            WindowKind.SqrtHann => "sqrt-Hann",
            _ => kind.ToString(),
        };
}

using System.Globalization;

namespace Phase.Effects;

/// <summary>
/// Time-stretching by a phase vocoder: changes a signal's duration by <see cref="Rate"/> without changing its pitch.
/// Immutable settings; <see cref="Process(ReadOnlySpan{float})"/> runs offline, <see cref="CreateStreaming"/> creates a
/// real-time stream.
/// </summary>
/// <remarks>
/// <para><b>Rate convention.</b> <see cref="Rate"/> is the <i>duration</i> factor: the output of an <c>n</c>-sample input
/// has <c>round(rate·n)</c> samples, so <c>rate &gt; 1</c> makes the signal longer (slower) and <c>rate &lt; 1</c> shorter
/// (faster): 1.25 plays 25 % longer, 0.5 twice as fast. (librosa's <c>time_stretch(rate)</c> uses the reciprocal:
/// its rate 2 is our 0.5.) Allowed: <see cref="MinRate"/> … <see cref="MaxRate"/>.</para>
/// <para><b>Method.</b> An analysis STFT (Hann window of <see cref="WindowLength"/> samples, FFT size equal) with a
/// fractional hop <c>Ha</c> (<see cref="AnalysisHop"/>: frame <c>n</c> is centred on input sample <c>round(n·Ha)</c>), and a
/// synthesis ISTFT with the integer hop <c>Hs = rate·Ha</c> (<see cref="SynthesisHop"/>). The larger of the two hops is
/// <c>N/4</c>: <c>Hs = ⌊N/4⌋</c> for <c>rate ≥ 1</c>, <c>Hs = round(rate·N/4)</c> for <c>rate &lt; 1</c>. Synthesis frame <c>n</c>
/// keeps analysis frame <c>n</c>'s magnitude; its phase comes from the analysis phase derivatives:
/// the instantaneous frequency <c>ω[n,k] = 2πk/N + princarg(φa[n,k] − φa[n−1,k] − 2πkΔ/N)/Δ</c> (radians per sample,
/// <c>Δ</c> the spacing of the two analysis frames), so the synthesis advance is <c>u[k] = ω[n,k]·Hs</c>. The
/// <see cref="PhaseVocoderMethod.Pv"/> method adds <c>u</c> bin by bin; <see cref="PhaseVocoderMethod.Pvdr"/> integrates
/// <c>u</c> together with the frequency steps <c>v[k] = princarg(φa[n,k+1] − φa[n,k])</c> by phase-gradient heap integration
/// (see docs/algorithms/pvdr.md). Frame 0 keeps the analysis phase, so rate 1 returns the input (to float rounding).</para>
/// <para><b>Edges.</b> The input is taken as zero outside its samples (centred frames, zero padding), as the streaming
/// form must; the ISTFT normalises exactly where fewer frames overlap.</para>
/// <para><b>Cost.</b> About <c>rate·n/Hs</c> frames, each one forward and one inverse real FFT of size <c>N</c> plus
/// <c>O(N)</c>; measured ≈ 1000× real time at 22.05 kHz (docs/benchmarks.md). Thread-safe (immutable): each call creates its own
/// stream.</para>
/// </remarks>
public sealed class TimeStretch
{
    /// <summary>The smallest rate accepted, 0.25 (four times as fast).</summary>
    public const double MinRate = 0.25;

    /// <summary>The largest rate accepted, 4 (four times as long).</summary>
    public const double MaxRate = 4;

    /// <summary>The default window length, 1024 samples (46 ms at 22.05 kHz, 21 ms at 48 kHz).</summary>
    public const int DefaultWindowLength = 1024;

    /// <summary>The smallest window length accepted, 64 samples.</summary>
    public const int MinWindowLength = 64;

    /// <summary>The largest window length accepted, 16384 samples.</summary>
    public const int MaxWindowLength = 16384;

    /// <summary>The relative magnitude below which <see cref="PhaseVocoderMethod.Pvdr"/> does not integrate a bin (it then
    /// advances like the classic vocoder): 10⁻⁵ of the larger frame maximum, RTPGHI's default.</summary>
    public const double DefaultTolerance = 1e-5;

    /// <summary>Creates time-stretch settings.</summary>
    /// <param name="rate">Duration factor <see cref="MinRate"/> … <see cref="MaxRate"/>: output length <c>round(rate·n)</c>.</param>
    /// <param name="method">The phase vocoder; default <see cref="PhaseVocoderMethod.Pvdr"/>.</param>
    /// <param name="windowLength">Hann window and FFT size <c>N</c>, <see cref="MinWindowLength"/> … <see cref="MaxWindowLength"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is NaN, infinite or outside 0.25 … 4, the method is not defined,
    /// or the window length is out of range.</exception>
    public TimeStretch(double rate, PhaseVocoderMethod method = PhaseVocoderMethod.Pvdr, int windowLength = DefaultWindowLength)
        : this(ValidateRate(rate), method, windowLength, validated: true)
    {
    }

    /// <summary>The pitch shifter's constructor: any positive rate (already validated).</summary>
    internal TimeStretch(double rate, PhaseVocoderMethod method, int windowLength, bool validated)
    {
        _ = validated;
        if (method is not (PhaseVocoderMethod.Pvdr or PhaseVocoderMethod.Pv))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "The method must be PhaseVocoderMethod.Pvdr or PhaseVocoderMethod.Pv.");
        }

        if (windowLength is < MinWindowLength or > MaxWindowLength)
        {
            throw new ArgumentOutOfRangeException(nameof(windowLength), windowLength, string.Create(CultureInfo.InvariantCulture,
                $"The window length must be between {MinWindowLength} and {MaxWindowLength} samples; got {windowLength}. The default is {DefaultWindowLength}."));
        }

        Rate = rate;
        Method = method;
        WindowLength = windowLength;
        int quarter = windowLength / 4;
        SynthesisHop = rate >= 1 ? quarter : Math.Max(1, (int)Math.Round(quarter * rate, MidpointRounding.AwayFromZero));
        AnalysisHop = SynthesisHop / rate;
        SynthesisSettings = new StftSettings(windowLength, SynthesisHop, windowLength, WindowKind.Hann, padding: StftPadding.Zero);
    }

    /// <summary>The duration factor: output length = <c>round(rate·input length)</c>; above 1 longer (slower).</summary>
    public double Rate { get; }

    /// <summary>The phase vocoder.</summary>
    public PhaseVocoderMethod Method { get; }

    /// <summary>Window length and FFT size <c>N</c> in samples.</summary>
    public int WindowLength { get; }

    /// <summary>The synthesis hop <c>Hs</c> in output samples (an integer).</summary>
    public int SynthesisHop { get; }

    /// <summary>The analysis hop <c>Ha = Hs/rate</c> in input samples (fractional; frame <c>n</c> is centred on input sample
    /// <c>round(n·Ha)</c>).</summary>
    public double AnalysisHop { get; }

    /// <summary>The synthesis STFT settings: Hann, <c>N</c>, hop <c>Hs</c>, zero padding (the sample rate field is unused).</summary>
    public StftSettings SynthesisSettings { get; }

    /// <summary>The output length for <paramref name="inputLength"/> input samples: <c>round(rate·n)</c> (halves away from zero).</summary>
    /// <param name="inputLength">Input samples, ≥ 0.</param>
    /// <returns>The output length.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The length is negative or the output would exceed the largest array.</exception>
    public int OutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        long length = OutputLength((long)inputLength);
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(inputLength), inputLength, $"Stretching {inputLength} samples by {Rate} gives {length} samples, more than the largest array.");
        }

        return (int)length;
    }

    /// <summary>Stretches <paramref name="input"/> into a new array of <see cref="OutputLength(int)"/> samples.</summary>
    /// <param name="input">Finite samples (any sample rate; the effect works in samples).</param>
    /// <returns>The stretched signal.</returns>
    /// <exception cref="ArgumentException">A sample is NaN or infinite.</exception>
    public float[] Process(ReadOnlySpan<float> input)
    {
        var output = new float[OutputLength(input.Length)];
        Process(input, output);
        return output;
    }

    /// <summary>Stretches <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <param name="input">Finite samples.</param>
    /// <param name="output">Receives exactly <see cref="OutputLength(int)"/>(<c>input.Length</c>) samples.</param>
    /// <exception cref="ArgumentException">A sample is not finite, or <paramref name="output"/> has the wrong length.</exception>
    /// <remarks>Runs a <see cref="StreamingTimeStretcher"/> over the whole input and drops its <see cref="StreamingTimeStretcher.OutputDelay"/>,
    /// so offline and streaming results are the same samples. Allocates the stream and a buffer of about the output's size.</remarks>
    public void Process(ReadOnlySpan<float> input, Span<float> output)
    {
        int length = OutputLength(input.Length);
        if (output.Length != length)
        {
            throw new ArgumentException($"output has {output.Length} samples; stretching {input.Length} samples by {Rate.ToString(CultureInfo.InvariantCulture)} gives exactly {length}.", nameof(output));
        }

        EffectsThrowHelper.ThrowIfNotFinite(input, nameof(input));
        var stream = CreateStreaming();
        var buffer = new float[stream.MaxOutputLength(input.Length) + stream.FlushLength];
        int written = stream.Process(input, buffer);
        written += stream.Flush(buffer.AsSpan(written));
        buffer.AsSpan(stream.OutputDelay, length).CopyTo(output);
        _ = written;
    }

    /// <summary>Creates a streaming time-stretcher with these settings (one per stream; allocation-free per call).</summary>
    /// <returns>A new stream.</returns>
    public StreamingTimeStretcher CreateStreaming() => new(this);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Method == PhaseVocoderMethod.Pvdr ? "pvdr" : "pv")} rate {Rate:0.####} (N {WindowLength}, Ha {AnalysisHop:0.###}, Hs {SynthesisHop})");

    internal long OutputLength(long inputLength) => (long)Math.Round(Rate * inputLength, MidpointRounding.AwayFromZero);

    private static double ValidateRate(double rate)
    {
        if (!(rate >= MinRate && rate <= MaxRate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, string.Create(CultureInfo.InvariantCulture,
                $"The rate must be a number from {MinRate} to {MaxRate} (output length = rate × input length; above 1 is longer/slower); got {rate}."));
        }

        return rate;
    }
}

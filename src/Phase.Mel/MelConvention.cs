using System.Globalization;
using System.Numerics.Tensors;
using Phase.Stft;

namespace Phase.Mel;

/// <summary>
/// Everything a text-to-speech family fixes about its mel spectrograms, as one object: sample rate, FFT size, window and
/// hop, padding and framing, the filter bank, power or amplitude, the compression and its floor, an optional mean/std
/// normalisation, the array layout and how many samples the family's vocoder makes from <c>T</c> frames. Named presets
/// (<see cref="Hifigan"/>, <see cref="Vocos"/>, <see cref="StyleTts2"/>, <see cref="Librosa"/>) reproduce those
/// families exactly; <c>with</c> expressions derive variants (for example Matcha's
/// <c>Hifigan with { Mean = -5.5366, Std = 2.1161 }</c>).
/// </summary>
/// <remarks>
/// <para><b>Forward transform</b> (<see cref="Compute"/>), for a signal <c>x</c> of <c>L</c> samples:</para>
/// <code>
/// xp  = pad(x, P, PadMode)                         P = Padding samples on each side
/// T   = 1 + ⌊(L + 2P − N) / H⌋                     frames (torch.stft center=False on xp)
/// X[t,k] = Σ_j xp[t·H + j]·w[j]·e^{−2πikj/N}       w: periodic window of Nw samples centred in N
/// s[t,k] = |X|² + ε  (Power)    or   √(|X|² + ε)  (Amplitude)      ε = MagnitudeEpsilon
/// m[t]   = W·s[t]                                  W = CreateFilterBank()
/// e      = log(max(m, floor)) or log(m + floor)    (FloorMode; NaturalLog or Log10), or dB (power_to_db with
///                                                  DbReference, floor as amin and TopDb), or m itself (Linear)
/// v      = (e − Mean) / Std
/// </code>
/// <para>Centred framing (librosa, torchaudio, Vocos, <c>center=True</c>) is <c>P = N/2</c>; HiFi-GAN's
/// <c>center=False</c> after reflect padding is <c>P = (N − H)/2</c>. Frame <c>t</c> is centred on sample
/// <c>t·H + N/2 − P</c> of <c>x</c>.</para>
/// <para><b>Inverse.</b> <see cref="Decode"/> undoes the normalisation and compression; <see cref="CreateInverter"/> solves
/// for linear magnitudes. Phase reconstructs the padded signal <c>xp</c> with <see cref="CreateStftSettings"/> (uncentred
/// frames over <see cref="ReconstructionLength"/> samples, so the frame grid is exactly the family's) and
/// <see cref="TrimReconstruction"/> drops the <c>P</c> padding samples and keeps <see cref="OutputLength"/> samples,
/// aligned sample for sample with the original signal.</para>
/// <para>Immutable (init-only) and thread-safe. Every operation validates the whole convention first
/// (<see cref="Validate"/>) and throws <see cref="ArgumentException"/> naming the offending property.</para>
/// </remarks>
public sealed record MelConvention
{
    /// <summary>HiFi-GAN's <c>mel_spectrogram</c> (Tacotron 2, FastPitch, Glow-TTS, Matcha, sherpa-onnx's Matcha): 22050 Hz,
    /// N = Nw = 1024, hop 256, reflect padding of (N − H)/2 = 384 then <c>center=False</c>, 80 Slaney bands with Slaney
    /// norm, 0–8000 Hz, magnitude <c>√(p + 1e−9)</c>, <c>ln(clamp(x, 1e−5))</c>, <c>[n_mels, T]</c>, <c>T·H</c> samples out.</summary>
    public static MelConvention Hifigan { get; } = new()
    {
        Name = "hifigan",
        SampleRate = 22050,
        FftSize = 1024,
        WindowLength = 1024,
        Hop = 256,
        Padding = (1024 - 256) / 2,
        PadMode = MelPadMode.Reflect,
        MelCount = 80,
        MinFrequency = 0,
        MaxFrequency = 8000,
        Scale = MelScale.Slaney,
        Normalization = MelNormalization.Slaney,
        Kind = MelSpectrumKind.Amplitude,
        MagnitudeEpsilon = 1e-9,
        Encoding = MelEncoding.NaturalLog,
        Floor = 1e-5,
        FloorMode = MelFloorMode.Clamp,
        Layout = MelLayout.MelsByFrames,
        OutputLengthRule = MelOutputLength.FramesTimesHop,
    };

    /// <summary>The original 24 kHz Vocos (<c>MelSpectrogramFeatures</c>): 24000 Hz, N = Nw = 1024, hop 256,
    /// <c>center=True</c> (reflect, P = 512), 100 HTK bands without filter normalisation, 0–12000 Hz, power 1 (amplitude),
    /// <c>ln(clip(x, 1e−7))</c>, <c>[n_mels, T]</c>, <c>(T − 1)·H</c> samples out (ISTFT head with <c>padding="center"</c>).</summary>
    public static MelConvention Vocos { get; } = new()
    {
        Name = "vocos",
        SampleRate = 24000,
        FftSize = 1024,
        WindowLength = 1024,
        Hop = 256,
        Padding = 512,
        PadMode = MelPadMode.Reflect,
        MelCount = 100,
        MinFrequency = 0,
        MaxFrequency = double.NaN,
        Scale = MelScale.Htk,
        Normalization = MelNormalization.None,
        Kind = MelSpectrumKind.Amplitude,
        Encoding = MelEncoding.NaturalLog,
        Floor = 1e-7,
        FloorMode = MelFloorMode.Clamp,
        Layout = MelLayout.MelsByFrames,
        OutputLengthRule = MelOutputLength.FramesMinusOneTimesHop,
    };

    /// <summary>StyleTTS 2 (<c>torchaudio.transforms.MelSpectrogram(n_mels=80, n_fft=2048, win_length=1200,
    /// hop_length=300)</c>, then <c>(ln(1e−5 + mel) + 4) / 4</c>): 24000 Hz, <c>center=True</c> (reflect, P = 1024), 80 HTK
    /// bands without filter normalisation, 0–12000 Hz, power 2, <c>Mean = −4</c>, <c>Std = 4</c>, <c>[n_mels, T]</c>,
    /// <c>T·H</c> samples out (the decoder upsamples each frame by 300).</summary>
    public static MelConvention StyleTts2 { get; } = new()
    {
        Name = "styletts2",
        SampleRate = 24000,
        FftSize = 2048,
        WindowLength = 1200,
        Hop = 300,
        Padding = 1024,
        PadMode = MelPadMode.Reflect,
        MelCount = 80,
        MinFrequency = 0,
        MaxFrequency = double.NaN,
        Scale = MelScale.Htk,
        Normalization = MelNormalization.None,
        Kind = MelSpectrumKind.Power,
        Encoding = MelEncoding.NaturalLog,
        Floor = 1e-5,
        FloorMode = MelFloorMode.Add,
        Mean = -4,
        Std = 4,
        Layout = MelLayout.MelsByFrames,
        OutputLengthRule = MelOutputLength.FramesTimesHop,
    };

    /// <summary>librosa's defaults: <c>librosa.power_to_db(librosa.feature.melspectrogram(y=x, sr=22050))</c>: N = Nw = 2048,
    /// hop 512, <c>center=True</c> with zero padding (librosa ≥ 0.10, P = 1024), 128 Slaney bands with Slaney norm, 0–11025
    /// Hz, power 2, <c>10·log10(max(p, 1e−10))</c> with <c>ref = 1</c> and <c>top_db = 80</c>, <c>[n_mels, T]</c>,
    /// <c>(T − 1)·H</c> samples out (<c>mel_to_audio</c>).</summary>
    public static MelConvention Librosa { get; } = new()
    {
        Name = "librosa",
        SampleRate = 22050,
        FftSize = 2048,
        WindowLength = 2048,
        Hop = 512,
        Padding = 1024,
        PadMode = MelPadMode.Zero,
        MelCount = 128,
        MinFrequency = 0,
        MaxFrequency = double.NaN,
        Scale = MelScale.Slaney,
        Normalization = MelNormalization.Slaney,
        Kind = MelSpectrumKind.Power,
        Encoding = MelEncoding.Decibels,
        Floor = 1e-10,
        FloorMode = MelFloorMode.Clamp,
        DbReference = 1,
        TopDb = 80,
        Layout = MelLayout.MelsByFrames,
        OutputLengthRule = MelOutputLength.FramesMinusOneTimesHop,
    };

    /// <summary>The preset names <see cref="FromName"/> accepts: hifigan, vocos, styletts2, librosa, and matcha (HiFi-GAN's
    /// convention with Matcha-TTS's normalisation, mean −5.5366, std 2.1161).</summary>
    public static IReadOnlyList<string> PresetNames { get; } = ["hifigan", "matcha", "vocos", "styletts2", "librosa"];

    /// <summary>A short name for messages (the preset name, or "custom").</summary>
    public string Name { get; init; } = "custom";

    /// <summary>Sample rate in Hz (decides the filter bank's bin frequencies).</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>FFT size <c>N</c>.</summary>
    public int FftSize { get; init; } = 1024;

    /// <summary>Window length <c>Nw ≤ N</c> (the periodic window is centred in the FFT frame, as torch and librosa do).</summary>
    public int WindowLength { get; init; } = 1024;

    /// <summary>Hop <c>H</c> in samples.</summary>
    public int Hop { get; init; } = 256;

    /// <summary>The window family (periodic). Every preset uses Hann.</summary>
    public WindowKind Window { get; init; } = WindowKind.Hann;

    /// <summary>Samples <c>P</c> added on each side before framing without centring: <c>N/2</c> is <c>center=True</c>,
    /// <c>(N − H)/2</c> is HiFi-GAN's. 0 … N.</summary>
    public int Padding { get; init; } = 512;

    /// <summary>How the padding is filled.</summary>
    public MelPadMode PadMode { get; init; } = MelPadMode.Reflect;

    /// <summary>Number of mel bands.</summary>
    public int MelCount { get; init; } = 80;

    /// <summary>Lowest band edge in Hz.</summary>
    public double MinFrequency { get; init; }

    /// <summary>Highest band edge in Hz; NaN for <c>SampleRate/2</c>.</summary>
    public double MaxFrequency { get; init; } = double.NaN;

    /// <summary>The mel scale.</summary>
    public MelScale Scale { get; init; } = MelScale.Slaney;

    /// <summary>The filter normalisation.</summary>
    public MelNormalization Normalization { get; init; } = MelNormalization.Slaney;

    /// <summary>Whether the bank filters <c>|X|²</c> (Power) or <c>|X|</c> (Amplitude).</summary>
    public MelSpectrumKind Kind { get; init; } = MelSpectrumKind.Power;

    /// <summary><c>ε</c> added to <c>|X|²</c> before the filter bank (and before the square root for amplitude mels):
    /// HiFi-GAN's <c>√(p + 1e−9)</c>. ≥ 0.</summary>
    public double MagnitudeEpsilon { get; init; }

    /// <summary>The compression.</summary>
    public MelEncoding Encoding { get; init; } = MelEncoding.NaturalLog;

    /// <summary>The floor of the logarithm (<see cref="FloorMode"/>), or dB's <c>amin</c>. Positive.</summary>
    public double Floor { get; init; } = 1e-5;

    /// <summary>Clamp or add the floor.</summary>
    public MelFloorMode FloorMode { get; init; } = MelFloorMode.Clamp;

    /// <summary>dB only: the reference <c>ref</c> (librosa default 1).</summary>
    public double DbReference { get; init; } = 1;

    /// <summary>dB only: clip more than this many dB below the loudest value of the spectrogram; +∞ for none.</summary>
    public double TopDb { get; init; } = double.PositiveInfinity;

    /// <summary>Normalisation mean: stored values are <c>(e − Mean) / Std</c>.</summary>
    public double Mean { get; init; }

    /// <summary>Normalisation standard deviation, positive.</summary>
    public double Std { get; init; } = 1;

    /// <summary>The array layout the family emits.</summary>
    public MelLayout Layout { get; init; } = MelLayout.MelsByFrames;

    /// <summary>How many samples the family's vocoder makes from <c>T</c> frames.</summary>
    public MelOutputLength OutputLengthRule { get; init; } = MelOutputLength.FramesTimesHop;

    /// <summary>Frame <c>t</c> is centred on sample <c>t·H + CenterOffset</c> of the signal: <c>N/2 − P</c>
    /// (0 when centred, <c>H/2</c> for HiFi-GAN).</summary>
    public int CenterOffset => FftSize / 2 - Padding;

    /// <summary>A preset by name (case-insensitive): <c>hifigan</c>, <c>matcha</c>, <c>vocos</c>, <c>styletts2</c>, <c>librosa</c>.</summary>
    /// <param name="name">The preset name.</param>
    /// <returns>The convention.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">Unknown name; the message lists the known ones.</exception>
    public static MelConvention FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "hifigan" or "hifi-gan" or "tacotron2" => Hifigan,
            "matcha" => Hifigan with { Name = "matcha", Mean = -5.5366, Std = 2.1161 },
            "vocos" => Vocos,
            "styletts2" => StyleTts2,
            "librosa" => Librosa,
            _ => throw new ArgumentException($"Unknown mel preset '{name}'; use one of {string.Join(", ", PresetNames)}.", nameof(name)),
        };
    }

    /// <summary>Checks every property and their combinations.</summary>
    /// <exception cref="ArgumentException">A property is out of range (the parameter name is the property's).</exception>
    public void Validate()
    {
        if (SampleRate is < 1 or > StftSettings.MaxSampleRate)
        {
            throw Bad(nameof(SampleRate), SampleRate, $"must be 1 … {StftSettings.MaxSampleRate} Hz");
        }

        if (FftSize is < StftSettings.MinFftSize or > StftSettings.MaxFftSize)
        {
            throw Bad(nameof(FftSize), FftSize, $"must be {StftSettings.MinFftSize} … {StftSettings.MaxFftSize}");
        }

        if (WindowLength < 2 || WindowLength > FftSize)
        {
            throw Bad(nameof(WindowLength), WindowLength, $"must be 2 … FftSize ({FftSize})");
        }

        if (Hop < 1 || Hop > WindowLength)
        {
            throw Bad(nameof(Hop), Hop, $"must be 1 … WindowLength ({WindowLength})");
        }

        if (Padding < 0 || Padding > FftSize)
        {
            throw Bad(nameof(Padding), Padding, $"must be 0 … FftSize ({FftSize}); FftSize/2 is center=True");
        }

        if (!Enum.IsDefined(PadMode) || !Enum.IsDefined(Scale) || !Enum.IsDefined(Normalization) || !Enum.IsDefined(Kind)
            || !Enum.IsDefined(Encoding) || !Enum.IsDefined(FloorMode) || !Enum.IsDefined(Layout) || !Enum.IsDefined(OutputLengthRule))
        {
            throw new ArgumentException("An enum property of the mel convention has an undefined value.", nameof(MelConvention));
        }

        if (MelCount is < 1 or > 4096)
        {
            throw Bad(nameof(MelCount), MelCount, "must be 1 … 4096");
        }

        double fmax = double.IsNaN(MaxFrequency) ? SampleRate / 2.0 : MaxFrequency;
        if (!(MinFrequency >= 0) || !(fmax > MinFrequency) || double.IsInfinity(fmax))
        {
            throw Bad(nameof(MaxFrequency), MaxFrequency, $"must be finite and above MinFrequency ({MinFrequency} Hz, ≥ 0); NaN means SampleRate/2");
        }

        if (!(MagnitudeEpsilon >= 0) || double.IsInfinity(MagnitudeEpsilon))
        {
            throw Bad(nameof(MagnitudeEpsilon), MagnitudeEpsilon, "must be finite and ≥ 0");
        }

        if (!(Floor > 0) || double.IsInfinity(Floor))
        {
            throw Bad(nameof(Floor), Floor, "must be positive and finite (1e-5 for HiFi-GAN, 1e-7 for Vocos, 1e-10 for power dB)");
        }

        if (!(DbReference > 0) || double.IsInfinity(DbReference))
        {
            throw Bad(nameof(DbReference), DbReference, "must be positive and finite");
        }

        if (!(TopDb >= 0))
        {
            throw Bad(nameof(TopDb), TopDb, "must be ≥ 0 (+∞ for no clipping)");
        }

        if (!double.IsFinite(Mean) || !(Std > 0) || double.IsInfinity(Std))
        {
            throw Bad(nameof(Std), Std, $"Std must be positive and finite and Mean ({Mean}) finite");
        }

        if (Encoding == MelEncoding.Decibels && FloorMode == MelFloorMode.Add)
        {
            throw Bad(nameof(FloorMode), FloorMode, "dB encodings clamp (amin); use MelFloorMode.Clamp");
        }
    }

    /// <summary>The filter bank of this convention.</summary>
    /// <returns>A new bank (<c>N/2 + 1</c> bins → <see cref="MelCount"/> bands).</returns>
    /// <exception cref="ArgumentException">The convention is invalid.</exception>
    public MelFilterBank CreateFilterBank()
    {
        Validate();
        return new MelFilterBank(SampleRate, FftSize, MelCount, MinFrequency, MaxFrequency, Scale, Normalization);
    }

    /// <summary>A mel → linear magnitude solver for this convention's bank.</summary>
    /// <param name="options">Stopping rules; null for the defaults.</param>
    /// <returns>A new inverter (not thread-safe; one per thread).</returns>
    /// <exception cref="ArgumentException">The convention or the options are invalid.</exception>
    public MelInverter CreateInverter(MelInversionOptions? options = null) => new(CreateFilterBank(), options);

    /// <summary>Phase's STFT settings whose frames are exactly this family's frames over the padded signal: periodic window,
    /// <see cref="StftPadding.Uncentered"/>, frame <c>t</c> covering padded samples <c>[t·H, t·H + N)</c>. Reconstruct
    /// <see cref="ReconstructionLength"/> samples with them, then <see cref="TrimReconstruction"/>.</summary>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentException">The convention is invalid or its window and hop violate NOLA.</exception>
    public StftSettings CreateStftSettings()
    {
        Validate();
        return new StftSettings(WindowLength, Hop, FftSize, Window, SampleRate, StftPadding.Uncentered);
    }

    /// <summary>Frames this family makes from <paramref name="signalLength"/> samples: <c>1 + ⌊(L + 2P − N)/H⌋</c>.</summary>
    /// <param name="signalLength">Samples <c>L</c>; at least <c>N − 2P</c> (one full frame), and more than <c>P</c> with
    /// reflect padding (a reflection cannot be longer than the signal).</param>
    /// <returns>The frame count <c>T ≥ 1</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The signal is too short.</exception>
    public int FrameCount(int signalLength)
    {
        Validate();
        int min = Math.Max(1, Math.Max(FftSize - 2 * Padding, PadMode == MelPadMode.Reflect ? Padding + 1 : 1));
        if (signalLength < min)
        {
            throw new ArgumentOutOfRangeException(nameof(signalLength), signalLength, string.Create(CultureInfo.InvariantCulture,
                $"The {Name} convention needs at least {min} samples (one frame of {FftSize} after {Padding} samples of {PadMode} padding on each side)."));
        }

        return 1 + (int)(((long)signalLength + 2L * Padding - FftSize) / Hop);
    }

    /// <summary>Samples the family's vocoder makes from <paramref name="frameCount"/> frames (<see cref="OutputLengthRule"/>):
    /// <c>T·H</c> or <c>(T − 1)·H</c> (at least 1).</summary>
    /// <param name="frameCount">Frames <c>T ≥ 1</c>.</param>
    /// <returns>The output length in samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frameCount"/> is less than 1 or the length overflows.</exception>
    public int OutputLength(int frameCount)
    {
        Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        long length = OutputLengthRule == MelOutputLength.FramesTimesHop ? (long)frameCount * Hop : (long)(frameCount - 1) * Hop;
        if (length + Padding + FftSize > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(frameCount), frameCount, "The output would exceed the largest array.");
        }

        return (int)Math.Max(1, length);
    }

    /// <summary>Length of the padded signal that <paramref name="frameCount"/> uncentred frames cover, <c>(T − 1)·H + N</c>:
    /// the length to reconstruct with <see cref="CreateStftSettings"/>.</summary>
    /// <param name="frameCount">Frames <c>T ≥ 1</c>.</param>
    /// <returns>The length in samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frameCount"/> is less than 1 or the length overflows.</exception>
    public int ReconstructionLength(int frameCount)
    {
        OutputLength(frameCount);
        return (frameCount - 1) * Hop + FftSize;
    }

    /// <summary>Turns a reconstruction of the padded signal (made with <see cref="CreateStftSettings"/>) into the family's
    /// output: samples <c>[P, P + OutputLength(T))</c>, zero where the reconstruction is shorter.</summary>
    /// <param name="reconstructed">The reconstructed padded signal (normally <see cref="ReconstructionLength"/> samples).</param>
    /// <param name="frameCount">Frames <c>T</c> it was reconstructed from.</param>
    /// <returns>A new array of <see cref="OutputLength"/>(T) samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frameCount"/> is less than 1.</exception>
    public float[] TrimReconstruction(ReadOnlySpan<float> reconstructed, int frameCount)
    {
        var output = new float[OutputLength(frameCount)];
        if (reconstructed.Length > Padding)
        {
            ReadOnlySpan<float> source = reconstructed[Padding..];
            source[..Math.Min(source.Length, output.Length)].CopyTo(output);
        }

        return output;
    }

    /// <summary>The mel spectrogram of a signal in this convention, encoded and normalised as the family stores it.</summary>
    /// <param name="signal">The signal at <see cref="SampleRate"/>, finite; long enough for one frame (see <see cref="FrameCount"/>).</param>
    /// <param name="frameCount">Receives <c>T</c>.</param>
    /// <returns>A new <c>T × MelCount</c> array, frame-major (use <see cref="ToLayout"/> for the family's layout).</returns>
    /// <exception cref="ArgumentException">The convention is invalid, the signal too short or not finite.</exception>
    public float[] Compute(ReadOnlySpan<float> signal, out int frameCount)
    {
        frameCount = FrameCount(signal.Length);
        int frames = frameCount;
        if (!TensorPrimitives.IsFiniteAll(signal))
        {
            throw new ArgumentException("The signal contains NaN or infinite samples.", nameof(signal));
        }

        int covered = (frames - 1) * Hop + FftSize;
        var padded = new float[covered];
        for (int i = 0; i < covered; i++)
        {
            padded[i] = PaddedSample(signal, i - Padding);
        }

        MelFilterBank bank = CreateFilterBank();
        using var plan = new StftPlan(CreateStftSettings());
        ComplexSpectrogram spectrum = plan.Forward(padded);
        if (spectrum.FrameCount != frames)
        {
            throw new InvalidOperationException($"Internal error: {spectrum.FrameCount} STFT frames for {frames} mel frames.");
        }

        int k = bank.BinCount;
        var power = new float[k];
        var mel = new float[frames * MelCount];
        for (int t = 0; t < frames; t++)
        {
            ReadOnlySpan<float> re = spectrum.RealFrame(t), im = spectrum.ImaginaryFrame(t);
            for (int b = 0; b < k; b++)
            {
                double p = ((double)re[b] * re[b]) + ((double)im[b] * im[b]) + MagnitudeEpsilon;
                power[b] = (float)(Kind == MelSpectrumKind.Amplitude ? Math.Sqrt(p) : p);
            }

            bank.Apply(power, mel.AsSpan(t * MelCount, MelCount));
        }

        Encode(mel, mel);
        return mel;
    }

    /// <summary>Compresses and normalises linear mel values as this family does (the last steps of <see cref="Compute"/>).</summary>
    /// <param name="linear">Linear mel values (power or amplitude per <see cref="Kind"/>), finite and ≥ 0.</param>
    /// <param name="destination">Receives the stored values, same length (may be the input).</param>
    /// <exception cref="ArgumentException">The convention is invalid, lengths differ, or a value is negative or not finite.</exception>
    public void Encode(ReadOnlySpan<float> linear, Span<float> destination)
    {
        Validate();
        MelThrowHelper.ThrowIfLengthNot(destination.Length, linear.Length, nameof(destination), "the input");
        if (Encoding == MelEncoding.Decibels)
        {
            MelCompression.Encode(linear, destination, MelEncoding.Decibels, Kind, DbReference, TopDb, Floor);
        }
        else if (FloorMode == MelFloorMode.Add && Encoding != MelEncoding.Linear)
        {
            for (int i = 0; i < linear.Length; i++)
            {
                float v = linear[i];
                if (!(v >= 0) || float.IsPositiveInfinity(v))
                {
                    throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"linear[{i}] is {v}; linear mel values must be finite and ≥ 0."), nameof(linear));
                }

                double s = v + Floor;
                destination[i] = (float)(Encoding == MelEncoding.NaturalLog ? Math.Log(s) : Math.Log10(s));
            }
        }
        else
        {
            MelCompression.Encode(linear, destination, Encoding, Kind, DbReference, double.PositiveInfinity, Floor);
        }

        if (Mean != 0 || Std != 1)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = (float)((destination[i] - Mean) / Std);
            }
        }
    }

    /// <summary>Undoes <see cref="Encode"/>: <c>e = v·Std + Mean</c>, then the inverse compression (minus the floor for
    /// <see cref="MelFloorMode.Add"/>, clamped at 0).</summary>
    /// <param name="stored">Values as the family stores them, frame-major or not (element-wise).</param>
    /// <param name="linear">Receives linear mel values, same length (may be the input).</param>
    /// <exception cref="ArgumentException">The convention is invalid, lengths differ, or a value is not finite.</exception>
    public void Decode(ReadOnlySpan<float> stored, Span<float> linear)
    {
        Validate();
        MelThrowHelper.ThrowIfLengthNot(linear.Length, stored.Length, nameof(linear), "the input");
        if (!TensorPrimitives.IsFiniteAll(stored))
        {
            throw new ArgumentException("The mel values contain NaN or infinity.", nameof(stored));
        }

        for (int i = 0; i < stored.Length; i++)
        {
            linear[i] = (float)((stored[i] * Std) + Mean);
        }

        MelCompression.Decode(linear, linear, Encoding, Kind, DbReference);
        if (FloorMode == MelFloorMode.Add && Encoding is MelEncoding.NaturalLog or MelEncoding.Log10)
        {
            float floor = (float)Floor;
            for (int i = 0; i < linear.Length; i++)
            {
                linear[i] = Math.Max(0f, linear[i] - floor);
            }
        }
    }

    /// <summary>Rearranges a frame-major <c>T × M</c> array into this convention's <see cref="Layout"/> (one batch item).</summary>
    /// <param name="framesByMels">Frame-major values, <c>T·MelCount</c>.</param>
    /// <param name="frameCount">Frames <c>T</c>.</param>
    /// <param name="shape">Receives the array shape: <c>[MelCount, T]</c> or <c>[T, MelCount]</c>.</param>
    /// <returns>A new array in the layout.</returns>
    /// <exception cref="ArgumentException">The length is not <c>T·MelCount</c>.</exception>
    public float[] ToLayout(ReadOnlySpan<float> framesByMels, int frameCount, out int[] shape)
    {
        Validate();
        MelThrowHelper.ThrowIfNotFrames(framesByMels.Length, frameCount, MelCount, nameof(framesByMels), "mel bands");
        if (Layout == MelLayout.FramesByMels)
        {
            shape = [frameCount, MelCount];
            return framesByMels.ToArray();
        }

        shape = [MelCount, frameCount];
        var result = new float[framesByMels.Length];
        for (int t = 0; t < frameCount; t++)
        {
            for (int m = 0; m < MelCount; m++)
            {
                result[(m * frameCount) + t] = framesByMels[(t * MelCount) + m];
            }
        }

        return result;
    }

    /// <summary>Splits an array as a model emits it into frame-major <c>T × M</c> items: <c>[n_mels, T]</c> /
    /// <c>[B, n_mels, T]</c> (<see cref="MelLayout.MelsByFrames"/>) or <c>[T, n_mels]</c> / <c>[B, T, n_mels]</c>.</summary>
    /// <param name="values">The array, row-major (C order), as long as the shape says.</param>
    /// <param name="shape">Its shape, rank 2 or 3.</param>
    /// <param name="layout">The layout; null for this convention's <see cref="Layout"/>.</param>
    /// <returns>One frame-major array per batch item, and <c>T</c>.</returns>
    /// <exception cref="ArgumentException">The rank is not 2 or 3, the band axis is not <see cref="MelCount"/> long, there are
    /// no frames, or the length does not match the shape.</exception>
    public (float[][] Items, int FrameCount) FromLayout(ReadOnlySpan<float> values, ReadOnlySpan<int> shape, MelLayout? layout = null)
    {
        Validate();
        MelLayout l = layout ?? Layout;
        if (shape.Length is not (2 or 3))
        {
            throw new ArgumentException($"A mel spectrogram is [n_mels, T], [T, n_mels] or [B, …]; got rank {shape.Length}.", nameof(shape));
        }

        long total = 1;
        foreach (int d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException("Shape entries must be ≥ 0.", nameof(shape));
            }

            total *= d;
        }

        if (total != values.Length)
        {
            throw new ArgumentException($"The shape ({string.Join(", ", shape.ToArray())}) has {total} elements but there are {values.Length} values.", nameof(values));
        }

        int batch = shape.Length == 3 ? shape[0] : 1;
        int a = shape[^2], b = shape[^1];
        int bands = l == MelLayout.MelsByFrames ? a : b, frames = l == MelLayout.MelsByFrames ? b : a;
        if (bands != MelCount)
        {
            string hint = (l == MelLayout.MelsByFrames ? b : a) == MelCount
                ? $" The other axis has {MelCount}: the array is {(l == MelLayout.MelsByFrames ? "frames × mels" : "mels × frames")}; use that layout."
                : string.Empty;
            throw new ArgumentException($"The {Name} convention has {MelCount} mel bands, but the band axis of the {l} array ({string.Join(", ", shape.ToArray())}) has {bands}.{hint}", nameof(shape));
        }

        if (frames < 1 || batch < 1)
        {
            throw new ArgumentException("The mel spectrogram has no frames.", nameof(shape));
        }

        var items = new float[batch][];
        int per = frames * MelCount;
        for (int i = 0; i < batch; i++)
        {
            ReadOnlySpan<float> src = values.Slice(i * per, per);
            var dst = new float[per];
            if (l == MelLayout.FramesByMels)
            {
                src.CopyTo(dst);
            }
            else
            {
                for (int m = 0; m < MelCount; m++)
                {
                    for (int t = 0; t < frames; t++)
                    {
                        dst[(t * MelCount) + m] = src[(m * frames) + t];
                    }
                }
            }

            items[i] = dst;
        }

        return (items, frames);
    }

    /// <summary>A one-line description: "hifigan: 22050 Hz, FFT 1024, window 1024, hop 256, …".</summary>
    /// <returns>The description.</returns>
    public override string ToString()
    {
        string fmax = double.IsNaN(MaxFrequency) ? (SampleRate / 2.0).ToString("0.##", CultureInfo.InvariantCulture) : MaxFrequency.ToString("0.##", CultureInfo.InvariantCulture);
        string compression = Encoding switch
        {
            MelEncoding.Decibels => string.Create(CultureInfo.InvariantCulture, $"dB (ref {DbReference:G}, amin {Floor:G}, top_db {TopDb:G})"),
            MelEncoding.NaturalLog => string.Create(CultureInfo.InvariantCulture, $"ln({(FloorMode == MelFloorMode.Clamp ? $"max(x, {Floor:G})" : $"x + {Floor:G}")})"),
            MelEncoding.Log10 => string.Create(CultureInfo.InvariantCulture, $"log10({(FloorMode == MelFloorMode.Clamp ? $"max(x, {Floor:G})" : $"x + {Floor:G}")})"),
            _ => "linear",
        };
        string norm = Mean != 0 || Std != 1
            ? string.Create(CultureInfo.InvariantCulture, $", (e {(Mean < 0 ? "+" : "−")} {Math.Abs(Mean):G}) / {Std:G}")
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Name}: {SampleRate} Hz, FFT {FftSize}, window {WindowLength}, hop {Hop}, {PadMode} padding {Padding}, {MelCount} {Scale} bands ({Normalization} norm) {MinFrequency:0.##}–{fmax} Hz, {(Kind == MelSpectrumKind.Power ? "power" : "amplitude")}, {compression}{norm}, {(Layout == MelLayout.MelsByFrames ? "[n_mels, T]" : "[T, n_mels]")}");
    }

    private float PaddedSample(ReadOnlySpan<float> x, int i)
    {
        int n = x.Length;
        if ((uint)i < (uint)n)
        {
            return x[i];
        }

        if (PadMode == MelPadMode.Zero)
        {
            return 0f;
        }

        // numpy 'reflect' (edge not repeated), applied repeatedly for very short signals.
        int period = 2 * (n - 1);
        if (period == 0)
        {
            return x[0];
        }

        int j = ((i % period) + period) % period;
        return x[j < n ? j : period - j];
    }

    private static ArgumentOutOfRangeException Bad(string property, object value, string rule) =>
        new(property, value, $"MelConvention.{property} {rule}.");
}

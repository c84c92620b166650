using System.Globalization;
using Phase.Neural.Onnx;

namespace Phase.Neural.Vocoder;

/// <summary>
/// A vocoder-head ONNX model — mel spectrogram in, short-time spectrum out, inverse STFT outside the graph — with the
/// STFT settings from its sherpa-onnx-style metadata (<c>n_fft</c>, <c>hop_length</c>, <c>win_length</c>,
/// <c>window_type</c>, <c>center</c>, <c>pad_mode</c>, <c>normalized</c>; the keys sherpa-onnx's Vocos export writes,
/// with sherpa-onnx's defaults 1024 / 256 / 1024 / hann / 1 / reflect / 0 for missing keys) or from explicit settings.
/// </summary>
/// <remarks>
/// <para><b>Graph contract.</b> One float input <c>(B, n_mels, T)</c>; outputs <c>(B, N/2 + 1, T)</c>: three for
/// (magnitude, cos, sin), two for (magnitude, phase) or (real, imaginary) — told by the <c>output_kind</c> key
/// (<c>mag_cos_sin</c>, <c>mag_phase</c>, <c>real_imag</c>) or, without it, by the output count and names (<c>phase</c>
/// or <c>angle</c> for the second of two outputs means magnitude/phase, otherwise real/imaginary).</para>
/// <para><b>Phase's optional keys.</b> <c>sample_rate</c> (Hz; sherpa-onnx takes it from the TTS model, default 22050
/// here), <c>n_mels</c> (else the input's fixed dimension), <c>mel_convention</c> (a <see cref="Phase.Mel.MelConvention"/>
/// preset name the mels must follow), <c>context_frames</c> (how many frames on either side an output frame depends on:
/// chunked inference with that much overlap is exact; absent means the model cannot be chunked exactly),
/// <c>fgla_iterations</c> (how many FGLA iterations should refine the model's phase for its magnitudes by default, for a
/// model whose magnitude is better than its phase, such as the shipped one; absent means 0, the model's phase as is).</para>
/// <para>Immutable and thread-safe; loading parses and checks the file but does not start ONNX Runtime.</para>
/// </remarks>
public sealed class VocoderModel
{
    private static readonly Lazy<VocoderModel> s_shipped = new(() => FromResource("vocos-hifigan.onnx"));

    /// <summary>The largest <c>fgla_iterations</c> metadata value accepted.</summary>
    public const int MaxRecommendedFglaIterations = 10_000;

    private VocoderModel(OnnxModel onnx, VocoderSpectrumSettings spectrum, VocoderOutputKind kind, int melCount, int? contextFrames, string? convention)
    {
        Onnx = onnx;
        Spectrum = spectrum;
        OutputKind = kind;
        MelCount = melCount;
        ContextFrames = contextFrames;
        MelConventionName = convention;
    }

    /// <summary>The model shipped with Phase (onnx-models/vocos-hifigan.onnx, embedded): a small Vocos-style head for the
    /// <c>hifigan</c> convention, 22050 Hz, 80 bands, (magnitude, cos, sin), trained here on synthetic speech (see the model
    /// card, onnx-models/README.md).</summary>
    public static VocoderModel Shipped => s_shipped.Value;

    /// <summary>The parsed ONNX file.</summary>
    public OnnxModel Onnx { get; }

    /// <summary>Where the model came from (a path, or a name for embedded and in-memory models).</summary>
    public string Source => Onnx.Source;

    /// <summary>The inverse-STFT settings (from the metadata, or overridden with <see cref="WithSpectrum"/>).</summary>
    public VocoderSpectrumSettings Spectrum { get; }

    /// <summary>What the outputs are.</summary>
    public VocoderOutputKind OutputKind { get; }

    /// <summary>Mel bands the model takes.</summary>
    public int MelCount { get; }

    /// <summary>Frames of context on either side of an output frame (the receptive field), or null when unknown.</summary>
    public int? ContextFrames { get; }

    /// <summary>The <see cref="Phase.Mel.MelConvention"/> preset the input mels follow (metadata <c>mel_convention</c>), or null.</summary>
    public string? MelConventionName { get; }

    /// <summary>FGLA iterations the model's metadata (<c>fgla_iterations</c>) asks for by default: the starting value of
    /// <see cref="VocoderReconstructor.FglaIterations"/>. 0 when the key is absent (sherpa-onnx exports: the model's phase).
    /// The shipped model sets 100: its magnitude beats mel → NNLS, its own phase does not beat FGLA's (see the model card).</summary>
    public int RecommendedFglaIterations { get; private init; }

    /// <summary>Name of the graph input.</summary>
    public string InputName => Onnx.Inputs[0].Name;

    /// <summary>Names of the graph outputs, in order.</summary>
    public IReadOnlyList<string> OutputNames { get; private init; } = [];

    /// <summary>The metadata value for a key, or null.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value (file text: escape it before printing).</returns>
    public string? MetadataValue(string key) => Onnx.Metadata.TryGetValue(key, out string? v) ? v : null;

    /// <summary>Loads a model file and checks it.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not an ONNX model, or its inputs, outputs or metadata do not fit a vocoder head
    /// (the message says which and what is expected).</exception>
    public static VocoderModel Load(string path) => FromOnnx(OnnxModel.Load(path), null);

    /// <summary>Loads a model from the bytes of an ONNX file.</summary>
    /// <param name="bytes">The file content.</param>
    /// <param name="source">A name for messages.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">See <see cref="Load(string)"/>.</exception>
    public static VocoderModel Load(ReadOnlySpan<byte> bytes, string source) => FromOnnx(OnnxModel.Load(bytes, source), null);

    /// <summary>Loads a model file whose metadata lacks (or contradicts) the STFT settings, using explicit ones.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="spectrum">The inverse-STFT settings the model was trained with.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="spectrum"/> is null.</exception>
    /// <exception cref="InvalidDataException">See <see cref="Load(string)"/>.</exception>
    public static VocoderModel Load(string path, VocoderSpectrumSettings spectrum)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        return FromOnnx(OnnxModel.Load(path), spectrum);
    }

    /// <summary>This model with other inverse-STFT settings (checked against the outputs' bin count when fixed).</summary>
    /// <param name="spectrum">The settings.</param>
    /// <returns>A new model object sharing the graph.</returns>
    /// <exception cref="InvalidDataException">The bin count contradicts the outputs.</exception>
    public VocoderModel WithSpectrum(VocoderSpectrumSettings spectrum)
    {
        ArgumentNullException.ThrowIfNull(spectrum);
        return FromOnnx(Onnx, spectrum);
    }

    private static VocoderModel FromOnnx(OnnxModel onnx, VocoderSpectrumSettings? spectrum)
    {
        string src = DisplayText.Escape(onnx.Source);
        if (onnx.Inputs.Count != 1)
        {
            throw new InvalidDataException($"'{src}' has {onnx.Inputs.Count} inputs; a vocoder head takes exactly one, the mel spectrogram (B, n_mels, T).");
        }

        OnnxValueInfo input = onnx.Inputs[0];
        if (input.ElementType != 1 || input.Shape.Count != 3)
        {
            throw new InvalidDataException($"'{src}': input '{input.Name}' is {input.ShapeText()} of element type {input.ElementType}; a vocoder head takes float (B, n_mels, T).");
        }

        try
        {
            spectrum ??= VocoderSpectrumSettings.FromMetadata(onnx.Metadata);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{src}': {e.Message}", e);
        }

        VocoderOutputKind kind = ParseKind(onnx, src);
        int bins = spectrum.FftSize / 2 + 1;
        foreach (OnnxValueInfo o in onnx.Outputs)
        {
            if (o.ElementType != 1 || o.Shape.Count != 3)
            {
                throw new InvalidDataException($"'{src}': output '{o.Name}' is {o.ShapeText()} of element type {o.ElementType}; vocoder outputs are float (B, n_fft/2 + 1, T).");
            }

            if (o.Shape[1] >= 0 && o.Shape[1] != bins)
            {
                throw new InvalidDataException($"'{src}': output '{o.Name}' has {o.Shape[1]} bins, but n_fft = {spectrum.FftSize} means {bins}. Fix the n_fft metadata or give the settings explicitly.");
            }
        }

        int melCount = ParseInt(onnx, "n_mels", src) ?? (input.Shape[1] > 0 ? (int)input.Shape[1] : 0);
        if (melCount < 1)
        {
            throw new InvalidDataException($"'{src}': the number of mel bands is unknown: the input's second dimension is dynamic and there is no n_mels metadata.");
        }

        if (input.Shape[1] >= 0 && input.Shape[1] != melCount)
        {
            throw new InvalidDataException($"'{src}': n_mels = {melCount} in the metadata but the input has {input.Shape[1]} bands.");
        }

        int? context = ParseInt(onnx, "context_frames", src);
        if (context is < 0)
        {
            throw new InvalidDataException($"'{src}': context_frames must be ≥ 0; got {context}.");
        }

        string? convention = onnx.Metadata.TryGetValue("mel_convention", out string? c) ? c : null;
        if (convention is not null)
        {
            try
            {
                _ = Phase.Mel.MelConvention.FromName(convention);
            }
            catch (ArgumentException e)
            {
                throw new InvalidDataException($"'{src}': mel_convention: {DisplayText.Escape(e.Message)}", e);
            }
        }

        int fgla = ParseInt(onnx, "fgla_iterations", src) ?? 0;
        if (fgla is < 0 or > MaxRecommendedFglaIterations)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{src}': fgla_iterations must be between 0 and {MaxRecommendedFglaIterations}; got {fgla}."));
        }

        return new VocoderModel(onnx, spectrum, kind, melCount, context, convention)
        {
            OutputNames = onnx.Outputs.Select(o => o.Name).ToArray(),
            RecommendedFglaIterations = fgla,
        };
    }

    private static VocoderOutputKind ParseKind(OnnxModel onnx, string src)
    {
        int n = onnx.Outputs.Count;
        if (onnx.Metadata.TryGetValue("output_kind", out string? text))
        {
            (VocoderOutputKind kind, int count) = text.Trim().ToLowerInvariant() switch
            {
                "mag_cos_sin" => (VocoderOutputKind.MagnitudeCosSin, 3),
                "mag_phase" => (VocoderOutputKind.MagnitudePhase, 2),
                "real_imag" => (VocoderOutputKind.RealImaginary, 2),
                _ => throw new InvalidDataException($"'{src}': output_kind '{DisplayText.Escape(text)}' is not one of mag_cos_sin, mag_phase, real_imag."),
            };
            if (n != count)
            {
                throw new InvalidDataException($"'{src}': output_kind {DisplayText.Escape(text)} needs {count} outputs; the graph has {n}.");
            }

            return kind;
        }

        return n switch
        {
            3 => VocoderOutputKind.MagnitudeCosSin,
            2 => onnx.Outputs[1].Name.Contains("phase", StringComparison.OrdinalIgnoreCase) || onnx.Outputs[1].Name.Contains("angle", StringComparison.OrdinalIgnoreCase)
                ? VocoderOutputKind.MagnitudePhase
                : VocoderOutputKind.RealImaginary,
            _ => throw new InvalidDataException($"'{src}' has {n} outputs; a vocoder head has 3 (magnitude, cos, sin) or 2 (magnitude and phase, or real and imaginary)."),
        };
    }

    private static int? ParseInt(OnnxModel onnx, string key, string src)
    {
        if (!onnx.Metadata.TryGetValue(key, out string? text))
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new InvalidDataException($"'{src}': metadata {key} = '{DisplayText.Escape(text)}' is not a whole number.");
    }

    private static VocoderModel FromResource(string name)
    {
        using Stream stream = typeof(VocoderModel).Assembly.GetManifestResourceStream("Phase.Neural.Models." + name)
            ?? throw new InvalidOperationException($"The embedded model '{name}' is missing from Phase.Neural (a build problem).");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Load(memory.GetBuffer().AsSpan(0, (int)memory.Length), name + " (embedded)");
    }
}

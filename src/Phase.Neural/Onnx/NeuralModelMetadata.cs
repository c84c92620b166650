using System.Globalization;

namespace Phase.Neural.Onnx;

/// <summary>
/// The STFT and model description a Phase neural model carries in its ONNX metadata (written by
/// <c>onnx-models/training/export_onnx.py</c>): model kind, sample rate, FFT size, window, hop, look-ahead and the
/// names of the input and output tensors. Used to refuse a model that was trained for other STFT settings.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class NeuralModelMetadata
{
    private NeuralModelMetadata(string source, IReadOnlyDictionary<string, string> m)
    {
        Source = source;
        ModelKind = Required(source, m, "model_kind");
        SampleRate = RequiredInt(source, m, "sample_rate");
        FftSize = RequiredInt(source, m, "fft_size");
        WindowLength = RequiredInt(source, m, "window_length");
        Hop = RequiredInt(source, m, "hop");
        string window = Required(source, m, "window");
        Window = window switch
        {
            "hann" => WindowKind.Hann,
            "hamming" => WindowKind.Hamming,
            "blackman" => WindowKind.Blackman,
            "sqrt-hann" or "sqrthann" => WindowKind.SqrtHann,
            "gaussian" => WindowKind.Gaussian,
            "kaiser" => WindowKind.Kaiser,
            "rectangular" => WindowKind.Rectangular,
            _ => throw new InvalidDataException($"ONNX model '{DisplayText.Escape(source, 400)}' has an unknown window '{DisplayText.Escape(window)}' in its metadata."),
        };
        Symmetry = (m.TryGetValue("window_symmetry", out string? sym) ? sym : "periodic") switch
        {
            "periodic" => WindowSymmetry.Periodic,
            "symmetric" => WindowSymmetry.Symmetric,
            string other => throw new InvalidDataException($"ONNX model '{DisplayText.Escape(source, 400)}' has an unknown window_symmetry '{DisplayText.Escape(other)}' in its metadata."),
        };
        InputName = Required(source, m, "input_name");
        OutputName = Required(source, m, "output_name");
        LookaheadFrames = m.TryGetValue("lookahead_frames", out string? la) && int.TryParse(la, NumberStyles.Integer, CultureInfo.InvariantCulture, out int l) ? l : null;
        PastFrames = m.TryGetValue("past_frames", out string? pa) && int.TryParse(pa, NumberStyles.Integer, CultureInfo.InvariantCulture, out int p) ? p : null;
        ParameterCount = m.TryGetValue("parameters", out string? pc) && long.TryParse(pc, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : null;
        Architecture = m.TryGetValue("architecture", out string? arch) ? arch : string.Empty;
    }

    /// <summary>Where the model came from, for messages.</summary>
    public string Source { get; }

    /// <summary>The model kind: <c>gtnet</c> (phase-derivative network) or <c>mcnn</c>.</summary>
    public string ModelKind { get; }

    /// <summary>Sample rate in Hz the model was trained at.</summary>
    public int SampleRate { get; }

    /// <summary>FFT size <c>N</c>.</summary>
    public int FftSize { get; }

    /// <summary>Window length <c>Nw</c>.</summary>
    public int WindowLength { get; }

    /// <summary>Hop <c>H</c> in samples.</summary>
    public int Hop { get; }

    /// <summary>Window family.</summary>
    public WindowKind Window { get; }

    /// <summary>Window symmetry (periodic unless the metadata says otherwise).</summary>
    public WindowSymmetry Symmetry { get; }

    /// <summary>The name of the model's input tensor.</summary>
    public string InputName { get; }

    /// <summary>The name of the model's output tensor.</summary>
    public string OutputName { get; }

    /// <summary>Frames of look-ahead (gtnet), or null when the model states none (mcnn is offline).</summary>
    public int? LookaheadFrames { get; }

    /// <summary>Frames of history the model reads (gtnet), or null.</summary>
    public int? PastFrames { get; }

    /// <summary>The number of trainable parameters the exporter recorded, or null.</summary>
    public long? ParameterCount { get; }

    /// <summary>The architecture description the exporter recorded (JSON), or empty.</summary>
    public string Architecture { get; }

    /// <summary>Reads the metadata of a model.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="InvalidDataException">A required key is missing or unreadable; the message names it.</exception>
    public static NeuralModelMetadata Read(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new NeuralModelMetadata(model.Source, model.Metadata);
    }

    /// <summary>Throws unless the model was trained for these STFT settings (sample rate, FFT size, window family,
    /// length and symmetry, hop). The offline padding mode is not compared: a model sees magnitudes only.</summary>
    /// <param name="settings">The settings of the magnitudes the model will see.</param>
    /// <param name="paramName">The parameter name to report.</param>
    /// <exception cref="ArgumentNullException"><paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting differs; the message names each difference and the model's values.</exception>
    public void ThrowIfIncompatible(StftSettings settings, string paramName)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        Compare(problems, "sample rate", settings.SampleRate, SampleRate, "Hz");
        Compare(problems, "FFT size", settings.FftSize, FftSize, string.Empty);
        Compare(problems, "window length", settings.WindowLength, WindowLength, string.Empty);
        Compare(problems, "hop", settings.Hop, Hop, string.Empty);
        if (settings.WindowKind != Window)
        {
            problems.Add($"window {settings.WindowKind} (the model needs {Window})");
        }

        if (settings.Symmetry != Symmetry)
        {
            problems.Add($"window symmetry {settings.Symmetry} (the model needs {Symmetry})");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The {DisplayText.Escape(ModelKind)} model '{DisplayText.Escape(Source, 400)}' was trained for {SampleRate} Hz, {Window} window of {WindowLength}, FFT {FftSize}, hop {Hop}; these settings differ in: {string.Join("; ", problems)}."), paramName);
        }
    }

    private static void Compare(List<string> problems, string what, int actual, int expected, string unit)
    {
        if (actual != expected)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{what} {actual}{(unit.Length > 0 ? " " + unit : string.Empty)} (the model needs {expected})"));
        }
    }

    private static string Required(string source, IReadOnlyDictionary<string, string> m, string key)
    {
        if (!m.TryGetValue(key, out string? value) || string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidDataException($"ONNX model '{DisplayText.Escape(source, 400)}' lacks the metadata key '{key}' that Phase needs to check it against the STFT settings (export it with onnx-models/training/export_onnx.py).");
        }

        return value;
    }

    private static int RequiredInt(string source, IReadOnlyDictionary<string, string> m, string key)
    {
        string value = Required(source, m, key);
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result) || result <= 0)
        {
            throw new InvalidDataException($"ONNX model '{DisplayText.Escape(source, 400)}' has metadata '{key}' = '{DisplayText.Escape(value)}'; a positive integer is required.");
        }

        return result;
    }
}

using System.Globalization;
using Phase.Mel;

namespace Phase.Neural.Vocoder;

/// <summary>The <c>vocoder</c> method for <see cref="ReconstructorRegistry"/>: parameters <c>model</c> (path of a
/// vocoder-head ONNX file; default the shipped hifigan model), <c>preset</c> (the mel convention, when the model's
/// metadata names none), <c>chunk</c> (frames per model run, 0 for one pass), <c>fgla</c> (FGLA iterations refining
/// the model's phase for its magnitudes, 0 for none; default the model's <c>fgla_iterations</c> metadata: 100 for the
/// shipped model, 0 for sherpa-onnx exports), <c>init</c> (where that FGLA starts: <c>pghi</c>, the default, <c>spsi</c>
/// or <c>model</c>, the model's phase), <c>provider</c>, <c>device</c>, <c>fallback</c> (ONNX Runtime, as for gtnet and mcnn). Offline.</summary>
public static class VocoderMethod
{
    /// <summary>The descriptor.</summary>
    public static ReconstructorDescriptor Descriptor { get; } = new(
        "vocoder",
        "Vocoder head (Vocos-style ONNX model: mel → magnitude and phase) + Phase's inverse STFT (offline; mel input with --preset)",
        ["model", "preset", "chunk", "fgla", "init", "provider", "device", "fallback"],
        latency: null,
        (settings, p) => Create(settings, p));

    /// <summary>Creates the reconstructor from registry parameters.</summary>
    /// <param name="settings">The STFT settings of the magnitudes (the convention's grid, or a centred STFT with the same
    /// window, FFT size, hop and rate).</param>
    /// <param name="p">The parameters.</param>
    /// <returns>The reconstructor (dispose it to free its ONNX Runtime session).</returns>
    /// <exception cref="ArgumentException">A parameter is malformed, or the model does not fit the settings.</exception>
    public static VocoderReconstructor Create(StftSettings settings, ReconstructorParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        VocoderModel model;
        try
        {
            model = p.Extra.TryGetValue("model", out string? path) ? VocoderModel.Load(path) : VocoderModel.Shipped;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"model: {e.Message}", "parameters", e);
        }

        MelConvention? convention = p.Extra.TryGetValue("preset", out string? name) ? MelConvention.FromName(name) : null;
        int chunk = 0;
        if (p.Extra.TryGetValue("chunk", out string? text) && (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out chunk) || chunk < 0))
        {
            throw new ArgumentException($"chunk must be a whole number of frames ≥ 0 (0 for one pass); got '{text}'.", "parameters");
        }

        if (chunk > 0 && model.ContextFrames is null)
        {
            throw new ArgumentException($"chunk: the model '{model.Source}' has no context_frames metadata, so it cannot be run in exact chunks; leave chunk out.", "parameters");
        }

        int fgla = model.RecommendedFglaIterations;
        if (p.Extra.TryGetValue("fgla", out string? f) && (!int.TryParse(f, NumberStyles.Integer, CultureInfo.InvariantCulture, out fgla) || fgla < 0))
        {
            throw new ArgumentException($"fgla must be a whole number of FGLA iterations ≥ 0 (0: the model's phase); got '{f}'.", "parameters");
        }

        VocoderFglaStart start = p.Initialization?.Trim().ToLowerInvariant() switch
        {
            null or "pghi" => VocoderFglaStart.Pghi,
            "spsi" => VocoderFglaStart.Spsi,
            "model" => VocoderFglaStart.Model,
            _ => throw new ArgumentException($"Unknown initialisation '{DisplayText.Escape(p.Initialization)}' (init) for the vocoder's FGLA; use pghi (default), spsi or model (the model's phase).", "parameters"),
        };

        return new VocoderReconstructor(model, settings, convention, NeuralMethods.ParseOnnxRuntime(p)) { ChunkFrames = chunk, FglaIterations = fgla, FglaStart = start };
    }
}

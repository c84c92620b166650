using System.Globalization;
using Phase.Neural.GtNet;
using Phase.Neural.Mcnn;

namespace Phase.Neural;

/// <summary>
/// The neural methods by name, for <see cref="ReconstructorRegistry"/> (configuration files, the CLI): <c>gtnet</c>
/// (streaming) and <c>mcnn</c> (offline), with their parameters.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>name</term><description>parameters (defaults); latency</description></listheader>
/// <item><term><c>gtnet</c></term><description><c>lookahead</c> 0 or 1 (1), <c>tolerance</c> (10⁻⁵), <c>model</c> (path
/// of another gtnet ONNX file; default the shipped one), <c>backend</c> managed | onnxruntime (managed),
/// <c>provider</c> cpu | cuda | tensorrt (cpu), <c>device</c> (0), <c>fallback</c> true | false (false);
/// latency <c>N − H + L·H</c>.</description></item>
/// <item><term><c>mcnn</c></term><description><c>model</c>, <c>chunk</c> (frames per chunk, 128), <c>backend</c>,
/// <c>provider</c>, <c>device</c>, <c>fallback</c>; offline.</description></item>
/// </list>
/// <para>The shipped models are trained for 22050 Hz, periodic Hann 1024, FFT 1024, hop 256; other settings need a
/// model trained for them (<c>model</c>, checked against its own metadata), otherwise they are refused with a message
/// naming the difference.</para>
/// </remarks>
public static class NeuralMethods
{
    private static readonly string[] s_backendParameters = ["model", "backend", "provider", "device", "fallback"];

    /// <summary>The descriptors of gtnet and mcnn, in that order.</summary>
    public static IReadOnlyList<ReconstructorDescriptor> Descriptors { get; } =
    [
        new ReconstructorDescriptor(
            "gtnet",
            "Phase-derivative network (≈400 parameters) + least-squares integration (streaming, look-ahead 0 or 1)",
            ["lookahead", "tolerance", .. s_backendParameters],
            (settings, p) => CreateGtNet(settings, p).Latency,
            (settings, p) => CreateGtNet(settings, p),
            (settings, p) => CreateGtNet(settings, p).CreateStreaming()),
        new ReconstructorDescriptor(
            "mcnn",
            "Multi-head convolutional network, magnitudes straight to waveform (offline, one pass)",
            ["chunk", .. s_backendParameters],
            latency: null,
            (settings, p) => CreateMcnn(settings, p)),
        Vocoder.VocoderMethod.Descriptor,
    ];

    private static GtNetReconstructor CreateGtNet(StftSettings settings, ReconstructorParameters p)
    {
        int lookahead = p.Lookahead ?? 1;
        if (lookahead is not (0 or 1))
        {
            throw new ArgumentOutOfRangeException("parameters", lookahead, $"gtnet takes lookahead 0 (causal) or 1 (one frame, the default); got {lookahead}.");
        }

        var r = new GtNetReconstructor(settings)
        {
            LookaheadFrames = lookahead,
            Tolerance = p.Tolerance ?? GradientTheorem.LeastSquaresIntegration.DefaultTolerance,
            Backend = ParseBackend(p),
            OnnxRuntimeOptions = ParseOnnxRuntime(p),
        };

        // The user's model (any STFT settings it was trained for) replaces the shipped one before anything is checked.
        if (p.Extra.TryGetValue("model", out string? path))
        {
            GtNetModel model = GtNetModel.Load(path);
            if (p.Lookahead is int l && l != model.LookaheadFrames)
            {
                throw new ArgumentException($"The model '{DisplayText.Escape(path, 400)}' has look-ahead {model.LookaheadFrames}, not {l}.", "parameters");
            }

            r = r.WithModel(model);
        }

        r.ThrowIfIncompatible();
        return r;
    }

    private static McnnReconstructor CreateMcnn(StftSettings settings, ReconstructorParameters p)
    {
        int chunk = 128;
        if (p.Extra.TryGetValue("chunk", out string? text) && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out chunk))
        {
            throw new ArgumentException($"chunk must be a whole number of frames (8 … 4096); got '{text}'.", "parameters");
        }

        McnnModel? model = p.Extra.TryGetValue("model", out string? path) ? McnnModel.Load(path) : null;
        var r = model is null
            ? new McnnReconstructor(settings) { ChunkFrames = chunk, Backend = ParseBackend(p), OnnxRuntimeOptions = ParseOnnxRuntime(p) }
            : new McnnReconstructor(settings) { ChunkFrames = chunk, Backend = ParseBackend(p), OnnxRuntimeOptions = ParseOnnxRuntime(p), Model = model };
        r.ThrowIfIncompatible();
        return r;
    }

    /// <summary>An <see cref="ArgumentException"/>'s message without the " (Parameter 'x')" suffix .NET appends.</summary>
    internal static string WithoutParamSuffix(ArgumentException e)
    {
        string suffix = $" (Parameter '{e.ParamName}')";
        return e.ParamName is not null && e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }

    private static NeuralBackend ParseBackend(ReconstructorParameters p)
    {
        string backend = p.Extra.TryGetValue("backend", out string? b) ? b : "managed";
        NeuralBackend result = backend switch
        {
            "managed" => NeuralBackend.Managed,
            "onnxruntime" or "ort" => NeuralBackend.OnnxRuntime,
            _ => throw new ArgumentException($"backend must be 'managed' or 'onnxruntime'; got '{backend}'.", "parameters"),
        };
        return result;
    }

    internal static OnnxRuntime.OnnxRuntimeOptions? ParseOnnxRuntime(ReconstructorParameters p)
    {
        if (!p.Extra.ContainsKey("provider") && !p.Extra.ContainsKey("device") && !p.Extra.ContainsKey("fallback"))
        {
            return null;
        }

        string provider = p.Extra.TryGetValue("provider", out string? pv) ? pv : "cpu";
        int device = 0;
        if (p.Extra.TryGetValue("device", out string? dv) && (!int.TryParse(dv, NumberStyles.Integer, CultureInfo.InvariantCulture, out device) || device < 0))
        {
            throw new ArgumentException($"device must be a GPU index ≥ 0; got '{dv}'.", "parameters");
        }

        bool fallback = false;
        if (p.Extra.TryGetValue("fallback", out string? fb) && !bool.TryParse(fb, out fallback))
        {
            throw new ArgumentException($"fallback must be true or false; got '{fb}'.", "parameters");
        }

        return new OnnxRuntime.OnnxRuntimeOptions
        {
            Provider = provider switch
            {
                "cpu" => OnnxRuntime.ExecutionProvider.Cpu,
                "cuda" => OnnxRuntime.ExecutionProvider.Cuda,
                "tensorrt" => OnnxRuntime.ExecutionProvider.TensorRT,
                _ => throw new ArgumentException($"provider must be cpu, cuda or tensorrt; got '{provider}'.", "parameters"),
            },
            DeviceId = device,
            AllowFallbackToCpu = fallback,
        };
    }
}

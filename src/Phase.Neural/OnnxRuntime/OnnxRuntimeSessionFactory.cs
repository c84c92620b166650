using Ort = Microsoft.ML.OnnxRuntime;

namespace Phase.Neural.OnnxRuntime;

/// <summary>Creates the <see cref="Ort.InferenceSession"/> for <see cref="OnnxRuntimeSession"/>: Phase's session options
/// or the application's, the provider checks (listed by the build? entry point? libraries?), the fallback rule and the
/// translation of every failure.</summary>
internal static class OnnxRuntimeSessionFactory
{
    public static (Ort.InferenceSession Session, ExecutionProvider Active, string? FallbackReason) Create(byte[]? bytes, string? path,
        OnnxRuntimeOptions options)
    {
        OnnxRuntimeErrors.Environment(options.EnableNativeLogging);
        if (options.Provider == ExecutionProvider.Cpu)
        {
            return (CreateCpu(bytes, path, options), ExecutionProvider.Cpu, null);
        }

        try
        {
            return (CreateWithProvider(bytes, path, options), options.Provider, null);
        }
        catch (OnnxRuntimeProviderUnavailableException unavailable) when (options.AllowFallbackToCpu)
        {
            return (CreateCpu(bytes, path, options), ExecutionProvider.Cpu, unavailable.Message);
        }
    }

    /// <summary>Phase's own session options: threads, full graph optimisation, logging quiet unless asked for.</summary>
    public static Ort.SessionOptions PhaseOptions(OnnxRuntimeOptions options)
    {
        var so = new Ort.SessionOptions();
        try
        {
            so.IntraOpNumThreads = options.IntraOpThreads;
            so.InterOpNumThreads = 1;
            so.ExecutionMode = Ort.ExecutionMode.ORT_SEQUENTIAL;
            so.GraphOptimizationLevel = Ort.GraphOptimizationLevel.ORT_ENABLE_ALL;
            so.LogSeverityLevel = options.EnableNativeLogging ? Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING : Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
            so.LogId = "Phase";
            return so;
        }
        catch
        {
            so.Dispose();
            throw;
        }
    }

    private static Ort.InferenceSession CreateCpu(byte[]? bytes, string? path, OnnxRuntimeOptions options)
    {
        using Ort.SessionOptions so = PhaseOptions(options);
        return Load(bytes, path, so, "CPU");
    }

    private static Ort.InferenceSession CreateWithProvider(byte[]? bytes, string? path, OnnxRuntimeOptions options)
    {
        ExecutionProvider provider = options.Provider;
        string? name = provider switch
        {
            ExecutionProvider.Cuda => "CUDAExecutionProvider",
            ExecutionProvider.TensorRT => "TensorrtExecutionProvider",
            _ => options.RequiredProvider,
        };

        // The build must list the provider: a CPU-only library here is the CPU-wins conflict (or no GPU package).
        string[] available = OnnxRuntimeErrors.AvailableProviders();
        if (name is not null && !available.Contains(name, StringComparer.Ordinal))
        {
            throw new OnnxRuntimeProviderUnavailableException(provider, OnnxRuntimeErrors.MissingProviderMessage(provider, name, available),
                providerName: name);
        }

        string label = OnnxRuntimeErrors.Describe(provider, name ?? "custom");
        if (provider == ExecutionProvider.Custom)
        {
            return LoadOrBlameProvider(bytes, path, options.SessionOptions!, options, provider, name ?? "custom", label);
        }

        using Ort.SessionOptions so = PhaseOptions(options);
        AppendProvider(so, options);
        return LoadOrBlameProvider(bytes, path, so, options, provider, name!, label);
    }

    /// <summary>Registers CUDA (or TensorRT, then CUDA) on Phase's session options. Any failure — the provider's
    /// entry point missing from a CPU-only build (<see cref="EntryPointNotFoundException"/>), ONNX Runtime refusing
    /// the options, provider libraries missing — becomes <see cref="OnnxRuntimeProviderUnavailableException"/>.</summary>
    internal static void AppendProvider(Ort.SessionOptions so, OnnxRuntimeOptions options)
    {
        ExecutionProvider provider = options.Provider;
        string name = provider == ExecutionProvider.TensorRT ? "TensorrtExecutionProvider" : "CUDAExecutionProvider";
        try
        {
            if (provider == ExecutionProvider.TensorRT)
            {
                using var trt = new Ort.OrtTensorRTProviderOptions();
                trt.UpdateOptions(new Dictionary<string, string> { ["device_id"] = Invariant(options.DeviceId) });
                so.AppendExecutionProvider_Tensorrt(trt);
            }

            if (options.GpuMemoryLimitBytes is long limit)
            {
                using var cuda = new Ort.OrtCUDAProviderOptions();
                cuda.UpdateOptions(new Dictionary<string, string>
                {
                    ["device_id"] = Invariant(options.DeviceId),
                    ["gpu_mem_limit"] = Invariant(limit),
                });
                so.AppendExecutionProvider_CUDA(cuda);
            }
            else
            {
                so.AppendExecutionProvider_CUDA(options.DeviceId);
            }
        }
        catch (Exception e) when (e is Ort.OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            throw new OnnxRuntimeProviderUnavailableException(provider, OnnxRuntimeErrors.EnableFailedMessage(provider, name, e),
                OnnxRuntimeErrors.Translate(e, $"Enabling {OnnxRuntimeErrors.Describe(provider, name)}"), name);
        }
    }

    /// <summary>
    /// Creates the session with a provider registered. Failing that, the model may be at fault rather than the provider
    /// (device initialisation and missing CUDA libraries surface here), so the model is tried on the CPU to tell which:
    /// if the CPU succeeds the provider is unavailable, otherwise the CPU's error (the model's problem) is thrown.
    /// </summary>
    private static Ort.InferenceSession LoadOrBlameProvider(byte[]? bytes, string? path, Ort.SessionOptions so, OnnxRuntimeOptions options,
        ExecutionProvider provider, string name, string label)
    {
        try
        {
            return Load(bytes, path, so, label);
        }
        catch (OnnxRuntimeException providerError) when (providerError is not OnnxRuntimeProviderUnavailableException)
        {
            using (CreateCpu(bytes, path, options))
            {
            }

            throw new OnnxRuntimeProviderUnavailableException(provider,
                OnnxRuntimeErrors.EnableFailedMessage(provider, name, providerError.InnerException ?? providerError), providerError, name);
        }
    }

    private static Ort.InferenceSession Load(byte[]? bytes, string? path, Ort.SessionOptions so, string where)
    {
        try
        {
            return bytes is null ? new Ort.InferenceSession(path!, so) : new Ort.InferenceSession(bytes, so);
        }
        catch (Exception e) when (e is Ort.OnnxRuntimeException || OnnxRuntimeErrors.IsNativeMissing(e))
        {
            throw OnnxRuntimeErrors.Translate(e, path is not null
                ? $"ONNX Runtime could not load the model '{path}' ({where})"
                : $"ONNX Runtime could not load the model from {bytes!.Length} bytes ({where})");
        }
    }

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Globalization;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Phase.Neural.OnnxRuntime;

/// <summary>
/// What Phase adds around the managed ONNX Runtime API: the process-wide environment (quiet by default), the loaded
/// build (version, file, providers), and the translation of ONNX Runtime's and the loader's exceptions into Phase's,
/// with the fix in the message.
/// </summary>
internal static class OnnxRuntimeErrors
{
    /// <summary>The ONNX Runtime release the managed package (and so this assembly) was built and tested against.</summary>
    public const string PackageVersion = "1.32.0";

    /// <summary>The CUDA and cuDNN major versions the GPU build of <see cref="PackageVersion"/> links against
    /// (<c>libcublasLt.so.13</c>, <c>libcudart.so.13</c>, <c>libcudnn.so.9</c>).</summary>
    public const string CudaRequirement = "CUDA 13.x (libcudart.so.13, libcublas.so.13, libcublasLt.so.13, libcurand.so.10) and cuDNN 9.x (libcudnn.so.9)";

    /// <summary>The TensorRT major version the TensorRT provider of <see cref="PackageVersion"/> links against.</summary>
    public const string TensorRTRequirement = "TensorRT 10.x (libnvinfer.so.10, libnvonnxparser.so.10)";

    private static readonly Lock s_environmentLock = new();

    /// <summary>Creates the process-wide <see cref="Ort.OrtEnv"/> (logging at FATAL unless native logging is asked for)
    /// unless it exists already; then its level stays, except that asking for native logging lowers it to WARNING.</summary>
    /// <exception cref="OnnxRuntimeNotFoundException">No native ONNX Runtime in the application.</exception>
    public static Ort.OrtEnv Environment(bool nativeLogging)
    {
        try
        {
            lock (s_environmentLock)
            {
                if (!Ort.OrtEnv.IsCreated)
                {
                    var options = new Ort.EnvironmentCreationOptions
                    {
                        logId = "Phase",
                        logLevel = nativeLogging ? Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING : Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
                    };
                    return Ort.OrtEnv.CreateInstanceWithOptions(ref options);
                }

                Ort.OrtEnv env = Ort.OrtEnv.Instance();
                if (nativeLogging && env.EnvLogLevel > Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING)
                {
                    // Asked for: the process-wide level drops to warnings (provider load errors are logged there).
                    env.EnvLogLevel = Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING;
                }

                return env;
            }
        }
        catch (Exception e) when (IsNativeMissing(e))
        {
            throw NotFound(e);
        }
    }

    /// <summary>True when <paramref name="e"/> says that the native library could not be loaded (or is not the one the
    /// managed package expects).</summary>
    public static bool IsNativeMissing(Exception e) => e switch
    {
        DllNotFoundException => true,
        BadImageFormatException => true,
        TypeInitializationException t => t.InnerException is not null && IsNativeMissing(t.InnerException),
        EntryPointNotFoundException ep => ep.Message.Contains("OrtGetApiBase", StringComparison.Ordinal),
        _ => false,
    };

    public static OnnxRuntimeNotFoundException NotFound(Exception cause) => new(NotFoundMessage(cause), cause);

    public static string NotFoundMessage(Exception? cause) =>
        "The native ONNX Runtime library could not be loaded" +
        (cause is null ? string.Empty : $" ({LoaderSummary(cause)})") + ". " +
        "Phase.Neural references only the managed API (Microsoft.ML.OnnxRuntime.Managed " + PackageVersion + "); the " +
        "application chooses the native build by adding exactly one package of the same version: " +
        "Microsoft.ML.OnnxRuntime " + PackageVersion + " for the CPU, or Microsoft.ML.OnnxRuntime.Gpu " + PackageVersion +
        " for CUDA and TensorRT (never both: the CPU library would win). Without ONNX Runtime, use the managed backend " +
        "(NeuralBackend.Managed, the default; --param backend=managed). See docs/onnxruntime.md.";

    /// <summary>Phase's exception for one of ONNX Runtime's, with <paramref name="context"/> in front of ONNX Runtime's
    /// message.</summary>
    public static Exception Translate(Exception e, string context) => e switch
    {
        OnnxRuntimeException => e,
        Ort.OnnxRuntimeException ort => new OnnxRuntimeException(CodeOf(ort), $"{context}: ONNX Runtime error: {ort.Message}", ort),
        _ when IsNativeMissing(e) => NotFound(e),
        _ => e,
    };

    /// <summary>The error code in an ONNX Runtime message (<c>[ErrorCode:InvalidArgument] …</c>), or
    /// <see cref="OnnxRuntimeErrorCode.Fail"/>.</summary>
    public static OnnxRuntimeErrorCode CodeOf(Exception? e)
    {
        if (e is OnnxRuntimeException phase)
        {
            return phase.ErrorCode;
        }

        string message = e?.Message ?? string.Empty;
        const string Tag = "[ErrorCode:";
        int start = message.IndexOf(Tag, StringComparison.Ordinal);
        if (start >= 0)
        {
            int end = message.IndexOf(']', start);
            if (end > start && Enum.TryParse(message.AsSpan(start + Tag.Length, end - start - Tag.Length), out OnnxRuntimeErrorCode code)
                && Enum.IsDefined(code))
            {
                return code;
            }
        }

        return OnnxRuntimeErrorCode.Fail;
    }

    /// <summary>The providers the loaded build lists, most preferred first.</summary>
    public static string[] AvailableProviders(bool nativeLogging = false) => Environment(nativeLogging).GetAvailableProviders();

    /// <summary>The native ONNX Runtime file mapped into this process, or a note when it cannot be told.</summary>
    public static string LoadedLibraryPath()
    {
        try
        {
            using var process = Process.GetCurrentProcess();
            foreach (ProcessModule module in process.Modules)
            {
                string name = module.ModuleName;
                if (name.Equals("onnxruntime.dll", StringComparison.OrdinalIgnoreCase)
                    || name.StartsWith("libonnxruntime.so", StringComparison.Ordinal)
                    || name.StartsWith("libonnxruntime.", StringComparison.Ordinal) && name.EndsWith(".dylib", StringComparison.Ordinal))
                {
                    return module.FileName;
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception or UnauthorizedAccessException)
        {
            return "(the loaded module list cannot be read here)";
        }

        return "(not found among the loaded modules)";
    }

    /// <summary>One line: version, file, providers.</summary>
    public static string DescribeBuild(string[] providers) => string.Create(CultureInfo.InvariantCulture,
        $"ONNX Runtime {Ort.OrtEnv.Instance().GetVersionString()} loaded from '{LoadedLibraryPath()}', which lists the providers {string.Join(", ", providers)}");

    /// <summary>The message for a provider the loaded build does not list: the CPU-wins conflict when a GPU provider was
    /// asked of a CPU-only build.</summary>
    public static string MissingProviderMessage(ExecutionProvider provider, string providerName, string[] available)
    {
        string text = $"The {Describe(provider, providerName)} execution provider ({providerName}) was requested, but the " +
            DescribeBuild(available) + ". ";
        bool cpuOnly = available.All(p => p is "CPUExecutionProvider" or "AzureExecutionProvider");
        if (cpuOnly && provider is ExecutionProvider.Cuda or ExecutionProvider.TensorRT)
        {
            text += "That is the CPU-only build: either the application references no GPU package, or its dependency graph " +
                "holds both Microsoft.ML.OnnxRuntime (CPU) and Microsoft.ML.OnnxRuntime.Gpu, whose native libraries have the " +
                "same file name, and the CPU one silently won (check with `dotnet list package --include-transitive`; " +
                "remove Microsoft.ML.OnnxRuntime, keep only Microsoft.ML.OnnxRuntime.Gpu " + PackageVersion + "). ";
        }

        return text + Fix(provider, providerName);
    }

    /// <summary>The message for a provider the build lists but could not enable (libraries or device missing).</summary>
    public static string EnableFailedMessage(ExecutionProvider provider, string providerName, Exception cause)
    {
        string reason = Innermost(cause).Message.TrimEnd('.');
        string text = $"The {Describe(provider, providerName)} execution provider ({providerName}) was requested, but the " +
            DescribeBuild(AvailableProviders()) + $", could not enable it: {reason}. ";
        if (cause is EntryPointNotFoundException)
        {
            text += "The loaded library has no entry point for this provider: it is a build without it (for CUDA: the " +
                "CPU-only Microsoft.ML.OnnxRuntime; when the application references Microsoft.ML.OnnxRuntime.Gpu too, the CPU " +
                "library won — reference only the GPU package). ";
        }

        if (cause is not EntryPointNotFoundException && provider is ExecutionProvider.Cuda or ExecutionProvider.TensorRT)
        {
            text += "ONNX Runtime names the missing library only in its native log: set OnnxRuntimeOptions.EnableNativeLogging " +
                "to see it (for example \"libcublasLt.so.13: cannot open shared object file\"). ";
        }

        return text + Fix(provider, providerName);
    }

    public static string Describe(ExecutionProvider provider, string providerName) => provider switch
    {
        ExecutionProvider.Cuda => "CUDA",
        ExecutionProvider.TensorRT => "TensorRT",
        ExecutionProvider.Cpu => "CPU",
        _ => providerName.EndsWith("ExecutionProvider", StringComparison.Ordinal) ? providerName[..^"ExecutionProvider".Length] : providerName,
    };

    public static string Fix(ExecutionProvider provider, string providerName)
    {
        string fallback = " Or set OnnxRuntimeOptions.AllowFallbackToCpu (--param fallback=true) to run on the CPU instead.";
        if (provider is ExecutionProvider.Cuda or ExecutionProvider.TensorRT)
        {
            string trt = provider == ExecutionProvider.TensorRT ? ", " + TensorRTRequirement : string.Empty;
            return "To use it: reference Microsoft.ML.OnnxRuntime.Gpu " + PackageVersion + " (Linux: Microsoft.ML.OnnxRuntime.Gpu.Linux; " +
                "Windows: .Gpu.Windows) and not Microsoft.ML.OnnxRuntime; install an NVIDIA driver that supports CUDA 13, and " + CudaRequirement + trt +
                ", where the loader finds them (LD_LIBRARY_PATH on Linux, PATH on Windows); check that DeviceId names an " +
                "existing GPU (see https://onnxruntime.ai/docs/execution-providers/CUDA-ExecutionProvider.html#requirements)." + fallback;
        }

        return $"To use it: reference the ONNX Runtime package built with {providerName} (for example Microsoft.ML.OnnxRuntime " +
            "on Windows for DirectML, or the CoreML-enabled Microsoft.ML.OnnxRuntime on macOS) instead of one without it, and " +
            "install what that provider needs; see docs/onnxruntime.md." + fallback;
    }

    /// <summary>The loader's first sentence (.NET appends every path it tried; the full text stays in the inner
    /// exception).</summary>
    private static string LoaderSummary(Exception cause)
    {
        string text = Innermost(cause).Message;
        int cut = text.IndexOf(" In order to help", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = text.IndexOf('\n', StringComparison.Ordinal);
        }

        return (cut > 0 ? text[..cut] : text).Trim().TrimEnd('.');
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null && e is TypeInitializationException or System.Reflection.TargetInvocationException)
        {
            e = e.InnerException;
        }

        return e;
    }
}

namespace Phase.Neural.OnnxRuntime;

/// <summary>
/// The requested execution provider cannot be used with the loaded ONNX Runtime on this machine and
/// <see cref="OnnxRuntimeOptions.AllowFallbackToCpu"/> is off. The message names the provider, the loaded build (version,
/// file, the providers it lists), ONNX Runtime's reason and what to install.
/// </summary>
public sealed class OnnxRuntimeProviderUnavailableException : OnnxRuntimeException
{
    /// <summary>Creates the exception for <see cref="ExecutionProvider.Cuda"/> with a generic message.</summary>
    public OnnxRuntimeProviderUnavailableException()
        : this(ExecutionProvider.Cuda, "The CUDA execution provider is not available.")
    {
    }

    /// <summary>Creates the exception for <see cref="ExecutionProvider.Cuda"/> with a message.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    public OnnxRuntimeProviderUnavailableException(string message)
        : this(ExecutionProvider.Cuda, message)
    {
    }

    /// <summary>Creates the exception for <see cref="ExecutionProvider.Cuda"/> with a message and a cause.</summary>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <param name="innerException">The cause.</param>
    public OnnxRuntimeProviderUnavailableException(string message, Exception? innerException)
        : this(ExecutionProvider.Cuda, message, innerException)
    {
    }

    /// <summary>Creates the exception for a provider.</summary>
    /// <param name="provider">The provider that was requested.</param>
    /// <param name="message">What went wrong and how to fix it.</param>
    /// <param name="innerException">ONNX Runtime's error, if it reported one.</param>
    /// <param name="providerName">ONNX Runtime's name of the provider (<c>CUDAExecutionProvider</c>, …), or
    /// <see langword="null"/> for the one <paramref name="provider"/> implies.</param>
    public OnnxRuntimeProviderUnavailableException(ExecutionProvider provider, string message, Exception? innerException = null,
        string? providerName = null)
        : base((innerException as OnnxRuntimeException)?.ErrorCode ?? OnnxRuntimeErrors.CodeOf(innerException), message, innerException)
    {
        Provider = provider;
        ProviderName = providerName ?? provider switch
        {
            ExecutionProvider.Cuda => "CUDAExecutionProvider",
            ExecutionProvider.TensorRT => "TensorrtExecutionProvider",
            ExecutionProvider.Cpu => "CPUExecutionProvider",
            _ => string.Empty,
        };
    }

    /// <summary>The provider that was requested.</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>ONNX Runtime's name of the requested provider (for example <c>CUDAExecutionProvider</c>, or the
    /// <see cref="OnnxRuntimeOptions.RequiredProvider"/>); empty when unknown.</summary>
    public string ProviderName { get; }
}

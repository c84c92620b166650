namespace Phase.Neural.OnnxRuntime;

/// <summary>
/// The requested execution provider (CUDA, TensorRT) cannot be used with the loaded ONNX Runtime on this machine and
/// <see cref="OnnxRuntimeOptions.AllowFallbackToCpu"/> is off. The message names the provider, ONNX Runtime's reason
/// and what to install.
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
    public OnnxRuntimeProviderUnavailableException(ExecutionProvider provider, string message, Exception? innerException = null)
        : base((innerException as OnnxRuntimeException)?.ErrorCode ?? OnnxRuntimeErrorCode.Fail, message, innerException)
    {
        Provider = provider;
    }

    /// <summary>The provider that was requested.</summary>
    public ExecutionProvider Provider { get; }
}

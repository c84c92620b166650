namespace Phase.Neural.OnnxRuntime;

/// <summary>
/// The native ONNX Runtime library could not be loaded. Phase.Neural references only the managed API
/// (<c>Microsoft.ML.OnnxRuntime.Managed</c>); the application must add one native package: <c>Microsoft.ML.OnnxRuntime</c>
/// (CPU) or <c>Microsoft.ML.OnnxRuntime.Gpu</c> (CUDA, TensorRT), version 1.32.0. The message says so and carries the
/// loader's error.
/// </summary>
public sealed class OnnxRuntimeNotFoundException : DllNotFoundException
{
    /// <summary>Creates the exception with the standard explanation.</summary>
    public OnnxRuntimeNotFoundException()
        : this(OnnxRuntimeErrors.NotFoundMessage(null))
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed and how to fix it.</param>
    public OnnxRuntimeNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed and how to fix it.</param>
    /// <param name="innerException">The loader's error.</param>
    public OnnxRuntimeNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

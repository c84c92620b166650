namespace Phase.Neural.OnnxRuntime;

/// <summary>An error reported by ONNX Runtime; <see cref="Exception.Message"/> includes ONNX Runtime's own message.</summary>
public class OnnxRuntimeException : Exception
{
    /// <summary>Creates an exception with no ONNX Runtime code (<see cref="OnnxRuntimeErrorCode.Fail"/>).</summary>
    public OnnxRuntimeException()
        : this("ONNX Runtime failed.")
    {
    }

    /// <summary>Creates an exception with a message and <see cref="OnnxRuntimeErrorCode.Fail"/>.</summary>
    /// <param name="message">What went wrong.</param>
    public OnnxRuntimeException(string message)
        : this(OnnxRuntimeErrorCode.Fail, message)
    {
    }

    /// <summary>Creates an exception with a message, <see cref="OnnxRuntimeErrorCode.Fail"/> and an inner exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public OnnxRuntimeException(string message, Exception? innerException)
        : this(OnnxRuntimeErrorCode.Fail, message, innerException)
    {
    }

    /// <summary>Creates an exception for an ONNX Runtime status.</summary>
    /// <param name="errorCode">ONNX Runtime's error code.</param>
    /// <param name="message">What went wrong, including ONNX Runtime's message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public OnnxRuntimeException(OnnxRuntimeErrorCode errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>ONNX Runtime's error code (<c>OrtErrorCode</c>).</summary>
    public OnnxRuntimeErrorCode ErrorCode { get; }
}

namespace Phase.Neural.OnnxRuntime;

/// <summary>ONNX Runtime's error codes (<c>OrtErrorCode</c> in <c>onnxruntime_c_api.h</c>), same numeric values.</summary>
public enum OnnxRuntimeErrorCode
{
    /// <summary>No error (never carried by an exception).</summary>
    Ok = 0,

    /// <summary>Generic failure, for example a provider library that could not be loaded.</summary>
    Fail = 1,

    /// <summary>An argument ONNX Runtime rejected: unknown input name, shape that does not fit the graph, ...</summary>
    InvalidArgument = 2,

    /// <summary>The model file does not exist.</summary>
    NoSuchFile = 3,

    /// <summary>No model loaded.</summary>
    NoModel = 4,

    /// <summary>Error inside an execution provider's engine.</summary>
    EngineError = 5,

    /// <summary>Exception thrown inside ONNX Runtime, for example by a kernel.</summary>
    RuntimeException = 6,

    /// <summary>The model bytes are not a valid ONNX protobuf (corrupt or truncated file).</summary>
    InvalidProtobuf = 7,

    /// <summary>A model was already loaded.</summary>
    ModelLoaded = 8,

    /// <summary>The operation is not implemented in this build (for example an operator or provider).</summary>
    NotImplemented = 9,

    /// <summary>The graph is invalid (type or shape inference failed, unknown operator, ...).</summary>
    InvalidGraph = 10,

    /// <summary>An execution provider failed.</summary>
    EpFail = 11,
}

namespace Phase.Neural.OnnxRuntime;

/// <summary>Element type of a model input or output (<c>ONNXTensorElementDataType</c>; same values as ONNX's
/// <c>TensorProto.DataType</c>).</summary>
public enum OnnxTensorElementType
{
    /// <summary>Unknown, or not a tensor.</summary>
    Undefined = 0,

    /// <summary>32-bit IEEE float (the only type <see cref="OnnxRuntimeSession.Run"/> takes).</summary>
    Float = 1,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 2,

    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 3,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 4,

    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 5,

    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 6,

    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 7,

    /// <summary>UTF-8 string.</summary>
    String = 8,

    /// <summary>Boolean.</summary>
    Bool = 9,

    /// <summary>IEEE half precision.</summary>
    Float16 = 10,

    /// <summary>64-bit IEEE float.</summary>
    Double = 11,

    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 12,

    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 13,

    /// <summary>Complex of two 32-bit floats.</summary>
    Complex64 = 14,

    /// <summary>Complex of two 64-bit floats.</summary>
    Complex128 = 15,

    /// <summary>bfloat16.</summary>
    BFloat16 = 16,
}

namespace Phase.Neural;

/// <summary>Which engine runs a neural model.</summary>
public enum NeuralBackend
{
    /// <summary>Managed SIMD inference in this assembly (the default): no native dependency, allocation-free per frame,
    /// runs only the shipped architectures.</summary>
    Managed,

    /// <summary>ONNX Runtime through its C API, with the CPU, CUDA or TensorRT execution provider (needs the native
    /// <c>onnxruntime</c> library; see docs/neural.md).</summary>
    OnnxRuntime,
}

namespace Phase.Neural;

/// <summary>Which engine runs a neural model.</summary>
public enum NeuralBackend
{
    /// <summary>Managed SIMD inference in this assembly (the default): no native dependency, allocation-free per frame,
    /// runs only the shipped architectures.</summary>
    Managed,

    /// <summary>ONNX Runtime (Microsoft.ML.OnnxRuntime.Managed 1.32.0) with the CPU, CUDA or TensorRT execution provider
    /// or the application's own SessionOptions; the application adds the native package, Microsoft.ML.OnnxRuntime (CPU)
    /// or Microsoft.ML.OnnxRuntime.Gpu (see docs/onnxruntime.md).</summary>
    OnnxRuntime,
}

namespace Phase.Neural.OnnxRuntime;

/// <summary>The ONNX Runtime execution provider an <see cref="OnnxRuntimeSession"/> runs its model on.</summary>
/// <remarks>
/// <see cref="Cpu"/> works with every ONNX Runtime build. <see cref="Cuda"/> and <see cref="TensorRT"/> need the GPU
/// build of the native library (NuGet package <c>Microsoft.ML.OnnxRuntime.Gpu</c>, which ships
/// <c>libonnxruntime_providers_cuda</c>, <c>libonnxruntime_providers_tensorrt</c> and
/// <c>libonnxruntime_providers_shared</c> next to <c>libonnxruntime</c>), an NVIDIA driver, and the CUDA, cuDNN
/// (and for TensorRT, TensorRT) libraries of the versions that ONNX Runtime release was built against.
/// See docs/onnxruntime.md.
/// </remarks>
public enum ExecutionProvider
{
    /// <summary>ONNX Runtime's own CPU kernels (<c>CPUExecutionProvider</c>); always available.</summary>
    Cpu = 0,

    /// <summary>NVIDIA CUDA (<c>CUDAExecutionProvider</c>), configured with a device id and an optional memory limit.</summary>
    Cuda = 1,

    /// <summary>
    /// NVIDIA TensorRT (<c>TensorrtExecutionProvider</c>), with CUDA registered after it for the nodes TensorRT does not
    /// take (the order ONNX Runtime recommends).
    /// </summary>
    TensorRT = 2,
}

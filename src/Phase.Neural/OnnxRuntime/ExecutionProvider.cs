namespace Phase.Neural.OnnxRuntime;

/// <summary>The ONNX Runtime execution provider an <see cref="OnnxRuntimeSession"/> runs its model on.</summary>
/// <remarks>
/// <see cref="Cpu"/> works with every ONNX Runtime build. <see cref="Cuda"/> and <see cref="TensorRT"/> need the GPU
/// build (NuGet package <c>Microsoft.ML.OnnxRuntime.Gpu</c> 1.32.0 in the application — never together with
/// <c>Microsoft.ML.OnnxRuntime</c>, whose CPU library would win), an NVIDIA driver, CUDA 13 and cuDNN 9 (and TensorRT
/// 10 for <see cref="TensorRT"/>). Any other provider: <see cref="Custom"/> with the application's own
/// <see cref="OnnxRuntimeOptions.SessionOptions"/>. See docs/onnxruntime.md.
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

    /// <summary>Whatever the application's <see cref="OnnxRuntimeOptions.SessionOptions"/> register (DirectML, CoreML,
    /// OpenVINO, ROCm, …); Phase registers nothing itself.</summary>
    Custom = 3,
}

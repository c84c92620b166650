namespace Phase.Neural.OnnxRuntime;

/// <summary>How an <see cref="OnnxRuntimeSession"/> loads ONNX Runtime and which execution provider it uses.</summary>
/// <remarks>Immutable; one instance may configure any number of sessions on any threads.</remarks>
public sealed record OnnxRuntimeOptions
{
    /// <summary>The execution provider to run on. Default <see cref="ExecutionProvider.Cpu"/>.</summary>
    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>CUDA device ordinal for <see cref="ExecutionProvider.Cuda"/> and <see cref="ExecutionProvider.TensorRT"/>
    /// (≥ 0). Ignored on the CPU. Default 0.</summary>
    public int DeviceId { get; init; }

    /// <summary>
    /// Upper bound, in bytes, of the CUDA memory arena (ONNX Runtime's <c>gpu_mem_limit</c>; &gt; 0), or
    /// <see langword="null"/> for ONNX Runtime's default (no limit). Used by <see cref="ExecutionProvider.Cuda"/> and by
    /// the CUDA provider registered behind <see cref="ExecutionProvider.TensorRT"/>.
    /// </summary>
    public long? GpuMemoryLimitBytes { get; init; }

    /// <summary>
    /// When the requested GPU provider cannot be used (CPU-only ONNX Runtime build, provider libraries, CUDA or cuDNN
    /// missing, no such device), run on the CPU instead of throwing <see cref="OnnxRuntimeProviderUnavailableException"/>.
    /// <see cref="OnnxRuntimeSession.ExecutionProvider"/> then says <c>"CPU"</c> and
    /// <see cref="OnnxRuntimeSession.FallbackReason"/> says why. Default <see langword="false"/>: an unavailable provider
    /// is an error, so a GPU deployment never silently runs on the CPU.
    /// </summary>
    public bool AllowFallbackToCpu { get; init; }

    /// <summary>
    /// Threads ONNX Runtime may use inside one operator (≥ 0; 0 lets ONNX Runtime choose, usually one per physical
    /// core). Default 1: the calling thread only, which gives the lowest and steadiest latency for the small per-frame
    /// networks of Phase and leaves the other cores to the caller.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// Full path of the native ONNX Runtime library (<c>libonnxruntime.so</c>, <c>libonnxruntime.dylib</c>,
    /// <c>onnxruntime.dll</c>) to load, or <see langword="null"/> to search for it (environment variable
    /// <c>PHASE_ONNXRUNTIME_PATH</c>, the application's <c>runtimes/&lt;rid&gt;/native</c>, the repository's
    /// <c>.tools/onnxruntime</c>, then the system loader path; see docs/onnxruntime.md). A process loads one ONNX
    /// Runtime: once loaded, a different path is an error.
    /// </summary>
    public string? LibraryPath { get; init; }

    /// <summary>
    /// Let ONNX Runtime print its own warnings to standard error. Default <see langword="false"/>: only fatal messages
    /// are printed, because every error already reaches the caller as an exception carrying ONNX Runtime's message.
    /// The first session of a process fixes the level (ONNX Runtime keeps one logging environment per process).
    /// </summary>
    public bool EnableNativeLogging { get; init; }
}

using Microsoft.ML.OnnxRuntime;

namespace Phase.Neural.OnnxRuntime;

/// <summary>How an <see cref="OnnxRuntimeSession"/> configures ONNX Runtime: the execution provider (Phase's choice
/// of CPU, CUDA or TensorRT, or the application's own <see cref="SessionOptions"/> for any other provider), the
/// fallback rule, threading and logging.</summary>
/// <remarks>
/// <para>Immutable; one instance may configure any number of sessions on any threads (gtnet creates one session per
/// stream, MCNN one per call).</para>
/// <para>Phase.Neural references only the managed package <c>Microsoft.ML.OnnxRuntime.Managed</c>; the application
/// chooses the native build by adding <c>Microsoft.ML.OnnxRuntime</c> (CPU) or <c>Microsoft.ML.OnnxRuntime.Gpu</c>
/// (CUDA, TensorRT), version 1.32.0. See docs/onnxruntime.md.</para>
/// </remarks>
public sealed record OnnxRuntimeOptions
{
    /// <summary>The execution provider Phase registers. Default <see cref="ExecutionProvider.Cpu"/>. Must be
    /// <see cref="ExecutionProvider.Custom"/> exactly when <see cref="SessionOptions"/> is set.</summary>
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
    /// When the requested provider cannot be used (CPU-only ONNX Runtime build, provider libraries, CUDA or cuDNN
    /// missing, no such device), run on the CPU instead of throwing <see cref="OnnxRuntimeProviderUnavailableException"/>.
    /// <see cref="OnnxRuntimeSession.ExecutionProvider"/> then says <c>"CPU"</c> and
    /// <see cref="OnnxRuntimeSession.FallbackReason"/> says why. Default <see langword="false"/>: an unavailable provider
    /// is an error, so a GPU deployment never silently runs on the CPU.
    /// </summary>
    public bool AllowFallbackToCpu { get; init; }

    /// <summary>
    /// Threads ONNX Runtime may use inside one operator (≥ 0; 0 lets ONNX Runtime choose, usually one per physical
    /// core). Default 1: the calling thread only, which gives the lowest and steadiest latency for the small per-frame
    /// networks of Phase and leaves the other cores to the caller. Not used with <see cref="SessionOptions"/> (set
    /// <c>IntraOpNumThreads</c> there).
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// Let ONNX Runtime print its own warnings to standard error. Default <see langword="false"/>: only fatal messages
    /// are printed, because every error already reaches the caller as an exception carrying ONNX Runtime's message.
    /// Applies to the sessions Phase configures and lowers the process-wide <see cref="OrtEnv"/> level to WARNING
    /// (ONNX Runtime logs why a provider library did not load, such as a missing <c>libcublasLt.so.13</c>, only
    /// there). Left false, the environment Phase creates logs FATAL only; one the application created stays as it is.
    /// </summary>
    public bool EnableNativeLogging { get; init; }

    /// <summary>
    /// The application's own session options, for any execution provider ONNX Runtime has (DirectML, CoreML, OpenVINO,
    /// ROCm, QNN, CUDA or TensorRT with options Phase does not expose, …), or <see langword="null"/> for Phase's own
    /// (see <see cref="Provider"/>). Set <see cref="Provider"/> to <see cref="ExecutionProvider.Custom"/> with it.
    /// </summary>
    /// <remarks>
    /// Phase uses the instance as given (it appends no provider and changes no setting) for every session it creates
    /// with these options, and never disposes it: the application owns it and must keep it alive (undisposed) as long
    /// as sessions may still be created from it (for gtnet, every new stream creates one). ONNX Runtime copies the
    /// options into each session, so one instance may serve many sessions on many threads. Name the provider in
    /// <see cref="RequiredProvider"/> to have Phase check that the loaded ONNX Runtime build has it.
    /// </remarks>
    public SessionOptions? SessionOptions { get; init; }

    /// <summary>
    /// With <see cref="SessionOptions"/>: the ONNX Runtime provider name the application's options register and the
    /// session must run on (for example <c>"DmlExecutionProvider"</c>, <c>"CoreMLExecutionProvider"</c>,
    /// <c>"OpenVINOExecutionProvider"</c>), or <see langword="null"/> to check nothing. When the loaded build does not
    /// list it (<see cref="OrtEnv.GetAvailableProviders"/>), the session creation throws
    /// <see cref="OnnxRuntimeProviderUnavailableException"/> explaining which build was loaded (or falls back to a
    /// plain CPU session when <see cref="AllowFallbackToCpu"/> is set).
    /// </summary>
    public string? RequiredProvider { get; init; }
}

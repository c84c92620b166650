using Microsoft.ML.OnnxRuntime;
using Phase.Neural.OnnxRuntime;
using Phase.Testing;
using Xunit.Abstractions;
using static Phase.Tests.OnnxRuntime.OnnxRuntimeTestEnvironment;
using OrtException = Microsoft.ML.OnnxRuntime.OnnxRuntimeException;
using PhaseOrtException = Phase.Neural.OnnxRuntime.OnnxRuntimeException;

namespace Phase.Tests.OnnxRuntime;

/// <summary>What Phase adds around Microsoft.ML.OnnxRuntime.Managed: error translation, the application's own
/// SessionOptions, the CPU-wins conflict, and pinned bindings. Oracles: the numpy outputs of Models/make_models.py.</summary>
public sealed class OnnxRuntimeLayerTests(ITestOutputHelper output)
{
    [Fact]
    public void A_missing_native_library_names_both_native_packages_and_the_version()
    {
        // What the managed package throws when the application references no native package.
        var loader = new TypeInitializationException("Microsoft.ML.OnnxRuntime.NativeMethods",
            new DllNotFoundException("Unable to load shared library 'onnxruntime' or one of its dependencies."));
        Exception e = OnnxRuntimeErrors.Translate(loader, "ignored");
        var notFound = Assert.IsType<OnnxRuntimeNotFoundException>(e);
        output.WriteLine(notFound.Message);
        Assert.Contains("Microsoft.ML.OnnxRuntime 1.32.0", notFound.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu 1.32.0", notFound.Message, StringComparison.Ordinal);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Managed", notFound.Message, StringComparison.Ordinal);
        Assert.Contains("Unable to load shared library 'onnxruntime'", notFound.Message, StringComparison.Ordinal);
        Assert.Same(loader, notFound.InnerException);
        Assert.IsAssignableFrom<DllNotFoundException>(notFound);
    }

    [Fact]
    public void Onnx_runtime_error_codes_are_carried_over()
    {
        // A real ONNX Runtime failure: bytes that are no ModelProto.
        OrtException ort = Assert.Throws<OrtException>(() => new InferenceSession(new byte[] { 1, 2, 3, 4 }));
        output.WriteLine(ort.Message);
        var e = Assert.IsType<PhaseOrtException>(OnnxRuntimeErrors.Translate(ort, "Loading"));
        Assert.Equal(OnnxRuntimeErrorCode.InvalidProtobuf, e.ErrorCode);
        Assert.StartsWith("Loading: ONNX Runtime error: ", e.Message, StringComparison.Ordinal);
        Assert.Same(ort, e.InnerException);
    }

    [Fact]
    public void The_cpu_package_has_no_cuda_entry_point_and_phase_turns_that_into_provider_unavailable()
    {
        // The fact the translation relies on: the CPU build lacks OrtSessionOptionsAppendExecutionProvider_CUDA.
        using (var raw = new SessionOptions())
        {
            Assert.Throws<EntryPointNotFoundException>(() => raw.AppendExecutionProvider_CUDA(0));
        }

        using var so = new SessionOptions();
        var e = Assert.Throws<OnnxRuntimeProviderUnavailableException>(() =>
            OnnxRuntimeSessionFactory.AppendProvider(so, new OnnxRuntimeOptions { Provider = ExecutionProvider.Cuda }));
        output.WriteLine(e.Message);
        Assert.Equal(ExecutionProvider.Cuda, e.Provider);
        Assert.Equal("CUDAExecutionProvider", e.ProviderName);
        Assert.IsType<EntryPointNotFoundException>(e.InnerException);
        Assert.Contains("no entry point for this provider", e.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA 13", e.Message, StringComparison.Ordinal);
        Assert.Contains("cuDNN 9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_loaded_build_lists_only_cpu_so_a_gpu_request_explains_the_cpu_wins_conflict()
    {
        IReadOnlyList<string> providers = OnnxRuntimeSession.GetAvailableProviders();
        output.WriteLine(string.Join(", ", providers));
        Assert.Contains("CPUExecutionProvider", providers);
        Assert.DoesNotContain("CUDAExecutionProvider", providers);
        var e = Assert.Throws<OnnxRuntimeProviderUnavailableException>(() =>
            new OnnxRuntimeSession(ModelPath("conv1d.onnx"), new OnnxRuntimeOptions { Provider = ExecutionProvider.TensorRT }));
        output.WriteLine(e.Message);
        Assert.Equal("TensorrtExecutionProvider", e.ProviderName);
        Assert.Contains("lists the providers CPUExecutionProvider", e.Message, StringComparison.Ordinal);
        Assert.Contains("CPU one silently won", e.Message, StringComparison.Ordinal);
        Assert.Contains("TensorRT 10", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_applications_own_session_options_are_used_as_given_and_not_disposed()
    {
        using var so = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        so.AppendExecutionProvider_CPU(0);
        var options = new OnnxRuntimeOptions { Provider = ExecutionProvider.Custom, SessionOptions = so };
        for (int i = 0; i < 2; i++)
        {
            using var session = new OnnxRuntimeSession(ModelPath("conv1d.onnx"), options);
            Assert.Equal(ExecutionProvider.Custom, session.ActiveProvider);
            Assert.Equal("custom", session.ExecutionProvider);
            RunConv1dAndCheck(session);
        }

        Assert.False(so.IsInvalid);
    }

    [Fact]
    public void A_required_provider_missing_from_the_build_is_an_error_or_a_cpu_fallback()
    {
        using var so = new SessionOptions();
        var options = new OnnxRuntimeOptions { Provider = ExecutionProvider.Custom, SessionOptions = so, RequiredProvider = "DmlExecutionProvider" };
        var e = Assert.Throws<OnnxRuntimeProviderUnavailableException>(() => new OnnxRuntimeSession(ModelPath("conv1d.onnx"), options));
        output.WriteLine(e.Message);
        Assert.Equal(ExecutionProvider.Custom, e.Provider);
        Assert.Equal("DmlExecutionProvider", e.ProviderName);
        Assert.Contains("The Dml execution provider (DmlExecutionProvider) was requested", e.Message, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", e.Message, StringComparison.Ordinal);
        Assert.Contains("AllowFallbackToCpu", e.Message, StringComparison.Ordinal);

        using var fallback = new OnnxRuntimeSession(ModelPath("conv1d.onnx"), options with { AllowFallbackToCpu = true });
        Assert.Equal("CPU", fallback.ExecutionProvider);
        Assert.Contains("DmlExecutionProvider", fallback.FallbackReason, StringComparison.Ordinal);
        RunConv1dAndCheck(fallback);

        using var listed = new OnnxRuntimeSession(ModelPath("conv1d.onnx"), options with { RequiredProvider = "CPUExecutionProvider" });
        Assert.Equal("CPUExecutionProvider", listed.ExecutionProvider);
    }

    [Fact]
    public void Custom_provider_and_session_options_must_come_together()
    {
        using var so = new SessionOptions();
        Assert.Throws<ArgumentException>("options", () => new OnnxRuntimeSession(ModelPath("conv1d.onnx"),
            new OnnxRuntimeOptions { Provider = ExecutionProvider.Custom }));
        var e = Assert.Throws<ArgumentException>("options", () => new OnnxRuntimeSession(ModelPath("conv1d.onnx"),
            new OnnxRuntimeOptions { SessionOptions = so }));
        Assert.Contains("ExecutionProvider.Custom", e.Message, StringComparison.Ordinal);
        var disposed = new SessionOptions();
        disposed.Dispose();
        Assert.Throws<ArgumentException>("options", () => new OnnxRuntimeSession(ModelPath("conv1d.onnx"),
            new OnnxRuntimeOptions { Provider = ExecutionProvider.Custom, SessionOptions = disposed }));
    }

    [Fact]
    public void A_binding_fills_pinned_inputs_in_place_and_runs_without_allocating()
    {
        var (x, xShape) = Npy("matmul_add.input.npy");       // [2, 4]
        var (expected, yShape) = Npy("matmul_add.expected.npy"); // [2, 3]
        using var session = new OnnxRuntimeSession(ModelPath("matmul_add.onnx"));
        using OnnxRuntimeBinding binding = session.CreateBinding();
        Assert.Throws<InvalidOperationException>(() => binding.Input(0));
        Span<float> input = binding.BindInput("x", xShape);
        Span<float> y = binding.BindOutput("y", yShape);
        Assert.Equal(8, input.Length);
        Assert.Equal(6, y.Length);
        x.CopyTo(input);
        long bytes = Allocations.Measure(binding.Run);
        Assert.Equal(0, bytes);
        AssertClose(expected, binding.Output(0).ToArray());

        // Same shape again: the same buffer, contents kept. A smaller batch reuses the buffer's front.
        Assert.Equal(x, binding.BindInput("x", xShape).ToArray());
        x.AsSpan(4, 4).CopyTo(binding.BindInput(0, [1, 4]));
        binding.BindOutput(0, [1, 3]);
        binding.Run();
        AssertClose(expected.AsSpan(3, 3).ToArray(), binding.Output(0).ToArray());

        // Shape checks as for Run.
        Assert.Throws<ArgumentException>("shape", () => binding.BindInput("x", [2, 5]));
        Assert.Throws<ArgumentException>("name", () => binding.BindInput("nope", [2, 4]));
    }

    [Fact]
    public void A_binding_with_an_input_left_unbound_fails_with_onnx_runtimes_reason_and_dies_with_its_session()
    {
        var session = new OnnxRuntimeSession(ModelPath("matmul_add.onnx"));
        OnnxRuntimeBinding binding = session.CreateBinding();
        binding.BindOutput("y", [2, 3]);
        var e = Assert.Throws<PhaseOrtException>(binding.Run);
        output.WriteLine(e.Message);
        Assert.StartsWith("Running the model failed: ONNX Runtime error:", e.Message, StringComparison.Ordinal);
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(binding.Run);
        binding.Dispose();
    }

    private static void RunConv1dAndCheck(OnnxRuntimeSession session)
    {
        var (x, xShape) = Npy("conv1d.input.npy");
        var (expected, yShape) = Npy("conv1d.expected.npy");
        var y = new float[expected.Length];
        session.Run("x", x, xShape, "y", y, yShape);
        AssertClose(expected, y);
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f, $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}

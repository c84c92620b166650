using Phase.Neural.OnnxRuntime;
using Phase.Testing;
using Xunit.Abstractions;
using static Phase.Tests.OnnxRuntime.OnnxRuntimeTestEnvironment;

namespace Phase.Tests.OnnxRuntime;

/// <summary>
/// ONNX Runtime through the C API against independent oracles: the expected outputs of the test models were computed by
/// numpy loops from the operator definitions (Models/make_models.py), never by ONNX Runtime or PyTorch.
/// </summary>
public sealed class OnnxRuntimeSessionTests(ITestOutputHelper output)
{
    // float32 network vs float64 loops over ≤ 12 products of O(1) numbers: the brief's bound, not loosened.
    private const float Tolerance = 1e-5f;

    [Fact]
    public void The_test_project_loads_the_cpu_package_1_32_and_describes_it()
    {
        Assert.True(OnnxRuntimeSession.IsAvailable(out string reason), reason);
        output.WriteLine(reason);
        Assert.Contains("ONNX Runtime 1.32.0", reason, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", reason, StringComparison.Ordinal);
        Assert.Contains("libonnxruntime", OnnxRuntimeSession.DescribeRuntime(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_the_runtime_version_file_and_cpu_provider()
    {
        using var session = new OnnxRuntimeSession(ModelPath("matmul_add.onnx"));
        output.WriteLine($"ONNX Runtime {session.RuntimeVersion} from {session.LibraryPath}");
        Assert.Matches(@"^\d+\.\d+\.\d+", session.RuntimeVersion);
        Assert.Equal("1.32.0", session.RuntimeVersion);
        Assert.True(File.Exists(session.LibraryPath), session.LibraryPath);
        Assert.Equal("CPU", session.ExecutionProvider);
        Assert.Equal(ExecutionProvider.Cpu, session.ActiveProvider);
        Assert.Null(session.FallbackReason);
        Assert.Contains("CPUExecutionProvider", OnnxRuntimeSession.GetAvailableProviders());
    }

    [Theory]
    [InlineData("matmul_add")]
    [InlineData("conv1d")]
    [InlineData("conv_transpose1d")]
    public void Output_matches_the_numpy_oracle(string model)
    {
        var (x, xShape) = Npy($"{model}.input.npy");
        var (expected, yShape) = Npy($"{model}.expected.npy");
        using var session = new OnnxRuntimeSession(ModelPath($"{model}.onnx"));
        var y = new float[expected.Length];
        session.Run("x", x, xShape, "y", y, yShape);
        AssertClose(expected, y);
    }

    [Fact]
    public void Session_from_bytes_runs_like_session_from_file()
    {
        var (x, xShape) = Npy("conv1d.input.npy");
        var (expected, yShape) = Npy("conv1d.expected.npy");
        byte[] bytes = File.ReadAllBytes(ModelPath("conv1d.onnx"));
        using var fromArray = new OnnxRuntimeSession(bytes);
        using var fromSpan = new OnnxRuntimeSession(new ReadOnlySpan<byte>(bytes));
        var a = new float[expected.Length];
        var b = new float[expected.Length];
        fromArray.Run("x", x, xShape, "y", a, yShape);
        fromSpan.Run("x", x, xShape, "y", b, yShape);
        AssertClose(expected, a);
        AssertClose(expected, b);
    }

    [Fact]
    public void Symbolic_batch_dimension_takes_any_size_and_shape_changes_rebind()
    {
        var (x, _) = Npy("matmul_add.input.npy");        // [2, 4]
        var (expected, _) = Npy("matmul_add.expected.npy"); // [2, 3]
        using var session = new OnnxRuntimeSession(ModelPath("matmul_add.onnx"));
        var y2 = new float[6];
        var y1 = new float[3];
        for (int round = 0; round < 2; round++)
        {
            session.Run("x", x, [2, 4], "y", y2, [2, 3]);
            AssertClose(expected, y2);

            // Second row alone: batch 1.
            session.Run("x", x.AsSpan(4, 4), [1, 4], "y", y1, [1, 3]);
            AssertClose(expected.AsSpan(3, 3).ToArray(), y1);
        }
    }

    [Fact]
    public void Names_shapes_and_element_types_are_read_from_the_model()
    {
        using var matmul = new OnnxRuntimeSession(ModelPath("matmul_add.onnx"));
        Assert.Equal(["x"], matmul.InputNames);
        Assert.Equal(["y"], matmul.OutputNames);
        var x = Assert.Single(matmul.Inputs);
        Assert.Equal(OnnxTensorElementType.Float, x.ElementType);
        Assert.Equal([-1L, 4L], x.Shape);
        Assert.Equal(["batch", ""], x.SymbolicDimensions);
        Assert.False(x.IsStatic);
        Assert.Equal("[batch, 4]", x.FormatShape());
        var y = Assert.Single(matmul.Outputs);
        Assert.Equal([-1L, 3L], y.Shape);
        Assert.Equal("batch", y.SymbolicDimensions[0]);

        using var conv = new OnnxRuntimeSession(ModelPath("conv_transpose1d.onnx"));
        Assert.Equal([1L, 4L, 10L], conv.Inputs[0].Shape);
        Assert.True(conv.Inputs[0].IsStatic);
        Assert.Equal([1L, 2L, 30L], conv.Outputs[0].Shape);
    }

    [Fact]
    public void Model_metadata_and_custom_metadata_map_are_read()
    {
        using var session = new OnnxRuntimeSession(ModelPath("matmul_add.onnx"));
        var m = session.Metadata;
        Assert.Equal("phase-tests", m.ProducerName);
        Assert.Equal("matmul_add", m.GraphName);
        Assert.Equal("ai.phase.tests", m.Domain);
        Assert.Equal("MatMul+Add test model", m.Description);
        Assert.Equal("y = x W + b for the Phase ONNX Runtime tests", m.GraphDescription);
        Assert.Equal(7, m.Version);
        Assert.Equal(3, m.CustomMetadata.Count);
        Assert.Equal("test-matmul-add", m.CustomMetadata["model_kind"]);
        Assert.Equal("16000", m.CustomMetadata["sample_rate"]);
        Assert.Equal("512", m.CustomMetadata["fft_size"]);

        using var exported = new OnnxRuntimeSession(ModelPath("conv1d.onnx"));
        Assert.Empty(exported.Metadata.CustomMetadata);
        Assert.Equal("pytorch", exported.Metadata.ProducerName);
    }

    [Fact]
    public void Corrupt_model_bytes_are_rejected_with_onnx_runtime_reason()
    {
        byte[] noise = new byte[512];
        new Random(5).NextBytes(noise);
        var e = Assert.Throws<OnnxRuntimeException>(() => new OnnxRuntimeSession(noise));
        output.WriteLine(e.Message);
        Assert.Contains("could not load the model", e.Message, StringComparison.Ordinal);
        Assert.Contains("ONNX Runtime error", e.Message, StringComparison.Ordinal);
        Assert.NotEqual(OnnxRuntimeErrorCode.Ok, e.ErrorCode);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    public void Truncated_model_is_rejected_from_bytes_and_from_file(double keep)
    {
        byte[] full = File.ReadAllBytes(ModelPath("conv1d.onnx"));
        byte[] truncated = full[..(int)(full.Length * keep)];
        var fromBytes = Assert.Throws<OnnxRuntimeException>(() => new OnnxRuntimeSession(truncated));
        output.WriteLine(fromBytes.Message);
        Assert.Contains("could not load the model", fromBytes.Message, StringComparison.Ordinal);

        string path = Path.Combine(Path.GetTempPath(), $"phase-truncated-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, truncated);
        try
        {
            var fromFile = Assert.Throws<OnnxRuntimeException>(() => new OnnxRuntimeSession(path));
            Assert.Contains(path, fromFile.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_file_and_empty_bytes_are_argument_errors()
    {
        Assert.Throws<FileNotFoundException>(() => new OnnxRuntimeSession(Path.Combine(Path.GetTempPath(), "no-such-model.onnx")));
        Assert.Throws<ArgumentException>("model", () => new OnnxRuntimeSession(ReadOnlySpan<byte>.Empty));
        Assert.Throws<ArgumentNullException>("model", () => new OnnxRuntimeSession((byte[])null!));
        Assert.ThrowsAny<ArgumentException>(() => new OnnxRuntimeSession("  "));
    }

    [Theory]
    [InlineData(-1, 1, null)]
    [InlineData(0, -1, null)]
    [InlineData(0, 1, 0L)]
    public void Out_of_range_options_are_rejected_before_loading(int deviceId, int threads, long? memoryLimit)
    {
        var options = new OnnxRuntimeOptions { DeviceId = deviceId, IntraOpThreads = threads, GpuMemoryLimitBytes = memoryLimit };
        var e = Assert.Throws<ArgumentException>("options", () => new OnnxRuntimeSession([1, 2, 3], options));
        output.WriteLine(e.Message);
    }

    [Fact]
    public void Unknown_names_are_rejected_naming_the_model_inputs_and_outputs()
    {
        using var session = new OnnxRuntimeSession(ModelPath("matmul_add.onnx"));
        var x = new float[8];
        var y = new float[6];
        var e = Assert.Throws<ArgumentException>("inputName", () => session.Run("input", x, [2, 4], "y", y, [2, 3]));
        Assert.Contains("'x'", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>("outputName", () => session.Run("x", x, [2, 4], "out", y, [2, 3]));
        Assert.Contains("'y'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shapes_that_contradict_the_model_or_the_span_are_rejected()
    {
        using var session = new OnnxRuntimeSession(ModelPath("matmul_add.onnx"));
        var x = new float[8];
        var y = new float[6];
        // Rank differs from the model's [batch, 4].
        var e = Assert.Throws<ArgumentException>("inputShape", () => session.Run("x", x, [8], "y", y, [2, 3]));
        output.WriteLine(e.Message);
        Assert.Contains("[batch, 4]", e.Message, StringComparison.Ordinal);
        // Fixed dimension differs.
        e = Assert.Throws<ArgumentException>("inputShape", () => session.Run("x", x, [4, 2], "y", y, [4, 3]));
        output.WriteLine(e.Message);
        // Element count differs from the span.
        e = Assert.Throws<ArgumentException>("inputShape", () => session.Run("x", x.AsSpan(0, 7), [2, 4], "y", y, [2, 3]));
        output.WriteLine(e.Message);
        e = Assert.Throws<ArgumentException>("outputShape", () => session.Run("x", x, [2, 4], "y", y.AsSpan(0, 5), [2, 3]));
        output.WriteLine(e.Message);
        // Negative dimension.
        Assert.Throws<ArgumentException>("inputShape", () => session.Run("x", x, [-2, 4], "y", y, [2, 3]));
    }

    [Fact]
    public void Output_shape_that_the_model_does_not_produce_is_an_onnx_runtime_error()
    {
        using var session = new OnnxRuntimeSession(ModelPath("matmul_add.onnx"));
        var x = new float[8];
        var y = new float[9];
        // [3, 3] passes the declared [batch, 3], but batch 2 in gives batch 2 out.
        var e = Assert.Throws<OnnxRuntimeException>(() => session.Run("x", x, [2, 4], "y", y, [3, 3]));
        output.WriteLine(e.Message);
        Assert.Contains("Running the model", e.Message, StringComparison.Ordinal);

        // The session stays usable.
        var (xs, _) = Npy("matmul_add.input.npy");
        var (expected, _) = Npy("matmul_add.expected.npy");
        var good = new float[6];
        session.Run("x", xs, [2, 4], "y", good, [2, 3]);
        AssertClose(expected, good);
    }

    [Theory]
    [InlineData(ExecutionProvider.Cuda)]
    [InlineData(ExecutionProvider.TensorRT)]
    public void Unavailable_gpu_provider_is_a_clear_error_without_fallback(ExecutionProvider provider)
    {
        var options = new OnnxRuntimeOptions { Provider = provider, DeviceId = 0, GpuMemoryLimitBytes = 1L << 30 };
        OnnxRuntimeSession? session = null;
        try
        {
            session = new OnnxRuntimeSession(ModelPath("conv1d.onnx"), options);
        }
        catch (OnnxRuntimeProviderUnavailableException e)
        {
            output.WriteLine(e.Message);
            Assert.Equal(provider, e.Provider);
            string name = provider == ExecutionProvider.Cuda ? "CUDA" : "TensorRT";
            Assert.Contains($"The {name} execution provider (", e.Message, StringComparison.Ordinal);
            Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu 1.32.0", e.Message, StringComparison.Ordinal);
            Assert.Contains("CUDA 13", e.Message, StringComparison.Ordinal);
            Assert.Contains("cuDNN 9", e.Message, StringComparison.Ordinal);
            // The CPU package lists only CPU: the message explains the CPU-wins conflict and names the loaded build.
            Assert.Contains("CPU-only build", e.Message, StringComparison.Ordinal);
            Assert.Contains("both Microsoft.ML.OnnxRuntime (CPU) and Microsoft.ML.OnnxRuntime.Gpu", e.Message, StringComparison.Ordinal);
            Assert.Contains("ONNX Runtime 1.32.0 loaded from", e.Message, StringComparison.Ordinal);
            Assert.Contains("AllowFallbackToCpu", e.Message, StringComparison.Ordinal);
            return;
        }

        // Only on a machine whose ONNX Runtime has a working GPU provider: then it must really run there, correctly.
        using (session)
        {
            Assert.Equal(provider, session.ActiveProvider);
            RunConv1dAndCheck(session);
        }
    }

    [Theory]
    [InlineData(ExecutionProvider.Cuda)]
    [InlineData(ExecutionProvider.TensorRT)]
    public void Unavailable_gpu_provider_falls_back_to_cpu_when_allowed(ExecutionProvider provider)
    {
        var options = new OnnxRuntimeOptions { Provider = provider, AllowFallbackToCpu = true };
        using var session = new OnnxRuntimeSession(ModelPath("conv1d.onnx"), options);
        output.WriteLine($"{session.ExecutionProvider}: {session.FallbackReason}");
        if (session.ActiveProvider == ExecutionProvider.Cpu)
        {
            Assert.Equal("CPU", session.ExecutionProvider);
            Assert.NotNull(session.FallbackReason);
            Assert.Contains(provider == ExecutionProvider.Cuda ? "CUDA" : "TensorRT", session.FallbackReason, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(provider, session.ActiveProvider);
            Assert.Null(session.FallbackReason);
        }

        RunConv1dAndCheck(session);
    }

    [Theory]
    [InlineData("conv1d")]
    [InlineData("conv_transpose1d")]
    public void Run_allocates_nothing_after_the_first_call(string model)
    {
        var (x, xShape) = Npy($"{model}.input.npy");
        var (expected, yShape) = Npy($"{model}.expected.npy");
        using var session = new OnnxRuntimeSession(ModelPath($"{model}.onnx"));
        var y = new float[expected.Length];
        long bytes = Allocations.Measure(() => session.Run("x", x, xShape, "y", y, yShape));
        Assert.Equal(0, bytes);
        AssertClose(expected, y);
    }

    [Fact]
    public void Dispose_twice_is_safe_and_run_after_dispose_throws()
    {
        var session = new OnnxRuntimeSession(ModelPath("matmul_add.onnx"));
        session.Dispose();
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run("x", new float[8], [2, 4], "y", new float[6], [2, 3]));
        Assert.Equal("x", session.InputNames[0]);
    }

    [Fact]
    public void Sessions_left_to_the_finalizer_are_released_without_crashing()
    {
        for (int i = 0; i < 20; i++)
        {
            LeakOne();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // The runtime is still healthy afterwards.
        using var session = new OnnxRuntimeSession(ModelPath("conv1d.onnx"));
        RunConv1dAndCheck(session);

        static void LeakOne()
        {
            var s = new OnnxRuntimeSession(ModelPath("matmul_add.onnx"));
            s.Run("x", new float[8], [2, 4], "y", new float[6], [2, 3]);
        }
    }

    [Fact]
    public void A_run_while_another_is_in_progress_is_refused_not_raced()
    {
        using var session = new OnnxRuntimeSession(ModelPath("matmul_add.onnx"));
        var x = new float[8];
        var y = new float[6];
        // Stand in for a second thread inside Run: the guard flag is what a concurrent call would find set.
        var busy = typeof(OnnxRuntimeSession).GetField("_busy", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        busy.SetValue(session, 1);
        var e = Assert.Throws<InvalidOperationException>(() => session.Run("x", x, [2, 4], "y", y, [2, 3]));
        Assert.Contains("one session (or binding) per thread", e.Message, StringComparison.Ordinal);
        busy.SetValue(session, 0);
        session.Run("x", x, [2, 4], "y", y, [2, 3]);
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
            Assert.True(Math.Abs(expected[i] - actual[i]) <= Tolerance,
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R} (|diff| {Math.Abs(expected[i] - actual[i]):E2} > {Tolerance:E0})");
        }
    }
}

using System.Runtime.CompilerServices;

namespace Phase.Neural.OnnxRuntime;

/// <summary>(Legacy, for the old-vs-new benchmark only; deleted afterwards.) 
/// An ONNX model loaded into ONNX Runtime (through its C API, no managed ONNX Runtime package) on the CPU, CUDA or
/// TensorRT execution provider, run on float tensors the caller owns.
/// </summary>
/// <remarks>
/// <para>
/// <b>Native library.</b> The native ONNX Runtime (1.11 or later) is found as described on
/// LibraryPath and in docs/onnxruntime.md; if it is missing the constructor throws
/// <see cref="OnnxRuntimeNotFoundException"/> listing every place searched. <see cref="IsAvailable(out string)"/>
/// asks without throwing.
/// </para>
/// <para>
/// <b>Providers.</b> <see cref="OnnxRuntimeOptions.Provider"/> selects CPU, CUDA (device id, memory limit) or TensorRT
/// (device id; CUDA registered behind it). A GPU provider that cannot be used throws
/// <see cref="OnnxRuntimeProviderUnavailableException"/> naming the provider, ONNX Runtime's reason and the fix, unless
/// <see cref="OnnxRuntimeOptions.AllowFallbackToCpu"/> is set; then the session runs on the CPU and
/// <see cref="ExecutionProvider"/> says <c>"CPU"</c>.
/// </para>
/// <para>
/// <b>Run and allocation.</b> <see cref="Run"/> copies the input into a native buffer that an <c>OrtValue</c> created
/// once per (input, shape) wraps, runs the model into a pre-created output <c>OrtValue</c> over a second native buffer,
/// and copies the result out. After the first call with given shapes it allocates nothing on the managed heap (and the
/// tensors it passes are not re-created); ONNX Runtime's own arena allocations for intermediate tensors are reused
/// between runs. A call with new shapes re-creates that input's or output's buffer once.
/// The two copies cost O(elements), negligible next to the network for Phase's models.
/// </para>
/// <para>
/// <b>Thread-safety.</b> ONNX Runtime sessions allow concurrent runs, but this wrapper reuses its input and output
/// buffers, so one <see cref="OnnxRuntimeSession"/> runs one call at a time: a second thread calling <see cref="Run"/>
/// while one is in progress gets <see cref="InvalidOperationException"/> (detected, never a data race). Use one session
/// per thread (they may share the loaded library, which is process-wide). The properties are immutable and may be
/// read from any thread. <see cref="Dispose"/> must not race with <see cref="Run"/>; calling it twice is harmless.
/// </para>
/// </remarks>
internal sealed unsafe class LegacyOnnxRuntimeSession : IDisposable
{
    private const string CudaName = "CUDAExecutionProvider";
    private const string TensorRTName = "TensorrtExecutionProvider";

    private readonly OrtApi _api;
    private readonly OrtHandle _env;
    private readonly OrtHandle _session;
    private readonly OrtHandle _memoryInfo;
    private readonly NativeBuffer _nameBytes;
    private readonly nint[] _inputNamePointers;
    private readonly nint[] _outputNamePointers;
    private readonly TensorSlot?[] _inputSlots;
    private readonly TensorSlot?[] _outputSlots;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private int _busy;
    private int _disposed;

    /// <summary>Loads an ONNX model file.</summary>
    /// <param name="modelPath">Path of the <c>.onnx</c> file (external-data files are resolved next to it).</param>
    /// <param name="options">Library, provider and threading; <see langword="null"/> for the defaults (CPU, one
    /// thread).</param>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is empty, or an option is out of range.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="modelPath"/>.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The native ONNX Runtime library was not found.</exception>
    /// <exception cref="OnnxRuntimeProviderUnavailableException">The requested GPU provider cannot be used and fallback
    /// is off.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the model (corrupt, truncated, invalid graph,
    /// unsupported operator); the message carries ONNX Runtime's reason.</exception>
    public LegacyOnnxRuntimeSession(string modelPath, OnnxRuntimeOptions? options = null)
        : this(CreateFromPath(modelPath, options ?? new OnnxRuntimeOptions()))
    {
    }

    /// <summary>Loads an ONNX model from its serialized bytes.</summary>
    /// <param name="model">The <c>ModelProto</c> bytes (the content of an <c>.onnx</c> file).</param>
    /// <param name="options">Library, provider and threading; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="model"/> is empty, or an option is out of range.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The native ONNX Runtime library was not found.</exception>
    /// <exception cref="OnnxRuntimeProviderUnavailableException">The requested GPU provider cannot be used and fallback
    /// is off.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the model.</exception>
    public LegacyOnnxRuntimeSession(byte[] model, OnnxRuntimeOptions? options = null)
        : this(new ReadOnlySpan<byte>(model ?? throw new ArgumentNullException(nameof(model))), options)
    {
    }

    /// <summary>Loads an ONNX model from its serialized bytes (copied by ONNX Runtime; the span may be reused).</summary>
    /// <param name="model">The <c>ModelProto</c> bytes.</param>
    /// <param name="options">Library, provider and threading; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="model"/> is empty, or an option is out of range.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The native ONNX Runtime library was not found.</exception>
    /// <exception cref="OnnxRuntimeProviderUnavailableException">The requested GPU provider cannot be used and fallback
    /// is off.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the model.</exception>
    public LegacyOnnxRuntimeSession(ReadOnlySpan<byte> model, OnnxRuntimeOptions? options = null)
        : this(CreateFromBytes(model, options ?? new OnnxRuntimeOptions()))
    {
    }

    private LegacyOnnxRuntimeSession(Parts parts)
    {
        _api = parts.Runtime.Api;
        _env = parts.Env;
        _session = parts.Session;
        _memoryInfo = parts.MemoryInfo;
        RuntimeVersion = parts.Runtime.Version;
        LibraryPath = parts.Runtime.Path;
        ActiveProvider = parts.Active;
        FallbackReason = parts.FallbackReason;
        Inputs = parts.Inputs;
        Outputs = parts.Outputs;
        Metadata = parts.Metadata;
        _inputNames = parts.Inputs.Select(i => i.Name).ToArray();
        _outputNames = parts.Outputs.Select(o => o.Name).ToArray();
        InputNames = Array.AsReadOnly(_inputNames);
        OutputNames = Array.AsReadOnly(_outputNames);
        _inputSlots = new TensorSlot?[_inputNames.Length];
        _outputSlots = new TensorSlot?[_outputNames.Length];

        // Names as null-terminated UTF-8 in one native block, so Run passes pointers without encoding anything.
        byte[][] encoded = _inputNames.Concat(_outputNames).Select(OrtApi.Utf8Z).ToArray();
        _nameBytes = new NativeBuffer((nuint)encoded.Sum(e => e.Length));
        var pointers = new nint[encoded.Length];
        byte* cursor = (byte*)_nameBytes.Pointer;
        for (int i = 0; i < encoded.Length; i++)
        {
            encoded[i].CopyTo(new Span<byte>(cursor, encoded[i].Length));
            pointers[i] = (nint)cursor;
            cursor += encoded[i].Length;
        }

        _inputNamePointers = pointers[.._inputNames.Length];
        _outputNamePointers = pointers[_inputNames.Length..];
    }

    /// <summary>Names of the model's inputs, in graph order.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Names of the model's outputs, in graph order.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>Element type and declared shape of each input (−1 for dimensions fixed only at run time).</summary>
    public IReadOnlyList<OnnxTensorInfo> Inputs { get; }

    /// <summary>Element type and declared shape of each output.</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs { get; }

    /// <summary>The model's metadata (producer, graph name, version, custom <c>metadata_props</c>), read by ONNX
    /// Runtime.</summary>
    public OnnxModelMetadata Metadata { get; }

    /// <summary>
    /// The provider the session actually runs on: <c>"CPU"</c>, <c>"CUDA"</c> or <c>"TensorRT"</c>. <c>"CPU"</c> after a
    /// fallback (<see cref="FallbackReason"/> says why). With a GPU provider, ONNX Runtime may still place individual
    /// nodes the provider does not support on the CPU; this names the provider registered first.
    /// </summary>
    public string ExecutionProvider => ActiveProvider switch
    {
        OnnxRuntime.ExecutionProvider.Cuda => "CUDA",
        OnnxRuntime.ExecutionProvider.TensorRT => "TensorRT",
        _ => "CPU",
    };

    /// <summary>The provider the session actually runs on, as an enum (see <see cref="ExecutionProvider"/>).</summary>
    public ExecutionProvider ActiveProvider { get; }

    /// <summary>Why the requested GPU provider was not used when <see cref="OnnxRuntimeOptions.AllowFallbackToCpu"/>
    /// made the session fall back to the CPU; <see langword="null"/> when no fallback happened.</summary>
    public string? FallbackReason { get; }

    /// <summary>Version of the loaded ONNX Runtime, for example <c>"1.30.0"</c>.</summary>
    public string RuntimeVersion { get; }

    /// <summary>The native library file the process loaded ONNX Runtime from.</summary>
    public string LibraryPath { get; }

    /// <summary>
    /// Whether the native ONNX Runtime library can be found and loaded (searching as for a session without
    /// LibraryPath). Never throws.
    /// </summary>
    /// <param name="reason">On success the version and file (<c>"ONNX Runtime 1.30.0 at /path"</c>); otherwise what was
    /// searched and how to get the library.</param>
    /// <returns><see langword="true"/> when a session can load ONNX Runtime.</returns>
    public static bool IsAvailable(out string reason) => IsAvailable(null, out reason);

    /// <summary>Whether ONNX Runtime can be loaded from <paramref name="libraryPath"/> (or by searching, when null).
    /// Never throws.</summary>
    /// <param name="libraryPath">As LibraryPath.</param>
    /// <param name="reason">The version and file, or why it cannot be loaded.</param>
    /// <returns><see langword="true"/> when a session can load ONNX Runtime.</returns>
    public static bool IsAvailable(string? libraryPath, out string reason)
    {
        try
        {
            var loaded = OrtLibrary.Load(libraryPath);
            reason = $"ONNX Runtime {loaded.Version} at {loaded.Path}";
            return true;
        }
        catch (Exception e) when (e is OnnxRuntimeNotFoundException or InvalidOperationException or ArgumentException)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>
    /// The execution providers compiled into the ONNX Runtime build (<c>GetAvailableProviders</c>), for example
    /// <c>CUDAExecutionProvider</c>, <c>CPUExecutionProvider</c>. A listed GPU provider may still fail to load when
    /// its provider library, CUDA or cuDNN is missing.
    /// </summary>
    /// <param name="libraryPath">As LibraryPath.</param>
    /// <returns>The provider names, most preferred first.</returns>
    /// <exception cref="OnnxRuntimeNotFoundException">The native library was not found.</exception>
    public static IReadOnlyList<string> GetAvailableProviders(string? libraryPath = null) =>
        OrtLibrary.Load(libraryPath).Api.GetAvailableProviders();

    /// <summary>
    /// Runs the model on one float input and reads one float output: <paramref name="output"/> ← model(<paramref name="input"/>).
    /// </summary>
    /// <param name="inputName">One of <see cref="InputNames"/>.</param>
    /// <param name="input">The input tensor, row-major (last dimension contiguous), <c>∏ inputShape</c> elements.</param>
    /// <param name="inputShape">Its dimensions; fixed dimensions of the model's declared shape must match.</param>
    /// <param name="outputName">One of <see cref="OutputNames"/>.</param>
    /// <param name="output">Receives the output tensor, row-major, <c>∏ outputShape</c> elements.</param>
    /// <param name="outputShape">The dimensions the model produces for this input (ONNX Runtime checks them).</param>
    /// <remarks>
    /// Allocation-free after the first call with the same shapes (see the class remarks); time is ONNX Runtime's
    /// run time plus two copies of O(elements). Not re-entrant on one session (see the class remarks).
    /// </remarks>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="ArgumentException">An unknown name; a shape whose rank or fixed dimensions differ from the
    /// model's, with a negative dimension, or whose element count differs from the span's length; a non-float input or
    /// output.</exception>
    /// <exception cref="InvalidOperationException">Another thread is running this session.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime failed, for example because the output shape is not the one
    /// the model computes or the model needs more inputs; the message carries ONNX Runtime's reason.</exception>
    public void Run(string inputName, ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape,
        string outputName, Span<float> output, ReadOnlySpan<long> outputShape)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        int i = IndexOf(_inputNames, inputName, nameof(inputName), "input");
        int o = IndexOf(_outputNames, outputName, nameof(outputName), "output");
        ValidateShape(Inputs[i], input.Length, inputShape, nameof(inputShape), "input");
        ValidateShape(Outputs[o], output.Length, outputShape, nameof(outputShape), "output");
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            ThrowConcurrent();
        }

        try
        {
            TensorSlot inSlot = GetSlot(_inputSlots, i, inputShape, input.Length);
            TensorSlot outSlot = GetSlot(_outputSlots, o, outputShape, output.Length);
            input.CopyTo(new Span<float>(inSlot.Data, input.Length));
            nint inName = _inputNamePointers[i];
            nint outName = _outputNamePointers[o];
            nint inValue = inSlot.ValueHandle;
            nint outValue = outSlot.ValueHandle;
            nint status = _api.Run(_session.DangerousGetHandle(), &inName, &inValue, 1, &outName, 1, &outValue);
            if (status != 0)
            {
                ThrowRunFailed(status, inputName, outputName);
            }

            new ReadOnlySpan<float>(outSlot.Data, output.Length).CopyTo(output);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Releases the native session, its tensors and buffers. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var slot in _inputSlots.Concat(_outputSlots))
        {
            slot?.Dispose();
        }

        _session.Dispose();
        _memoryInfo.Dispose();
        _nameBytes.Dispose();
        _env.Dispose();
    }

    private TensorSlot GetSlot(TensorSlot?[] slots, int index, ReadOnlySpan<long> shape, int elementCount)
    {
        TensorSlot? slot = slots[index];
        if (slot is not null && shape.SequenceEqual(slot.Shape))
        {
            return slot;
        }

        slots[index] = null;
        slot?.Dispose();
        slot = new TensorSlot(_api, _memoryInfo.DangerousGetHandle(), shape.ToArray(), elementCount);
        slots[index] = slot;
        return slot;
    }

    private static int IndexOf(string[] names, string name, string parameter, string kind)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        for (int k = 0; k < names.Length; k++)
        {
            if (string.Equals(names[k], name, StringComparison.Ordinal))
            {
                return k;
            }
        }

        ThrowUnknownName(names, name, parameter, kind);
        return -1;
    }

    private static void ValidateShape(OnnxTensorInfo info, int length, ReadOnlySpan<long> shape, string parameter, string kind)
    {
        if (info.ElementType != OnnxTensorElementType.Float)
        {
            ThrowShape(parameter, $"the model's {kind} '{info.Name}' holds {info.ElementType}, but Run passes float tensors only");
        }

        long count = 1;
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] < 0)
            {
                ThrowShape(parameter, $"{kind} '{info.Name}' shape {Format(shape)} has a negative dimension; dimensions must be ≥ 0");
            }

            count = shape[d] > 0 && count > long.MaxValue / shape[d] ? long.MaxValue : count * shape[d];
        }

        // A declared rank of 0 means either a scalar or an unknown shape; ONNX Runtime checks those itself.
        if (info.Shape.Count > 0)
        {
            if (info.Shape.Count != shape.Length)
            {
                ThrowShape(parameter, $"the model's {kind} '{info.Name}' has rank {info.Shape.Count} {info.FormatShape()}, " +
                    $"but the shape given is {Format(shape)} (rank {shape.Length})");
            }

            for (int d = 0; d < shape.Length; d++)
            {
                long declared = info.Shape[d];
                if (declared >= 0 && declared != shape[d])
                {
                    ThrowShape(parameter, $"the model's {kind} '{info.Name}' has shape {info.FormatShape()}, so dimension {d} " +
                        $"must be {declared}; the shape given is {Format(shape)}");
                }
            }
        }

        if (count != length)
        {
            ThrowShape(parameter, $"{kind} '{info.Name}' shape {Format(shape)} holds {count} elements, " +
                $"but the {kind} span has {length}");
        }
    }

    private static string Format(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (int d = 0; d < shape.Length; d++)
        {
            parts[d] = shape[d].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + "]";
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShape(string parameter, string message) => throw new ArgumentException(message + ".", parameter);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnknownName(string[] names, string name, string parameter, string kind) =>
        throw new ArgumentException(
            $"The model has no {kind} named '{name}'; its {kind}s are: {string.Join(", ", names.Select(n => $"'{n}'"))}.",
            parameter);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowConcurrent() =>
        throw new InvalidOperationException(
            "OnnxRuntimeSession.Run was called while another call on the same session was running. A session reuses " +
            "its input and output buffers, so it runs one call at a time; use one session per thread.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowRunFailed(nint status, string inputName, string outputName) =>
        throw _api.ToException(status, $"Running the model ('{inputName}' → '{outputName}') failed");

    private static Parts CreateFromPath(string modelPath, OnnxRuntimeOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ValidateOptions(options);
        string full = Path.GetFullPath(modelPath);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"ONNX model file '{full}' does not exist.", full);
        }

        return Create(options, full, null, 0);
    }

    private static Parts CreateFromBytes(ReadOnlySpan<byte> model, OnnxRuntimeOptions options)
    {
        if (model.IsEmpty)
        {
            throw new ArgumentException("The model bytes are empty; pass the content of an .onnx file.", nameof(model));
        }

        ValidateOptions(options);
        fixed (byte* data = model)
        {
            return Create(options, null, data, (nuint)model.Length);
        }
    }

    private static void ValidateOptions(OnnxRuntimeOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
        {
            throw new ArgumentException(
                $"OnnxRuntimeOptions.Provider {(int)options.Provider} is not a provider; use Cpu, Cuda or TensorRT.", nameof(options));
        }

        if (options.DeviceId < 0)
        {
            throw new ArgumentException($"OnnxRuntimeOptions.DeviceId is {options.DeviceId}; it must be ≥ 0.", nameof(options));
        }

        if (options.GpuMemoryLimitBytes is <= 0)
        {
            throw new ArgumentException(
                $"OnnxRuntimeOptions.GpuMemoryLimitBytes is {options.GpuMemoryLimitBytes}; it must be > 0, or null for no limit.",
                nameof(options));
        }

        if (options.IntraOpThreads < 0)
        {
            throw new ArgumentException(
                $"OnnxRuntimeOptions.IntraOpThreads is {options.IntraOpThreads}; it must be ≥ 0 (0 lets ONNX Runtime choose).",
                nameof(options));
        }
    }

    /// <summary>Loads the library, creates environment, session (with provider and fallback) and reads its
    /// description. Everything created is released again if a later step throws.</summary>
    private static Parts Create(OnnxRuntimeOptions options, string? path, byte* data, nuint length)
    {
        var runtime = OrtLibrary.Load(null);
        OrtApi api = runtime.Api;
        OrtHandle? env = null;
        OrtHandle? memoryInfo = null;
        OrtHandle? session = null;
        try
        {
            byte[] logId = OrtApi.Utf8Z("Phase");
            nint e;
            fixed (byte* id = logId)
            {
                api.Check(api.CreateEnv(options.EnableNativeLogging ? OrtApi.LoggingWarning : OrtApi.LoggingFatal, id, out e),
                    "Creating the ONNX Runtime environment");
            }

            env = new OrtHandle(e, api.ReleaseFunction(OrtApi.Slot.ReleaseEnv));
            memoryInfo = new OrtHandle(api.CreateCpuMemoryInfo(), api.ReleaseFunction(OrtApi.Slot.ReleaseMemoryInfo));

            var active = options.Provider;
            string? fallbackReason = null;
            if (options.Provider == OnnxRuntime.ExecutionProvider.Cpu)
            {
                session = CreateSession(runtime, env, options, ExecutionProviderNone, path, data, length);
            }
            else
            {
                try
                {
                    session = CreateGpuSession(runtime, env, options, path, data, length);
                }
                catch (OnnxRuntimeProviderUnavailableException unavailable) when (options.AllowFallbackToCpu)
                {
                    fallbackReason = unavailable.Message;
                    active = OnnxRuntime.ExecutionProvider.Cpu;
                    session = CreateSession(runtime, env, options, ExecutionProviderNone, path, data, length);
                }
            }

            var inputs = ReadTensorInfos(api, session.DangerousGetHandle(), output: false);
            var outputs = ReadTensorInfos(api, session.DangerousGetHandle(), output: true);
            var metadata = ReadMetadata(api, session.DangerousGetHandle());
            return new Parts(runtime, env, session, memoryInfo, active, fallbackReason, inputs, outputs, metadata);
        }
        catch
        {
            session?.Dispose();
            memoryInfo?.Dispose();
            env?.Dispose();
            throw;
        }
    }

    // Marker for "no GPU provider" in CreateSession.
    private const OnnxRuntime.ExecutionProvider ExecutionProviderNone = OnnxRuntime.ExecutionProvider.Cpu;

    /// <summary>
    /// Creates the session with the GPU provider. A failure to register the provider is the provider's; a failure
    /// to create the session with it registered may be the provider's (device initialisation) or the model's, so the
    /// model is then tried on the CPU to tell which: if the CPU succeeds the provider is unavailable, otherwise the
    /// CPU's error (the model's problem) is thrown.
    /// </summary>
    private static OrtHandle CreateGpuSession(OrtLibrary.Loaded runtime, OrtHandle env, OnnxRuntimeOptions options,
        string? path, byte* data, nuint length)
    {
        try
        {
            return CreateSession(runtime, env, options, options.Provider, path, data, length);
        }
        catch (OnnxRuntimeException gpuError) when (gpuError is not OnnxRuntimeProviderUnavailableException)
        {
            // Throws the model's error if the CPU fails as well.
            using OrtHandle cpu = CreateSession(runtime, env, options, ExecutionProviderNone, path, data, length);
            throw Unavailable(runtime, options.Provider, gpuError);
        }
    }

    private static OrtHandle CreateSession(OrtLibrary.Loaded runtime, OrtHandle env, OnnxRuntimeOptions options,
        ExecutionProvider gpu, string? path, byte* data, nuint length)
    {
        OrtApi api = runtime.Api;
        api.CreateSessionOptions(out nint so);
        using var sessionOptions = new OrtHandle(so, api.ReleaseFunction(OrtApi.Slot.ReleaseSessionOptions));
        api.SetIntraOpNumThreads(so, options.IntraOpThreads);
        api.SetInterOpNumThreads(so, 1);
        api.SetSessionGraphOptimizationLevel(so, OrtApi.GraphOptimizationAll);
        if (gpu == OnnxRuntime.ExecutionProvider.TensorRT)
        {
            AppendTensorRT(runtime, so, options);
            AppendCuda(runtime, so, options, OnnxRuntime.ExecutionProvider.TensorRT);
        }
        else if (gpu == OnnxRuntime.ExecutionProvider.Cuda)
        {
            AppendCuda(runtime, so, options, OnnxRuntime.ExecutionProvider.Cuda);
        }

        nint status;
        nint s;
        if (path is not null)
        {
            // ORTCHAR_T is wchar_t (UTF-16) on Windows and char (UTF-8) elsewhere.
            if (OperatingSystem.IsWindows())
            {
                fixed (char* p = path)
                {
                    status = api.CreateSession(env.DangerousGetHandle(), p, so, out s);
                }
            }
            else
            {
                fixed (byte* p = OrtApi.Utf8Z(path))
                {
                    status = api.CreateSession(env.DangerousGetHandle(), p, so, out s);
                }
            }
        }
        else
        {
            status = api.CreateSessionFromArray(env.DangerousGetHandle(), data, length, so, out s);
        }

        string where = gpu == OnnxRuntime.ExecutionProvider.Cpu ? "CPU" : gpu.ToString();
        api.Check(status, path is not null
            ? $"ONNX Runtime could not load the model '{path}' ({where})"
            : $"ONNX Runtime could not load the model from {length} bytes ({where})");
        return new OrtHandle(s, api.ReleaseFunction(OrtApi.Slot.ReleaseSession), env);
    }

    private static void AppendCuda(OrtLibrary.Loaded runtime, nint sessionOptions, OnnxRuntimeOptions options, ExecutionProvider requested)
    {
        RequireCompiledIn(runtime, requested, CudaName);
        var entries = new List<KeyValuePair<string, string>>
        {
            new("device_id", options.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (options.GpuMemoryLimitBytes is long limit)
        {
            entries.Add(new("gpu_mem_limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        AppendProvider(runtime, sessionOptions, requested, "CUDA",
            OrtApi.Slot.CreateCUDAProviderOptions, OrtApi.Slot.UpdateCUDAProviderOptions,
            OrtApi.Slot.SessionOptionsAppendExecutionProvider_CUDA_V2, OrtApi.Slot.ReleaseCUDAProviderOptions, entries);
    }

    private static void AppendTensorRT(OrtLibrary.Loaded runtime, nint sessionOptions, OnnxRuntimeOptions options)
    {
        RequireCompiledIn(runtime, OnnxRuntime.ExecutionProvider.TensorRT, TensorRTName);
        var entries = new List<KeyValuePair<string, string>>
        {
            new("device_id", options.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        AppendProvider(runtime, sessionOptions, OnnxRuntime.ExecutionProvider.TensorRT, "TensorRT",
            OrtApi.Slot.CreateTensorRTProviderOptions, OrtApi.Slot.UpdateTensorRTProviderOptions,
            OrtApi.Slot.SessionOptionsAppendExecutionProvider_TensorRT_V2, OrtApi.Slot.ReleaseTensorRTProviderOptions, entries);
    }

    /// <summary>Create{X}ProviderOptions → Update{X}ProviderOptions(keys, values) → SessionOptionsAppendExecutionProvider_{X}_V2
    /// → Release{X}ProviderOptions (ONNX Runtime copies the options when appending). Any failure means the provider
    /// cannot be used.</summary>
    private static void AppendProvider(OrtLibrary.Loaded runtime, nint sessionOptions, ExecutionProvider requested, string label,
        int create, int update, int append, int release, IReadOnlyList<KeyValuePair<string, string>> entries)
    {
        OrtApi api = runtime.Api;
        nint status = api.CreateProviderOptions(create, out nint providerOptions);
        if (status != 0)
        {
            throw Unavailable(runtime, requested, api.ToException(status, $"Create{label}ProviderOptions"));
        }

        using var handle = new OrtHandle(providerOptions, api.ReleaseFunction(release));
        status = api.UpdateProviderOptions(update, providerOptions, entries);
        if (status != 0)
        {
            throw Unavailable(runtime, requested, api.ToException(status,
                $"Update{label}ProviderOptions({string.Join(", ", entries.Select(e => $"{e.Key}={e.Value}"))})"));
        }

        status = api.AppendProvider(append, sessionOptions, providerOptions);
        if (status != 0)
        {
            throw Unavailable(runtime, requested, api.ToException(status, $"SessionOptionsAppendExecutionProvider_{label}_V2"));
        }
    }

    private static void RequireCompiledIn(OrtLibrary.Loaded runtime, ExecutionProvider requested, string providerName)
    {
        string[] available = runtime.Api.GetAvailableProviders();
        if (!available.Contains(providerName, StringComparer.Ordinal))
        {
            throw new OnnxRuntimeProviderUnavailableException(requested,
                $"The {Describe(requested)} execution provider was requested, but the ONNX Runtime {runtime.Version} loaded from " +
                $"'{runtime.Path}' was built without {providerName} (it has: {string.Join(", ", available)}). " + Fix(requested));
        }
    }

    private static OnnxRuntimeProviderUnavailableException Unavailable(OrtLibrary.Loaded runtime, ExecutionProvider requested,
        OnnxRuntimeException cause) =>
        new(requested,
            $"The {Describe(requested)} execution provider was requested, but the ONNX Runtime {runtime.Version} loaded from " +
            $"'{runtime.Path}' could not enable it: {cause.Message} " + Fix(requested), cause);

    private static string Describe(ExecutionProvider provider) => provider == OnnxRuntime.ExecutionProvider.TensorRT ? "TensorRT" : "CUDA";

    private static string Fix(ExecutionProvider provider)
    {
        string common =
            "To use it: load the GPU build of ONNX Runtime (NuGet package Microsoft.ML.OnnxRuntime.Gpu, or " +
            "Microsoft.ML.OnnxRuntime.Gpu.Linux / .Windows, version 1.11 or later), whose runtimes/<rid>/native folder " +
            "holds libonnxruntime together with libonnxruntime_providers_shared and libonnxruntime_providers_cuda" +
            (provider == OnnxRuntime.ExecutionProvider.TensorRT ? " and libonnxruntime_providers_tensorrt" : string.Empty) +
            "; install an NVIDIA driver and the CUDA runtime and cuDNN versions that ONNX Runtime release was built " +
            "against (CUDA 12.x with cuDNN 9.x for current releases; see " +
            "https://onnxruntime.ai/docs/execution-providers/CUDA-ExecutionProvider.html#requirements)";
        string trt = provider == OnnxRuntime.ExecutionProvider.TensorRT
            ? ", and the TensorRT libraries of the matching version (TensorRT 10.x for current releases; see " +
              "https://onnxruntime.ai/docs/execution-providers/TensorRT-ExecutionProvider.html#requirements)"
            : string.Empty;
        return common + trt + ", on the loader path (LD_LIBRARY_PATH or PATH); check DeviceId names an existing GPU. " +
            "Or set OnnxRuntimeOptions.AllowFallbackToCpu to run on the CPU instead.";
    }

    private static OnnxTensorInfo[] ReadTensorInfos(OrtApi api, nint session, bool output)
    {
        int count = (int)(output ? api.SessionGetOutputCount(session) : api.SessionGetInputCount(session));
        var infos = new OnnxTensorInfo[count];
        for (int k = 0; k < count; k++)
        {
            string name = api.SessionGetName(session, (nuint)k, output);
            using var typeInfo = new OrtHandle(api.SessionGetTypeInfo(session, (nuint)k, output),
                api.ReleaseFunction(OrtApi.Slot.ReleaseTypeInfo));
            nint t = typeInfo.DangerousGetHandle();
            if (api.GetOnnxTypeFromTypeInfo(t) != OrtApi.OnnxTypeTensor)
            {
                infos[k] = new OnnxTensorInfo(name, OnnxTensorElementType.Undefined, [], []);
                continue;
            }

            nint tensorInfo = api.CastTypeInfoToTensorInfo(t);
            var elementType = (OnnxTensorElementType)api.GetTensorElementType(tensorInfo);
            long[] dims = api.GetDimensions(tensorInfo, out string[] symbolic);
            infos[k] = new OnnxTensorInfo(name, elementType, Array.AsReadOnly(dims), Array.AsReadOnly(symbolic));
        }

        return infos;
    }

    private static OnnxModelMetadata ReadMetadata(OrtApi api, nint session)
    {
        using var handle = new OrtHandle(api.SessionGetModelMetadata(session), api.ReleaseFunction(OrtApi.Slot.ReleaseModelMetadata));
        nint m = handle.DangerousGetHandle();
        var custom = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string key in api.ModelMetadataGetCustomMetadataMapKeys(m))
        {
            custom[key] = api.ModelMetadataLookupCustomMetadataMap(m, key) ?? string.Empty;
        }

        return new OnnxModelMetadata(
            api.ModelMetadataGetString(m, OrtApi.Slot.ModelMetadataGetProducerName),
            api.ModelMetadataGetString(m, OrtApi.Slot.ModelMetadataGetGraphName),
            api.ModelMetadataGetString(m, OrtApi.Slot.ModelMetadataGetDomain),
            api.ModelMetadataGetString(m, OrtApi.Slot.ModelMetadataGetDescription),
            api.ModelMetadataGetString(m, OrtApi.Slot.ModelMetadataGetGraphDescription),
            api.ModelMetadataGetVersion(m),
            custom.AsReadOnly());
    }

    /// <summary>What <see cref="Create"/> built, handed to the private constructor.</summary>
    private sealed record Parts(
        OrtLibrary.Loaded Runtime,
        OrtHandle Env,
        OrtHandle Session,
        OrtHandle MemoryInfo,
        ExecutionProvider Active,
        string? FallbackReason,
        OnnxTensorInfo[] Inputs,
        OnnxTensorInfo[] Outputs,
        OnnxModelMetadata Metadata);

    /// <summary>A native float buffer and the <c>OrtValue</c> tensor over it, for one input or output and one shape.</summary>
    private sealed class TensorSlot : IDisposable
    {
        private readonly NativeBuffer _buffer;
        private readonly OrtHandle _value;

        public TensorSlot(OrtApi api, nint memoryInfo, long[] shape, int elementCount)
        {
            Shape = shape;
            nuint bytes = (nuint)elementCount * sizeof(float);
            _buffer = new NativeBuffer(bytes);
            nint status;
            nint value;
            fixed (long* s = shape)
            {
                status = api.CreateTensorWithDataAsOrtValue(memoryInfo, _buffer.Pointer, bytes, s, (nuint)shape.Length,
                    OrtApi.ElementFloat, out value);
            }

            if (status != 0)
            {
                _buffer.Dispose();
                throw api.ToException(status, "CreateTensorWithDataAsOrtValue");
            }

            // The tensor points into the buffer: the buffer is freed only after the tensor is released.
            _value = new OrtHandle(value, api.ReleaseFunction(OrtApi.Slot.ReleaseValue), _buffer);
            Data = (float*)_buffer.Pointer;
            ValueHandle = value;
        }

        public long[] Shape { get; }

        public float* Data { get; }

        public nint ValueHandle { get; }

        public void Dispose()
        {
            _value.Dispose();
            _buffer.Dispose();
        }
    }
}

using System.Runtime.CompilerServices;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Phase.Neural.OnnxRuntime;

/// <summary>
/// An ONNX model loaded into ONNX Runtime (<see cref="Ort.InferenceSession"/> of the managed package
/// <c>Microsoft.ML.OnnxRuntime.Managed</c>) with Phase's provider choice, fallback rule, exception translation and
/// shape checks, run on float tensors through pre-bound, pinned buffers (<see cref="OnnxRuntimeBinding"/>).
/// </summary>
/// <remarks>
/// <para>
/// <b>Native library.</b> The application supplies it by referencing <c>Microsoft.ML.OnnxRuntime</c> (CPU) or
/// <c>Microsoft.ML.OnnxRuntime.Gpu</c> (CUDA, TensorRT), version 1.32.0; without one the constructor throws
/// <see cref="OnnxRuntimeNotFoundException"/> saying so. <see cref="IsAvailable(out string)"/> asks without throwing,
/// <see cref="DescribeRuntime"/> names the loaded build and its providers.
/// </para>
/// <para>
/// <b>Providers.</b> <see cref="OnnxRuntimeOptions.Provider"/> selects CPU, CUDA (device id, memory limit), TensorRT
/// (device id; CUDA registered behind it) or <see cref="OnnxRuntime.ExecutionProvider.Custom"/> (the application's own
/// <see cref="OnnxRuntimeOptions.SessionOptions"/>, any provider). A provider that cannot be used — not listed by the
/// loaded build (the CPU-wins conflict), no entry point, CUDA/cuDNN libraries or device missing — throws
/// <see cref="OnnxRuntimeProviderUnavailableException"/> naming the provider, the loaded build and the fix, unless
/// <see cref="OnnxRuntimeOptions.AllowFallbackToCpu"/> is set; then the session runs on the CPU and
/// <see cref="ExecutionProvider"/> says <c>"CPU"</c>.
/// </para>
/// <para>
/// <b>Run and allocation.</b> <see cref="Run"/> copies the input into a pinned buffer bound once per (input, shape) to an
/// <see cref="Ort.OrtIoBinding"/>, runs the model (<see cref="Ort.InferenceSession.RunWithBinding"/>) into a pinned
/// output buffer bound the same way, and copies the result out. After the first call with given shapes it allocates
/// nothing on the managed heap; a call with new shapes re-binds that input or output once. For models with several
/// inputs or outputs, or to fill the input in place without the copies, use <see cref="CreateBinding"/>.
/// </para>
/// <para>
/// <b>Thread-safety.</b> One <see cref="Run"/> at a time per session (it reuses its binding): a second thread calling it
/// while one is in progress gets <see cref="InvalidOperationException"/> (detected, never a data race). Bindings from
/// <see cref="CreateBinding"/> may run concurrently, one thread per binding. The properties are immutable.
/// <see cref="Dispose"/> (which also disposes the session's bindings) must not race with a run; calling it twice is
/// harmless.
/// </para>
/// </remarks>
public sealed class OnnxRuntimeSession : IDisposable
{
    private readonly Ort.InferenceSession _session;
    private readonly List<OnnxRuntimeBinding> _bindings = [];
    private readonly Lock _bindingsLock = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly string? _customProviderName;
    private OnnxRuntimeBinding? _runBinding;
    private int _busy;
    private int _disposed;

    /// <summary>Loads an ONNX model file.</summary>
    /// <param name="modelPath">Path of the <c>.onnx</c> file (external-data files are resolved next to it).</param>
    /// <param name="options">Provider, fallback and threading; <see langword="null"/> for the defaults (CPU, one
    /// thread).</param>
    /// <exception cref="ArgumentException"><paramref name="modelPath"/> is empty, or an option is out of range.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="modelPath"/>.</exception>
    /// <exception cref="InvalidDataException"><paramref name="modelPath"/> is not a regular file (a directory, a device
    /// such as <c>/dev/zero</c>, a pipe, a growing file) or is over 2 GB.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The application has no native ONNX Runtime package.</exception>
    /// <exception cref="OnnxRuntimeProviderUnavailableException">The requested provider cannot be used and fallback
    /// is off.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the model (corrupt, truncated, invalid graph,
    /// unsupported operator); the message carries ONNX Runtime's reason.</exception>
    public OnnxRuntimeSession(string modelPath, OnnxRuntimeOptions? options = null)
        : this(LoadPath(modelPath), modelPath, options)
    {
    }

    /// <summary>Loads an ONNX model from its serialized bytes.</summary>
    /// <param name="model">The <c>ModelProto</c> bytes (the content of an <c>.onnx</c> file).</param>
    /// <param name="options">Provider, fallback and threading; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="model"/> is empty, or an option is out of range.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The application has no native ONNX Runtime package.</exception>
    /// <exception cref="OnnxRuntimeProviderUnavailableException">The requested provider cannot be used and fallback
    /// is off.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the model.</exception>
    public OnnxRuntimeSession(byte[] model, OnnxRuntimeOptions? options = null)
        : this(CheckBytes(model), null, options)
    {
    }

    /// <summary>Loads an ONNX model from its serialized bytes (copied; the span may be reused).</summary>
    /// <param name="model">The <c>ModelProto</c> bytes.</param>
    /// <param name="options">Provider, fallback and threading; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="model"/> is empty, or an option is out of range.</exception>
    /// <exception cref="OnnxRuntimeNotFoundException">The application has no native ONNX Runtime package.</exception>
    /// <exception cref="OnnxRuntimeProviderUnavailableException">The requested provider cannot be used and fallback
    /// is off.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejected the model.</exception>
    public OnnxRuntimeSession(ReadOnlySpan<byte> model, OnnxRuntimeOptions? options = null)
        : this(CheckBytes(model.IsEmpty ? [] : model.ToArray()), null, options)
    {
    }

    private OnnxRuntimeSession(byte[]? bytes, string? path, OnnxRuntimeOptions? options)
    {
        options ??= new OnnxRuntimeOptions();
        ValidateOptions(options);
        (_session, ActiveProvider, FallbackReason) = OnnxRuntimeSessionFactory.Create(bytes, path is null ? null : Path.GetFullPath(path), options);
        _customProviderName = options.RequiredProvider;
        try
        {
            _inputNames = [.. _session.InputNames];
            _outputNames = [.. _session.OutputNames];
            InputNames = Array.AsReadOnly(_inputNames);
            OutputNames = Array.AsReadOnly(_outputNames);
            Inputs = Array.AsReadOnly(_inputNames.Select(n => Describe(n, _session.InputMetadata[n])).ToArray());
            Outputs = Array.AsReadOnly(_outputNames.Select(n => Describe(n, _session.OutputMetadata[n])).ToArray());
            Ort.ModelMetadata m = _session.ModelMetadata;
            Metadata = new OnnxModelMetadata(m.ProducerName ?? string.Empty, m.GraphName ?? string.Empty, m.Domain ?? string.Empty,
                m.Description ?? string.Empty, m.GraphDescription ?? string.Empty, m.Version,
                new Dictionary<string, string>(m.CustomMetadataMap, StringComparer.Ordinal).AsReadOnly());
            RuntimeVersion = Ort.OrtEnv.Instance().GetVersionString();
        }
        catch
        {
            _session.Dispose();
            throw;
        }
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
    /// Runtime. The text is the file's, unescaped: escape it before printing it.</summary>
    public OnnxModelMetadata Metadata { get; }

    /// <summary>
    /// The provider the session runs on: <c>"CPU"</c>, <c>"CUDA"</c>, <c>"TensorRT"</c>, or for
    /// <see cref="OnnxRuntime.ExecutionProvider.Custom"/> the <see cref="OnnxRuntimeOptions.RequiredProvider"/> (or
    /// <c>"custom"</c> when none was named). <c>"CPU"</c> after a fallback (<see cref="FallbackReason"/> says why). ONNX
    /// Runtime may still place individual nodes a provider does not support on the CPU; this names the provider
    /// registered first.
    /// </summary>
    public string ExecutionProvider => ActiveProvider switch
    {
        OnnxRuntime.ExecutionProvider.Cuda => "CUDA",
        OnnxRuntime.ExecutionProvider.TensorRT => "TensorRT",
        OnnxRuntime.ExecutionProvider.Custom => _customProviderName ?? "custom",
        _ => "CPU",
    };

    /// <summary>The provider the session actually runs on, as an enum (see <see cref="ExecutionProvider"/>).</summary>
    public ExecutionProvider ActiveProvider { get; }

    /// <summary>Why the requested provider was not used when <see cref="OnnxRuntimeOptions.AllowFallbackToCpu"/> made
    /// the session fall back to the CPU; <see langword="null"/> when no fallback happened.</summary>
    public string? FallbackReason { get; }

    /// <summary>Version of the loaded native ONNX Runtime, for example <c>"1.32.0"</c>.</summary>
    public string RuntimeVersion { get; }

    /// <summary>The native library file the process loaded ONNX Runtime from (read from the process's module list;
    /// a note in parentheses when it cannot be told).</summary>
    public string LibraryPath => OnnxRuntimeErrors.LoadedLibraryPath();

    /// <summary>The underlying managed ONNX Runtime session, for what Phase does not wrap (profiling, other element
    /// types). Owned by this object: do not dispose it.</summary>
    public Ort.InferenceSession InferenceSession
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            return _session;
        }
    }


    /// <summary>Whether the native ONNX Runtime can be loaded. Never throws.</summary>
    /// <param name="reason">On success the build (<c>"ONNX Runtime 1.32.0 loaded from '…', which lists the providers
    /// …"</c>); otherwise why not and which package to add.</param>
    /// <returns><see langword="true"/> when a session can load ONNX Runtime.</returns>
    public static bool IsAvailable(out string reason)
    {
        try
        {
            reason = DescribeRuntime();
            return true;
        }
        catch (OnnxRuntimeNotFoundException e)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>
    /// The loaded ONNX Runtime build in one line: version, native file and the execution providers it lists — what to
    /// look at when a GPU provider is missing (a CPU-only build here means the CPU package won).
    /// </summary>
    /// <returns>For example <c>"ONNX Runtime 1.32.0 loaded from '/app/runtimes/linux-x64/native/libonnxruntime.so',
    /// which lists the providers CPUExecutionProvider"</c>.</returns>
    /// <exception cref="OnnxRuntimeNotFoundException">No native ONNX Runtime.</exception>
    public static string DescribeRuntime() => OnnxRuntimeErrors.DescribeBuild(OnnxRuntimeErrors.AvailableProviders());

    /// <summary>
    /// The execution providers compiled into the loaded ONNX Runtime build (<see cref="Ort.OrtEnv.GetAvailableProviders"/>),
    /// for example <c>CUDAExecutionProvider</c>, <c>CPUExecutionProvider</c>. A listed GPU provider may still fail to
    /// load when CUDA or cuDNN is missing.
    /// </summary>
    /// <returns>The provider names, most preferred first.</returns>
    /// <exception cref="OnnxRuntimeNotFoundException">No native ONNX Runtime.</exception>
    public static IReadOnlyList<string> GetAvailableProviders() => OnnxRuntimeErrors.AvailableProviders();

    /// <summary>Creates a binding: pinned input and output buffers bound once to the session, run with
    /// <see cref="OnnxRuntimeBinding.Run"/> without allocating. Disposed with the session at the latest.</summary>
    /// <returns>A new binding with nothing bound yet.</returns>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    public OnnxRuntimeBinding CreateBinding()
    {
        lock (_bindingsLock)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            var binding = new OnnxRuntimeBinding(this, _session);
            _bindings.Add(binding);
            return binding;
        }
    }

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
        ValidateShape(Inputs[i], inputShape, nameof(inputShape), "input", input.Length);
        ValidateShape(Outputs[o], outputShape, nameof(outputShape), "output", output.Length);
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            ThrowConcurrent();
        }

        try
        {
            _runBinding ??= CreateBinding();
            _runBinding.BindInput(i, inputShape);
            _runBinding.BindOutput(o, outputShape);
            input.CopyTo(_runBinding.Input(i));
            _runBinding.Run();
            _runBinding.Output(o).CopyTo(output);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Releases the session and every binding created from it. Idempotent.</summary>
    public void Dispose()
    {
        lock (_bindingsLock)
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            OnnxRuntimeBinding[] bindings = [.. _bindings];
            _bindings.Clear();
            foreach (OnnxRuntimeBinding binding in bindings)
            {
                binding.Dispose();
            }
        }

        _session.Dispose();
    }

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    internal void Forget(OnnxRuntimeBinding binding)
    {
        lock (_bindingsLock)
        {
            _bindings.Remove(binding);
        }
    }

    internal int InputIndex(string name, string parameter) => IndexOf(_inputNames, name, parameter, "input");

    internal int OutputIndex(string name, string parameter) => IndexOf(_outputNames, name, parameter, "output");

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="shape"/> fits the declared shape of
    /// <paramref name="info"/> (float, same rank, same fixed dimensions, no negative dimension) and, when
    /// <paramref name="length"/> ≥ 0, holds that many elements. Returns the element count.</summary>
    internal static long ValidateShape(OnnxTensorInfo info, ReadOnlySpan<long> shape, string parameter, string kind, long length = -1)
    {
        if (info.ElementType != OnnxTensorElementType.Float)
        {
            ThrowShape(parameter, $"the model's {kind} '{info.Name}' holds {info.ElementType}, but Phase passes float tensors only");
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

        if (length >= 0 && count != length)
        {
            ThrowShape(parameter, $"{kind} '{info.Name}' shape {Format(shape)} holds {count} elements, " +
                $"but the {kind} span has {length}");
        }

        if (count > Array.MaxLength)
        {
            ThrowShape(parameter, $"{kind} '{info.Name}' shape {Format(shape)} holds {count} elements, more than one buffer can hold");
        }

        return count;
    }

    internal static string Format(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (int d = 0; d < shape.Length; d++)
        {
            parts[d] = shape[d].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return "[" + string.Join(", ", parts) + "]";
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowConcurrent() =>
        throw new InvalidOperationException(
            "An ONNX Runtime run was started while another on the same session or binding was running. A session's Run " +
            "and a binding reuse their buffers, so they run one call at a time; use one session (or binding) per thread.");

    private static OnnxTensorInfo Describe(string name, Ort.NodeMetadata m)
    {
        if (!m.IsTensor)
        {
            return new OnnxTensorInfo(name, OnnxTensorElementType.Undefined, [], []);
        }

        long[] dims = m.Dimensions.Select(d => (long)d).ToArray();
        string[] symbolic = m.SymbolicDimensions is { Length: > 0 } s && s.Length == dims.Length
            ? s.Select(x => x ?? string.Empty).ToArray()
            : new string[dims.Length].Select(_ => string.Empty).ToArray();
        return new OnnxTensorInfo(name, (OnnxTensorElementType)(int)m.ElementDataType, Array.AsReadOnly(dims), Array.AsReadOnly(symbolic));
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

    private static byte[]? LoadPath(string modelPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);

        // A device, pipe or growing file is refused before ONNX Runtime reads it.
        Onnx.ModelFile.ThrowIfNotRegular(modelPath);
        return null;
    }

    private static byte[] CheckBytes(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Length == 0)
        {
            throw new ArgumentException("The model bytes are empty; pass the content of an .onnx file.", nameof(model));
        }

        return model;
    }

    private static void ValidateOptions(OnnxRuntimeOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
        {
            throw new ArgumentException(
                $"OnnxRuntimeOptions.Provider {(int)options.Provider} is not a provider; use Cpu, Cuda, TensorRT or Custom.", nameof(options));
        }

        if ((options.Provider == OnnxRuntime.ExecutionProvider.Custom) != (options.SessionOptions is not null))
        {
            throw new ArgumentException(options.SessionOptions is null
                ? "OnnxRuntimeOptions.Provider is Custom but no SessionOptions were given; pass the application's SessionOptions."
                : $"OnnxRuntimeOptions.SessionOptions were given with Provider {options.Provider}; set Provider = ExecutionProvider.Custom " +
                  "(Phase then registers no provider of its own and uses the application's options as they are).", nameof(options));
        }

        if (options.SessionOptions is { IsInvalid: true })
        {
            throw new ArgumentException("OnnxRuntimeOptions.SessionOptions has been disposed; keep it alive while sessions are created from it.", nameof(options));
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

        if (options.RequiredProvider is { } required && (required.Length == 0 || required.Any(char.IsControl)))
        {
            throw new ArgumentException("OnnxRuntimeOptions.RequiredProvider must be an ONNX Runtime provider name such as " +
                "\"DmlExecutionProvider\", or null.", nameof(options));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowShape(string parameter, string message) => throw new ArgumentException(message + ".", parameter);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnknownName(string[] names, string name, string parameter, string kind) =>
        throw new ArgumentException(
            $"The model has no {kind} named '{name}'; its {kind}s are: {string.Join(", ", names.Select(n => $"'{n}'"))}.",
            parameter);
}

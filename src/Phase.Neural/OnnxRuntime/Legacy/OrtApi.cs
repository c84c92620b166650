using System.Runtime.InteropServices;

namespace Phase.Neural.OnnxRuntime;

/// <summary>
/// The ONNX Runtime C API function table (<c>struct OrtApi</c>) obtained from <c>OrtGetApiBase()-&gt;GetApi(11)</c>,
/// called through unmanaged function pointers: no delegate, no marshalling stub, nothing allocated per call.
/// </summary>
/// <remarks>
/// <para>
/// <c>struct OrtApi</c> is a C struct of function pointers that only ever grows at its end, so a function's slot is
/// its zero-based position in the struct as declared in <c>include/onnxruntime/core/session/onnxruntime_c_api.h</c>
/// of microsoft/onnxruntime, the same in every release from the one that added it. Every slot used here exists from
/// API version 11 (ONNX Runtime 1.11; the CUDA V2 options arrived then), which is therefore the version requested: it
/// runs on every release from 1.11 to today's (1.30 answers versions 1–30 with the same table).
/// The indices, checked against the header, are the constants of <see cref="Slot"/>.
/// </para>
/// <para>
/// <c>ORT_API_CALL</c> is the platform's C calling convention (<c>__stdcall</c> on Windows, which is the default
/// convention there), which is what a plain <c>delegate* unmanaged</c> uses. Status-returning functions return
/// <c>OrtStatus*</c>: null means success; otherwise <see cref="Check(nint)"/> turns it into an
/// <see cref="OnnxRuntimeException"/> with ONNX Runtime's code and message and releases it.
/// </para>
/// <para>Thread-safety: the table is immutable; the functions are as thread-safe as ONNX Runtime documents them.</para>
/// </remarks>
internal sealed unsafe class OrtApi
{
    /// <summary>The <c>ORT_API_VERSION</c> requested from <c>GetApi</c>.</summary>
    public const uint ApiVersion = 11;

    private readonly nint* _table;

    public OrtApi(nint table)
    {
        _table = (nint*)table;
    }

    /// <summary>Zero-based slots in <c>struct OrtApi</c> (onnxruntime_c_api.h), named as in the header.</summary>
    internal static class Slot
    {
        public const int GetErrorCode = 1;
        public const int GetErrorMessage = 2;
        public const int CreateEnv = 3;
        public const int CreateSession = 7;
        public const int CreateSessionFromArray = 8;
        public const int Run = 9;
        public const int CreateSessionOptions = 10;
        public const int SetSessionGraphOptimizationLevel = 23;
        public const int SetIntraOpNumThreads = 24;
        public const int SetInterOpNumThreads = 25;
        public const int SessionGetInputCount = 30;
        public const int SessionGetOutputCount = 31;
        public const int SessionGetInputTypeInfo = 33;
        public const int SessionGetOutputTypeInfo = 34;
        public const int SessionGetInputName = 36;
        public const int SessionGetOutputName = 37;
        public const int CreateTensorWithDataAsOrtValue = 49;
        public const int CastTypeInfoToTensorInfo = 55;
        public const int GetOnnxTypeFromTypeInfo = 56;
        public const int GetTensorElementType = 60;
        public const int GetDimensionsCount = 61;
        public const int GetDimensions = 62;
        public const int GetSymbolicDimensions = 63;
        public const int CreateCpuMemoryInfo = 69;
        public const int AllocatorFree = 76;
        public const int GetAllocatorWithDefaultOptions = 78;
        public const int ReleaseEnv = 92;
        public const int ReleaseStatus = 93;
        public const int ReleaseMemoryInfo = 94;
        public const int ReleaseSession = 95;
        public const int ReleaseValue = 96;
        public const int ReleaseTypeInfo = 98;
        public const int ReleaseSessionOptions = 100;
        public const int SessionGetModelMetadata = 111;
        public const int ModelMetadataGetProducerName = 112;
        public const int ModelMetadataGetGraphName = 113;
        public const int ModelMetadataGetDomain = 114;
        public const int ModelMetadataGetDescription = 115;
        public const int ModelMetadataLookupCustomMetadataMap = 116;
        public const int ModelMetadataGetVersion = 117;
        public const int ReleaseModelMetadata = 118;
        public const int ModelMetadataGetCustomMetadataMapKeys = 123;
        public const int GetAvailableProviders = 125;
        public const int ReleaseAvailableProviders = 126;
        public const int ModelMetadataGetGraphDescription = 158;
        public const int SessionOptionsAppendExecutionProvider_TensorRT_V2 = 170;
        public const int CreateTensorRTProviderOptions = 171;
        public const int UpdateTensorRTProviderOptions = 172;
        public const int ReleaseTensorRTProviderOptions = 174;
        public const int SessionOptionsAppendExecutionProvider_CUDA_V2 = 204;
        public const int CreateCUDAProviderOptions = 205;
        public const int UpdateCUDAProviderOptions = 206;
        public const int ReleaseCUDAProviderOptions = 208;
    }

    // ONNXTensorElementDataType / ONNXType / OrtAllocatorType / OrtMemType / OrtLoggingLevel values used here.
    public const int ElementFloat = 1;
    public const int OnnxTypeTensor = 1;
    public const int ArenaAllocator = 1;
    public const int MemTypeDefault = 0;
    public const int LoggingWarning = 2;
    public const int LoggingFatal = 4;
    public const int GraphOptimizationAll = 99;

    private nint this[int slot] => _table[slot];

    /// <summary>Release functions (<c>void Release*(T*)</c>), for <see cref="OrtHandle"/>.</summary>
    public delegate* unmanaged<nint, void> ReleaseFunction(int slot) => (delegate* unmanaged<nint, void>)this[slot];

    /// <summary>Throws the <see cref="OnnxRuntimeException"/> a non-null <c>OrtStatus*</c> describes, releasing it.</summary>
    public void Check(nint status)
    {
        if (status != 0)
        {
            ThrowStatus(status, null);
        }
    }

    /// <summary>As <see cref="Check(nint)"/>, prefixing the message with what was being done.</summary>
    public void Check(nint status, string context)
    {
        if (status != 0)
        {
            ThrowStatus(status, context);
        }
    }

    /// <summary>Converts a non-null status into an exception (releasing the status) without throwing it.</summary>
    public OnnxRuntimeException ToException(nint status, string? context)
    {
        var code = (OnnxRuntimeErrorCode)((delegate* unmanaged<nint, int>)this[Slot.GetErrorCode])(status);
        string message = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint, nint>)this[Slot.GetErrorMessage])(status))
            ?.TrimEnd() ?? "(no message)";
        ((delegate* unmanaged<nint, void>)this[Slot.ReleaseStatus])(status);
        string text = context is null
            ? $"ONNX Runtime error {code}: {message}"
            : $"{context}: ONNX Runtime error {code}: {message}";
        return new OnnxRuntimeException(code, text);
    }

    private void ThrowStatus(nint status, string? context) => throw ToException(status, context);

    public nint CreateEnv(int logSeverity, byte* logId, out nint env)
    {
        nint e;
        nint s = ((delegate* unmanaged<int, byte*, nint*, nint>)this[Slot.CreateEnv])(logSeverity, logId, &e);
        env = e;
        return s;
    }

    public nint CreateSession(nint env, void* modelPath, nint options, out nint session)
    {
        nint o;
        nint s = ((delegate* unmanaged<nint, void*, nint, nint*, nint>)this[Slot.CreateSession])(env, modelPath, options, &o);
        session = o;
        return s;
    }

    public nint CreateSessionFromArray(nint env, void* data, nuint length, nint options, out nint session)
    {
        nint o;
        nint s = ((delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)this[Slot.CreateSessionFromArray])(
            env, data, length, options, &o);
        session = o;
        return s;
    }

    /// <summary><c>Run(session, run_options, input_names, inputs, input_len, output_names, output_names_len, outputs)</c>.</summary>
    public nint Run(nint session, nint* inputNames, nint* inputs, nuint inputCount, nint* outputNames, nuint outputCount, nint* outputs) =>
        ((delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)this[Slot.Run])(
            session, 0, inputNames, inputs, inputCount, outputNames, outputCount, outputs);

    public void CreateSessionOptions(out nint options)
    {
        nint o;
        Check(((delegate* unmanaged<nint*, nint>)this[Slot.CreateSessionOptions])(&o), "CreateSessionOptions");
        options = o;
    }

    public void SetSessionGraphOptimizationLevel(nint options, int level) =>
        Check(((delegate* unmanaged<nint, int, nint>)this[Slot.SetSessionGraphOptimizationLevel])(options, level),
            "SetSessionGraphOptimizationLevel");

    public void SetIntraOpNumThreads(nint options, int threads) =>
        Check(((delegate* unmanaged<nint, int, nint>)this[Slot.SetIntraOpNumThreads])(options, threads), "SetIntraOpNumThreads");

    public void SetInterOpNumThreads(nint options, int threads) =>
        Check(((delegate* unmanaged<nint, int, nint>)this[Slot.SetInterOpNumThreads])(options, threads), "SetInterOpNumThreads");

    public nuint SessionGetInputCount(nint session)
    {
        nuint n;
        Check(((delegate* unmanaged<nint, nuint*, nint>)this[Slot.SessionGetInputCount])(session, &n), "SessionGetInputCount");
        return n;
    }

    public nuint SessionGetOutputCount(nint session)
    {
        nuint n;
        Check(((delegate* unmanaged<nint, nuint*, nint>)this[Slot.SessionGetOutputCount])(session, &n), "SessionGetOutputCount");
        return n;
    }

    public nint SessionGetTypeInfo(nint session, nuint index, bool output)
    {
        nint info;
        int slot = output ? Slot.SessionGetOutputTypeInfo : Slot.SessionGetInputTypeInfo;
        Check(((delegate* unmanaged<nint, nuint, nint*, nint>)this[slot])(session, index, &info), "SessionGetTypeInfo");
        return info;
    }

    /// <summary>Name of input or output <paramref name="index"/>, copied to a managed string and freed.</summary>
    public string SessionGetName(nint session, nuint index, bool output)
    {
        nint allocator = GetAllocatorWithDefaultOptions();
        nint name;
        int slot = output ? Slot.SessionGetOutputName : Slot.SessionGetInputName;
        Check(((delegate* unmanaged<nint, nuint, nint, nint*, nint>)this[slot])(session, index, allocator, &name), "SessionGetName");
        return TakeString(allocator, name) ?? string.Empty;
    }

    public nint CreateTensorWithDataAsOrtValue(nint memoryInfo, void* data, nuint byteLength, long* shape, nuint rank, int elementType, out nint value)
    {
        nint v;
        nint s = ((delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)this[Slot.CreateTensorWithDataAsOrtValue])(
            memoryInfo, data, byteLength, shape, rank, elementType, &v);
        value = v;
        return s;
    }

    /// <summary>The tensor info inside a type info (owned by the type info; null when not a tensor).</summary>
    public nint CastTypeInfoToTensorInfo(nint typeInfo)
    {
        nint t;
        Check(((delegate* unmanaged<nint, nint*, nint>)this[Slot.CastTypeInfoToTensorInfo])(typeInfo, &t), "CastTypeInfoToTensorInfo");
        return t;
    }

    public int GetOnnxTypeFromTypeInfo(nint typeInfo)
    {
        int t;
        Check(((delegate* unmanaged<nint, int*, nint>)this[Slot.GetOnnxTypeFromTypeInfo])(typeInfo, &t), "GetOnnxTypeFromTypeInfo");
        return t;
    }

    public int GetTensorElementType(nint tensorInfo)
    {
        int t;
        Check(((delegate* unmanaged<nint, int*, nint>)this[Slot.GetTensorElementType])(tensorInfo, &t), "GetTensorElementType");
        return t;
    }

    public long[] GetDimensions(nint tensorInfo, out string[] symbolic)
    {
        nuint rank;
        Check(((delegate* unmanaged<nint, nuint*, nint>)this[Slot.GetDimensionsCount])(tensorInfo, &rank), "GetDimensionsCount");
        var dims = new long[(int)rank];
        var names = new nint[(int)rank];
        fixed (long* d = dims)
        fixed (nint* n = names)
        {
            if (rank > 0)
            {
                Check(((delegate* unmanaged<nint, long*, nuint, nint>)this[Slot.GetDimensions])(tensorInfo, d, rank), "GetDimensions");
                Check(((delegate* unmanaged<nint, nint*, nuint, nint>)this[Slot.GetSymbolicDimensions])(tensorInfo, n, rank),
                    "GetSymbolicDimensions");
            }
        }

        symbolic = new string[(int)rank];
        for (int i = 0; i < symbolic.Length; i++)
        {
            // Owned by the tensor info; copied, not freed.
            symbolic[i] = names[i] == 0 ? string.Empty : Marshal.PtrToStringUTF8(names[i]) ?? string.Empty;
        }

        return dims;
    }

    public nint CreateCpuMemoryInfo()
    {
        nint info;
        Check(((delegate* unmanaged<int, int, nint*, nint>)this[Slot.CreateCpuMemoryInfo])(ArenaAllocator, MemTypeDefault, &info),
            "CreateCpuMemoryInfo");
        return info;
    }

    public nint GetAllocatorWithDefaultOptions()
    {
        nint a;
        Check(((delegate* unmanaged<nint*, nint>)this[Slot.GetAllocatorWithDefaultOptions])(&a), "GetAllocatorWithDefaultOptions");
        return a;
    }

    /// <summary>Copies a UTF-8 string ONNX Runtime allocated with <paramref name="allocator"/>, then frees it.</summary>
    public string? TakeString(nint allocator, nint text)
    {
        if (text == 0)
        {
            return null;
        }

        string value = Marshal.PtrToStringUTF8(text) ?? string.Empty;
        Check(((delegate* unmanaged<nint, nint, nint>)this[Slot.AllocatorFree])(allocator, text), "AllocatorFree");
        return value;
    }

    public void Free(nint allocator, nint block) =>
        Check(((delegate* unmanaged<nint, nint, nint>)this[Slot.AllocatorFree])(allocator, block), "AllocatorFree");

    public nint SessionGetModelMetadata(nint session)
    {
        nint m;
        Check(((delegate* unmanaged<nint, nint*, nint>)this[Slot.SessionGetModelMetadata])(session, &m), "SessionGetModelMetadata");
        return m;
    }

    /// <summary>One of the string getters <c>ModelMetadataGet*(metadata, allocator, char** value)</c>.</summary>
    public string ModelMetadataGetString(nint metadata, int slot)
    {
        nint allocator = GetAllocatorWithDefaultOptions();
        nint value;
        Check(((delegate* unmanaged<nint, nint, nint*, nint>)this[slot])(metadata, allocator, &value), "ModelMetadataGet");
        return TakeString(allocator, value) ?? string.Empty;
    }

    public long ModelMetadataGetVersion(nint metadata)
    {
        long v;
        Check(((delegate* unmanaged<nint, long*, nint>)this[Slot.ModelMetadataGetVersion])(metadata, &v), "ModelMetadataGetVersion");
        return v;
    }

    public string? ModelMetadataLookupCustomMetadataMap(nint metadata, string key)
    {
        nint allocator = GetAllocatorWithDefaultOptions();
        byte[] k = Utf8Z(key);
        nint value;
        fixed (byte* kp = k)
        {
            Check(((delegate* unmanaged<nint, nint, byte*, nint*, nint>)this[Slot.ModelMetadataLookupCustomMetadataMap])(
                metadata, allocator, kp, &value), "ModelMetadataLookupCustomMetadataMap");
        }

        return TakeString(allocator, value);
    }

    public string[] ModelMetadataGetCustomMetadataMapKeys(nint metadata)
    {
        nint allocator = GetAllocatorWithDefaultOptions();
        nint keys;
        long count;
        Check(((delegate* unmanaged<nint, nint, nint*, long*, nint>)this[Slot.ModelMetadataGetCustomMetadataMapKeys])(
            metadata, allocator, &keys, &count), "ModelMetadataGetCustomMetadataMapKeys");
        if (keys == 0 || count <= 0)
        {
            return [];
        }

        // The strings and the pointer array are each allocated with the allocator and freed by the caller.
        var result = new string[count];
        for (long i = 0; i < count; i++)
        {
            result[i] = TakeString(allocator, ((nint*)keys)[i]) ?? string.Empty;
        }

        Free(allocator, keys);
        return result;
    }

    /// <summary>Names of the execution providers compiled into this ONNX Runtime build (not necessarily loadable).</summary>
    public string[] GetAvailableProviders()
    {
        nint list;
        int count;
        Check(((delegate* unmanaged<nint*, int*, nint>)this[Slot.GetAvailableProviders])(&list, &count), "GetAvailableProviders");
        var result = new string[count];
        for (int i = 0; i < count; i++)
        {
            result[i] = Marshal.PtrToStringUTF8(((nint*)list)[i]) ?? string.Empty;
        }

        Check(((delegate* unmanaged<nint, int, nint>)this[Slot.ReleaseAvailableProviders])(list, count), "ReleaseAvailableProviders");
        return result;
    }

    /// <summary><c>Create{CUDA,TensorRT}ProviderOptions</c>; returns the status (the caller maps a failure).</summary>
    public nint CreateProviderOptions(int slot, out nint providerOptions)
    {
        nint o;
        nint s = ((delegate* unmanaged<nint*, nint>)this[slot])(&o);
        providerOptions = o;
        return s;
    }

    /// <summary><c>Update{CUDA,TensorRT}ProviderOptions(options, keys, values, n)</c> with string keys and values.</summary>
    public nint UpdateProviderOptions(int slot, nint providerOptions, IReadOnlyList<KeyValuePair<string, string>> entries)
    {
        byte[][] keys = entries.Select(e => Utf8Z(e.Key)).ToArray();
        byte[][] values = entries.Select(e => Utf8Z(e.Value)).ToArray();
        var handles = new List<GCHandle>(2 * entries.Count);
        try
        {
            nint* k = stackalloc nint[entries.Count];
            nint* v = stackalloc nint[entries.Count];
            for (int i = 0; i < entries.Count; i++)
            {
                var hk = GCHandle.Alloc(keys[i], GCHandleType.Pinned);
                handles.Add(hk);
                var hv = GCHandle.Alloc(values[i], GCHandleType.Pinned);
                handles.Add(hv);
                k[i] = hk.AddrOfPinnedObject();
                v[i] = hv.AddrOfPinnedObject();
            }

            return ((delegate* unmanaged<nint, nint*, nint*, nuint, nint>)this[slot])(providerOptions, k, v, (nuint)entries.Count);
        }
        finally
        {
            foreach (var h in handles)
            {
                h.Free();
            }
        }
    }

    /// <summary><c>SessionOptionsAppendExecutionProvider_{CUDA,TensorRT}_V2(session_options, provider_options)</c>.</summary>
    public nint AppendProvider(int slot, nint sessionOptions, nint providerOptions) =>
        ((delegate* unmanaged<nint, nint, nint>)this[slot])(sessionOptions, providerOptions);

    /// <summary>Null-terminated UTF-8 bytes of <paramref name="text"/>.</summary>
    public static byte[] Utf8Z(string text)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(text) + 1];
        System.Text.Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}

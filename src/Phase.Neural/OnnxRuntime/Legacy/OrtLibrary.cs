using System.Runtime.InteropServices;

namespace Phase.Neural.OnnxRuntime;

/// <summary>
/// Finds, loads and verifies the native ONNX Runtime library once per process, and hands out its API table.
/// </summary>
/// <remarks>
/// <para>Search order (the first library that loads and exports <c>OrtGetApiBase</c> wins):</para>
/// <list type="number">
/// <item>LibraryPath, when set: only that file, an error if it does not load.</item>
/// <item>Environment variable <c>PHASE_ONNXRUNTIME_PATH</c> (a file, or a directory holding the library), when set:
/// only that, an error if it does not load.</item>
/// <item>The application directory's <c>runtimes/&lt;rid&gt;/native/</c> (where the Microsoft.ML.OnnxRuntime and
/// Microsoft.ML.OnnxRuntime.Gpu packages put the library for portable builds), for the current RID and its portable
/// RID, then the application directory itself (RID-specific builds copy the library there).</item>
/// <item><c>.tools/onnxruntime/</c> in the application directory or any ancestor (a Phase checkout after
/// <c>scripts/fetch-onnxruntime.sh</c>).</item>
/// <item>The operating system's loader search (<c>LD_LIBRARY_PATH</c>, <c>/usr/lib</c>, <c>PATH</c> on Windows...).</item>
/// </list>
/// <para>
/// This is the one piece of process-wide state in the ONNX Runtime layer, and it has to be: a native library is
/// loaded into the process, and ONNX Runtime keeps one environment per process. The first successful load is kept
/// (never unloaded); later requests for the same or an unspecified path reuse it, a request for a different file
/// throws. A failed search is not remembered, so fetching the library and trying again works. Thread-safe (a lock
/// guards the first load).
/// </para>
/// </remarks>
internal static unsafe class OrtLibrary
{
    /// <summary>Environment variable naming the native library (file or directory).</summary>
    public const string PathVariable = "PHASE_ONNXRUNTIME_PATH";

    private static readonly Lock Gate = new();
    private static Loaded? s_loaded;

    /// <summary>A loaded ONNX Runtime: API table, version string and the file it came from.</summary>
    internal sealed record Loaded(OrtApi Api, string Version, string Path, nint LibraryHandle);

    /// <summary>File names of the library on this operating system, most specific first.</summary>
    internal static string[] LibraryFileNames()
    {
        if (OperatingSystem.IsWindows())
        {
            return ["onnxruntime.dll"];
        }

        if (OperatingSystem.IsMacOS())
        {
            return ["libonnxruntime.dylib", "libonnxruntime.1.dylib"];
        }

        return ["libonnxruntime.so", "libonnxruntime.so.1"];
    }

    /// <summary>Loads (once) and returns ONNX Runtime, or throws <see cref="OnnxRuntimeNotFoundException"/>.</summary>
    /// <param name="explicitPath">LibraryPath, or null to search.</param>
    public static Loaded Load(string? explicitPath)
    {
        lock (Gate)
        {
            if (s_loaded is not null)
            {
                if (!string.IsNullOrWhiteSpace(explicitPath) && !SameFile(explicitPath, s_loaded.Path))
                {
                    // A path that does not exist is reported as such whether or not a library is already loaded.
                    if (!File.Exists(explicitPath))
                    {
                        throw NotFound(explicitPath, null, [$"{Path.GetFullPath(explicitPath)} (from OnnxRuntimeOptions.LibraryPath): no such file"]);
                    }

                    throw new InvalidOperationException(
                        $"ONNX Runtime {s_loaded.Version} is already loaded in this process from '{s_loaded.Path}'; " +
                        $"a process can load only one ONNX Runtime, so LibraryPath '{explicitPath}' cannot be used. " +
                        "Use the same LibraryPath for every session (or leave it null).");
                }

                return s_loaded;
            }

            var tried = new List<string>();
            Loaded? found = null;
            string? variable = Environment.GetEnvironmentVariable(PathVariable);
            var (candidates, searchSystem) = Candidates(explicitPath, variable, AppContext.BaseDirectory);
            foreach (var (path, source) in candidates)
            {
                found = TryLoad(path, source, tried);
                if (found is not null)
                {
                    break;
                }
            }

            if (found is null && searchSystem)
            {
                foreach (string name in LibraryFileNames())
                {
                    found = TryLoadFromSystem(name, tried);
                    if (found is not null)
                    {
                        break;
                    }
                }
            }

            if (found is null)
            {
                throw NotFound(explicitPath, variable, tried);
            }

            s_loaded = found;
            return found;
        }
    }

    /// <summary>
    /// The files to try, in order, each with the setting that named it (null for the default search), and whether the
    /// system loader is asked afterwards. An explicit path or the environment variable replaces the whole search.
    /// </summary>
    internal static (IReadOnlyList<(string Path, string? Source)> Files, bool SearchSystem) Candidates(
        string? explicitPath, string? variable, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return ([(Path.GetFullPath(explicitPath), "OnnxRuntimeOptions.LibraryPath")], false);
        }

        if (!string.IsNullOrWhiteSpace(variable))
        {
            string full = Path.GetFullPath(variable);
            return (Directory.Exists(full)
                ? LibraryFileNames().Select(n => (Path.Combine(full, n), (string?)PathVariable)).ToArray()
                : [(full, PathVariable)], false);
        }

        return (SearchPaths(baseDirectory).Select(p => (p, (string?)null)).ToArray(), true);
    }

    /// <summary>The file-system candidates of steps 3 and 4 of the search order, in order.</summary>
    internal static IEnumerable<string> SearchPaths(string baseDir)
    {
        var rids = new List<string> { RuntimeInformation.RuntimeIdentifier, PortableRid() };
        foreach (string rid in rids.Distinct(StringComparer.Ordinal))
        {
            foreach (string name in LibraryFileNames())
            {
                yield return Path.Combine(baseDir, "runtimes", rid, "native", name);
            }
        }

        foreach (string name in LibraryFileNames())
        {
            yield return Path.Combine(baseDir, name);
        }

        for (var dir = new DirectoryInfo(baseDir); dir is not null; dir = dir.Parent)
        {
            string tools = Path.Combine(dir.FullName, ".tools", "onnxruntime");
            if (Directory.Exists(tools))
            {
                foreach (string name in LibraryFileNames())
                {
                    yield return Path.Combine(tools, name);
                }

                break;
            }
        }
    }

    /// <summary>The portable RID NuGet uses for runtimes/ folders: linux-x64, osx-arm64, win-x64, ...</summary>
    private static string PortableRid()
    {
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        return $"{os}-{arch}";
    }

    private static Loaded? TryLoad(string path, string? source, List<string> tried)
    {
        string label = source is null ? path : $"{path} (from {source})";
        if (!File.Exists(path))
        {
            tried.Add($"{label}: no such file");
            return null;
        }

        nint handle;
        try
        {
            // Load, not TryLoad: its exception carries the loader's reason (missing dependency, wrong architecture).
            handle = NativeLibrary.Load(path);
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
        {
            tried.Add($"{label}: could not be loaded: {e.Message}");
            return null;
        }

        return Verify(handle, path, label, tried);
    }

    private static Loaded? TryLoadFromSystem(string name, List<string> tried)
    {
        if (!NativeLibrary.TryLoad(name, out nint handle))
        {
            tried.Add($"{name} on the system loader path: not found");
            return null;
        }

        return Verify(handle, name, name + " (system loader path)", tried);
    }

    private static Loaded? Verify(nint handle, string path, string label, List<string> tried)
    {
        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out nint getApiBase))
        {
            tried.Add($"{label}: loaded, but it does not export OrtGetApiBase (not ONNX Runtime)");
            NativeLibrary.Free(handle);
            return null;
        }

        // OrtApiBase { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }
        nint* apiBase = (nint*)((delegate* unmanaged<nint>)getApiBase)();
        if (apiBase is null)
        {
            tried.Add($"{label}: OrtGetApiBase returned null");
            NativeLibrary.Free(handle);
            return null;
        }

        string version = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>)apiBase[1])()) ?? "unknown";
        nint table = ((delegate* unmanaged<uint, nint>)apiBase[0])(OrtApi.ApiVersion);
        if (table == 0)
        {
            tried.Add($"{label}: ONNX Runtime {version} does not provide C API version {OrtApi.ApiVersion}; " +
                "Phase needs ONNX Runtime 1.11 or later");
            NativeLibrary.Free(handle);
            return null;
        }

        return new Loaded(new OrtApi(table), version, path, handle);
    }

    private static OnnxRuntimeNotFoundException NotFound(string? explicitPath, string? variable, List<string> tried)
    {
        string what = !string.IsNullOrWhiteSpace(explicitPath)
            ? $"The ONNX Runtime library given by OnnxRuntimeOptions.LibraryPath ('{explicitPath}') could not be used."
            : !string.IsNullOrWhiteSpace(variable)
                ? $"The ONNX Runtime library given by {PathVariable} ('{variable}') could not be used."
                : "The native ONNX Runtime library was not found.";
        string message = what + " Looked at, in order:" + Environment.NewLine +
            string.Join(Environment.NewLine, tried.Select(t => "  - " + t)) + Environment.NewLine +
            "To get it: reference the NuGet package Microsoft.ML.OnnxRuntime (CPU) or Microsoft.ML.OnnxRuntime.Gpu " +
            "(CUDA, TensorRT), which puts it under runtimes/<rid>/native in the application directory; or set " +
            $"{PathVariable} (or OnnxRuntimeOptions.LibraryPath) to the library file; or, in a Phase checkout, run " +
            "scripts/fetch-onnxruntime.sh, which downloads it into .tools/onnxruntime. See docs/onnxruntime.md.";
        return new OnnxRuntimeNotFoundException(message);
    }

    private static bool SameFile(string a, string b)
    {
        try
        {
            return string.Equals(Path.GetFullPath(a), Path.GetFullPath(b),
                OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

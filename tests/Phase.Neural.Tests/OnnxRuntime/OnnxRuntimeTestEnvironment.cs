using Phase.Neural.OnnxRuntime;

namespace Phase.Tests.OnnxRuntime;

/// <summary>Where the ONNX Runtime tests find their models, and whether a missing native library fails or skips them.</summary>
internal static class OnnxRuntimeTestEnvironment
{
    /// <summary>
    /// True in CI (<c>CI=true</c>, set by GitHub Actions and most CI systems) or when <c>PHASE_REQUIRE_ONNXRUNTIME=1</c>:
    /// then a missing ONNX Runtime makes the tests fail with the loader's explanation instead of skipping.
    /// </summary>
    public static bool Required =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        || Environment.GetEnvironmentVariable("PHASE_REQUIRE_ONNXRUNTIME") == "1";

    public static string ModelPath(string fileName) =>
        Path.Combine(Phase.Testing.Fixtures.RepositoryRoot, "tests", "Phase.Neural.Tests", "OnnxRuntime", "Models", fileName);

    public static (float[] Data, long[] Shape) Npy(string fileName) => NpyFile.ReadFloat32(ModelPath(fileName));
}

/// <summary>
/// A fact that needs the native ONNX Runtime. When the library cannot be loaded the test is reported as skipped with
/// the reason (where it looked, how to fetch it) — except when <see cref="OnnxRuntimeTestEnvironment.Required"/>
/// (CI), where it runs and fails loudly. The decision is made at discovery, when xunit constructs the attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OnnxRuntimeFactAttribute : FactAttribute
{
    public OnnxRuntimeFactAttribute()
    {
        if (!OnnxRuntimeTestEnvironment.Required && !OnnxRuntimeSession.IsAvailable(out string reason))
        {
            Skip = "ONNX Runtime is not available (run scripts/fetch-onnxruntime.sh; in CI this fails instead): " + reason;
        }
    }
}

/// <summary>The theory counterpart of <see cref="OnnxRuntimeFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OnnxRuntimeTheoryAttribute : TheoryAttribute
{
    public OnnxRuntimeTheoryAttribute()
    {
        if (!OnnxRuntimeTestEnvironment.Required && !OnnxRuntimeSession.IsAvailable(out string reason))
        {
            Skip = "ONNX Runtime is not available (run scripts/fetch-onnxruntime.sh; in CI this fails instead): " + reason;
        }
    }
}

namespace Phase.Tests.OnnxRuntime;

/// <summary>Where the ONNX Runtime tests find their models. The native library comes from the test project's reference
/// to Microsoft.ML.OnnxRuntime (CPU), so the tests always run.</summary>
internal static class OnnxRuntimeTestEnvironment
{
    public static string ModelPath(string fileName) =>
        Path.Combine(Phase.Testing.Fixtures.RepositoryRoot, "tests", "Phase.Neural.Tests", "OnnxRuntime", "Models", fileName);

    public static (float[] Data, long[] Shape) Npy(string fileName) => NpyFile.ReadFloat32(ModelPath(fileName));
}

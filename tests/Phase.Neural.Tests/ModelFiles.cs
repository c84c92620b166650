using Phase.Testing;

namespace Phase.Tests;

/// <summary>Paths under onnx-models/ (shipped models and the PyTorch reference vectors).</summary>
internal static class ModelFiles
{
    public static string Path(params string[] parts) => System.IO.Path.Combine([Fixtures.RepositoryRoot, "onnx-models", .. parts]);

    public static string Reference(params string[] parts) => System.IO.Path.Combine([Fixtures.RepositoryRoot, "onnx-models", "reference", .. parts]);
}

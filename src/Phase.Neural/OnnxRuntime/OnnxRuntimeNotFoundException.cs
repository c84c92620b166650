namespace Phase.Neural.OnnxRuntime;

/// <summary>
/// The native ONNX Runtime library was not found or could not be loaded. The message lists every place searched, in
/// order, and how to get the library (NuGet package <c>Microsoft.ML.OnnxRuntime</c> or <c>.Gpu</c>,
/// <c>PHASE_ONNXRUNTIME_PATH</c>, or <c>scripts/fetch-onnxruntime.sh</c> in a Phase checkout).
/// </summary>
public sealed class OnnxRuntimeNotFoundException : DllNotFoundException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public OnnxRuntimeNotFoundException()
        : this("The native ONNX Runtime library was not found.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was searched and how to fix it.</param>
    public OnnxRuntimeNotFoundException(string message)
        : this(message, [])
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What was searched and how to fix it.</param>
    /// <param name="innerException">The loader's error.</param>
    public OnnxRuntimeNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
        SearchedLocations = [];
    }

    /// <summary>Creates the exception with a message and the places searched.</summary>
    /// <param name="message">What was searched and how to fix it.</param>
    /// <param name="searchedLocations">Each candidate tried, in order, with the reason it was rejected.</param>
    public OnnxRuntimeNotFoundException(string message, IReadOnlyList<string> searchedLocations)
        : base(message)
    {
        SearchedLocations = searchedLocations;
    }

    /// <summary>Each candidate tried, in order, with the reason it was rejected.</summary>
    public IReadOnlyList<string> SearchedLocations { get; }
}

namespace Phase.IO;

/// <summary>The element types Phase reads from .npy files (NumPy <c>float16</c>, <c>float32</c>, <c>float64</c>).</summary>
public enum NpyElementType
{
    /// <summary>IEEE binary16 (<c>'&lt;f2'</c> / <c>'&gt;f2'</c>), read only; converted exactly to float and double.</summary>
    Float16,

    /// <summary>IEEE binary32 (<c>'&lt;f4'</c> / <c>'&gt;f4'</c>).</summary>
    Float32,

    /// <summary>IEEE binary64 (<c>'&lt;f8'</c> / <c>'&gt;f8'</c>).</summary>
    Float64,
}

namespace Phase.IO;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> arrays of float16 (read only), float32 and float64, either byte order, C or
/// Fortran order, any number of dimensions; plus spectrogram conveniences for TTS pipelines that hand spectrograms
/// over as .npy files.
/// </summary>
/// <remarks>
/// <para><b>Reading</b> accepts format versions 1.0, 2.0 and 3.0. The header is parsed as a restricted Python literal
/// (never evaluated; object arrays are never unpickled). Data comes back in C order (Fortran-ordered files are
/// reordered, O(N)) converted to the requested element type: float16 and float32 widen exactly; float64 narrows to
/// float32 with round-to-nearest-even. The declared size is checked against the stream length (seekable streams)
/// before anything is allocated; non-seekable streams grow the buffer only as data arrives. Memory: the result plus
/// one 64 KiB block (plus one copy for Fortran order).</para>
/// <para><b>Writing</b> produces exactly the bytes NumPy 1.24's <c>np.save</c> writes for a C-contiguous
/// little-endian array: format 1.0 (2.0 only when the header exceeds 65535 bytes), <c>'&lt;f4'</c> or
/// <c>'&lt;f8'</c>, header padded to a multiple of 64 bytes. Path overloads write a temporary file in the destination
/// directory and move it into place, so a failure never leaves a partial file.</para>
/// <para><b>Errors.</b> Malformed files throw <see cref="InvalidDataException"/> (bad magic, bad header, missing or
/// extra keys, negative or overflowing shape, data shorter — or, for whole files, longer — than the shape needs);
/// valid files Phase cannot represent throw <see cref="NotSupportedException"/> (other dtypes such as
/// <c>'&lt;i4'</c> or <c>'|O'</c>, structured dtypes, unknown versions, .npz archives, more than
/// <see cref="Array.MaxLength"/> elements). Messages name the file and say what is allowed.</para>
/// <para>All members are thread-safe; a single stream must not be used concurrently.</para>
/// </remarks>
public static class NpyFile
{
    /// <summary>The most dimensions an array may have (NumPy 2's limit; NumPy 1.x reads at most 32).</summary>
    public const int MaxRank = 64;

    /// <summary>Reads only the header of a .npy file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Version, dtype, order and shape.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="InvalidDataException">The header is malformed or the file is too short for its shape.</exception>
    /// <exception cref="NotSupportedException">The version or dtype is not supported.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static NpyHeader ReadHeader(string path)
    {
        using FileStream stream = OpenRead(path);
        return NpyFormat.ReadHeader(new SourceReader(stream, path));
    }

    /// <summary>Reads the header of a .npy array at the stream's current position (left just after the header).</summary>
    /// <param name="stream">A readable stream.</param>
    /// <returns>Version, dtype, order and shape.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable.</exception>
    /// <exception cref="InvalidDataException">The header is malformed or (seekable streams) too little data follows.</exception>
    /// <exception cref="NotSupportedException">The version or dtype is not supported.</exception>
    public static NpyHeader ReadHeader(Stream stream) => NpyFormat.ReadHeader(Reader(stream));

    /// <summary>Reads a .npy file as float32.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The array in C order, with its source header.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="InvalidDataException">The file is malformed, or its size does not match the shape.</exception>
    /// <exception cref="NotSupportedException">The version or dtype is not supported, or the array is too large.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static NpyArray<float> Read(string path) => ReadPath<float>(path);

    /// <summary>Reads a .npy array as float32 from the stream's current position (left after the array data, so
    /// several arrays saved back to back can be read in turn; the stream is not disposed).</summary>
    /// <param name="stream">A readable stream.</param>
    /// <returns>The array in C order, with its source header.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable.</exception>
    /// <exception cref="InvalidDataException">The data is malformed or shorter than the shape needs.</exception>
    /// <exception cref="NotSupportedException">The version or dtype is not supported, or the array is too large.</exception>
    public static NpyArray<float> Read(Stream stream) => ReadStream<float>(stream);

    /// <summary>Reads a .npy file as float64 (no precision lost from any supported dtype).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The array in C order, with its source header.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="InvalidDataException">The file is malformed, or its size does not match the shape.</exception>
    /// <exception cref="NotSupportedException">The version or dtype is not supported, or the array is too large.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static NpyArray<double> ReadDouble(string path) => ReadPath<double>(path);

    /// <summary>Reads a .npy array as float64 from the stream's current position (left after the array data).</summary>
    /// <param name="stream">A readable stream.</param>
    /// <returns>The array in C order, with its source header.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable.</exception>
    /// <exception cref="InvalidDataException">The data is malformed or shorter than the shape needs.</exception>
    /// <exception cref="NotSupportedException">The version or dtype is not supported, or the array is too large.</exception>
    public static NpyArray<double> ReadDouble(Stream stream) => ReadStream<double>(stream);

    /// <summary>Writes float32 data as a <c>'&lt;f4'</c> .npy file atomically.</summary>
    /// <param name="path">The destination file; its directory must exist.</param>
    /// <param name="data">The elements in C order.</param>
    /// <param name="shape">Dimensions whose product is <c>data.Length</c> (empty for a scalar).</param>
    /// <param name="cancellationToken">Cancels the write: the temporary file is deleted, the destination left as it
    /// was, and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="ArgumentException">The shape does not match, or the path is empty or a directory.</exception>
    /// <exception cref="IOException">The file cannot be written (the message names <paramref name="path"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static void Write(string path, ReadOnlySpan<float> data, ReadOnlySpan<int> shape, CancellationToken cancellationToken = default) =>
        WritePath(path, data, shape, cancellationToken);

    /// <summary>Writes float64 data as a <c>'&lt;f8'</c> .npy file atomically.</summary>
    /// <param name="path">The destination file; its directory must exist.</param>
    /// <param name="data">The elements in C order.</param>
    /// <param name="shape">Dimensions whose product is <c>data.Length</c> (empty for a scalar).</param>
    /// <param name="cancellationToken">Cancels the write: the temporary file is deleted, the destination left as it
    /// was, and <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="ArgumentException">The shape does not match, or the path is empty or a directory.</exception>
    /// <exception cref="IOException">The file cannot be written (the message names <paramref name="path"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static void Write(string path, ReadOnlySpan<double> data, ReadOnlySpan<int> shape, CancellationToken cancellationToken = default) =>
        WritePath(path, data, shape, cancellationToken);

    /// <summary>Writes float32 data as a <c>'&lt;f4'</c> .npy array to a stream (flushed, not disposed).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="data">The elements in C order.</param>
    /// <param name="shape">Dimensions whose product is <c>data.Length</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable or the shape does not match.</exception>
    public static void Write(Stream stream, ReadOnlySpan<float> data, ReadOnlySpan<int> shape) => WriteStream(stream, data, shape);

    /// <summary>Writes float64 data as a <c>'&lt;f8'</c> .npy array to a stream (flushed, not disposed).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="data">The elements in C order.</param>
    /// <param name="shape">Dimensions whose product is <c>data.Length</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable or the shape does not match.</exception>
    public static void Write(Stream stream, ReadOnlySpan<double> data, ReadOnlySpan<int> shape) => WriteStream(stream, data, shape);

    /// <summary>Writes an array as a <c>'&lt;f4'</c> .npy file atomically.</summary>
    /// <param name="path">The destination file.</param>
    /// <param name="array">The array.</param>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, NpyArray<float> array)
    {
        ArgumentNullException.ThrowIfNull(array);
        WritePath<float>(path, array.Values, array.Shape.AsSpan());
    }

    /// <summary>Writes an array as a <c>'&lt;f8'</c> .npy file atomically.</summary>
    /// <param name="path">The destination file.</param>
    /// <param name="array">The array.</param>
    /// <exception cref="ArgumentNullException"><paramref name="array"/> is null.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, NpyArray<double> array)
    {
        ArgumentNullException.ThrowIfNull(array);
        WritePath<double>(path, array.Values, array.Shape.AsSpan());
    }

    /// <summary>Writes an array as <c>'&lt;f4'</c> .npy to a stream.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="array">The array.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable.</exception>
    public static void Write(Stream stream, NpyArray<float> array)
    {
        ArgumentNullException.ThrowIfNull(array);
        WriteStream<float>(stream, array.Values, array.Shape.AsSpan());
    }

    /// <summary>Writes an array as <c>'&lt;f8'</c> .npy to a stream.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="array">The array.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable.</exception>
    public static void Write(Stream stream, NpyArray<double> array)
    {
        ArgumentNullException.ThrowIfNull(array);
        WriteStream<double>(stream, array.Values, array.Shape.AsSpan());
    }

    /// <summary>Reads a magnitude spectrogram from a 2-D .npy file (any supported dtype, read as float32).</summary>
    /// <param name="path">The file.</param>
    /// <param name="layout"><see cref="SpectrogramLayout.FramesByBins"/> for shape (F, K),
    /// <see cref="SpectrogramLayout.BinsByFrames"/> for librosa's (K, F). There is no guessing: a wrong layout gives a
    /// bin-count mismatch when the spectrogram is used.</param>
    /// <returns>A frame-major spectrogram.</returns>
    /// <exception cref="InvalidDataException">The file is malformed, or the array is not 2-D (leading dimensions of size
    /// 1 are allowed) or is empty.</exception>
    /// <exception cref="NotSupportedException">The version or dtype is not supported.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layout"/> is not defined.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static MagnitudeSpectrogram ReadSpectrogram(string path, SpectrogramLayout layout) =>
        ToSpectrogram(Read(path), path, layout);

    /// <summary>Reads a magnitude spectrogram from a 2-D .npy array at the stream's current position.</summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="layout">Which axis is time (see <see cref="ReadSpectrogram(string, SpectrogramLayout)"/>).</param>
    /// <returns>A frame-major spectrogram.</returns>
    /// <exception cref="InvalidDataException">The data is malformed, not 2-D, or empty.</exception>
    /// <exception cref="NotSupportedException">The version or dtype is not supported.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layout"/> is not defined.</exception>
    public static MagnitudeSpectrogram ReadSpectrogram(Stream stream, SpectrogramLayout layout) =>
        ToSpectrogram(Read(stream), IoErrors.SourceName(stream, ".npy"), layout);

    /// <summary>Writes a magnitude spectrogram as a 2-D <c>'&lt;f4'</c> .npy file atomically.</summary>
    /// <param name="path">The destination file.</param>
    /// <param name="spectrogram">The spectrogram.</param>
    /// <param name="layout">Shape (F, K) or librosa's (K, F).</param>
    /// <exception cref="ArgumentNullException"><paramref name="spectrogram"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layout"/> is not defined.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteSpectrogram(string path, MagnitudeSpectrogram spectrogram, SpectrogramLayout layout) =>
        Write(path, spectrogram.ToNpyArray(layout));

    /// <summary>Writes a magnitude spectrogram as a 2-D <c>'&lt;f4'</c> .npy array to a stream.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="spectrogram">The spectrogram.</param>
    /// <param name="layout">Shape (F, K) or librosa's (K, F).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="layout"/> is not defined.</exception>
    public static void WriteSpectrogram(Stream stream, MagnitudeSpectrogram spectrogram, SpectrogramLayout layout) =>
        Write(stream, spectrogram.ToNpyArray(layout));

    private static MagnitudeSpectrogram ToSpectrogram(NpyArray<float> array, string source, SpectrogramLayout layout)
    {
        int rows, cols;
        try
        {
            (rows, cols) = NpySpectrogram.Matrix(array.Shape.AsSpan(), "array");
            if (rows == 0 || cols == 0)
            {
                throw new ArgumentException($"A spectrogram needs at least one frame and one bin; got shape {NpyHeader.FormatShape(array.Shape.AsSpan())}.");
            }
        }
        catch (ArgumentException ex)
        {
            throw IoErrors.Invalid(source, ex.Message, ex);
        }

        // The array is ours alone: no defensive copy for the frame-major layout.
        return NpySpectrogram.Build(array.Data, rows, cols, layout, copy: false, nameof(layout));
    }

    private static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12, FileOptions.SequentialScan);
    }

    private static SourceReader Reader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        return new SourceReader(stream, IoErrors.SourceName(stream, ".npy"));
    }

    private static NpyArray<T> ReadPath<T>(string path)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        using FileStream stream = OpenRead(path);
        var reader = new SourceReader(stream, path);
        NpyHeader header = NpyFormat.ReadHeader(reader);
        return new NpyArray<T>(NpyFormat.ReadData<T>(reader, header, requireExactEnd: true), header.Shape, header);
    }

    private static NpyArray<T> ReadStream<T>(Stream stream)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        SourceReader reader = Reader(stream);
        NpyHeader header = NpyFormat.ReadHeader(reader);
        return new NpyArray<T>(NpyFormat.ReadData<T>(reader, header, requireExactEnd: false), header.Shape, header);
    }

    private static void WritePath<T>(string path, ReadOnlySpan<T> data, ReadOnlySpan<int> shape, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        NpyFormat.ValidateShape(shape, data.Length, nameof(shape));
        using var file = AtomicFile.Create(path, nameof(path), cancellationToken);
        NpyFormat.Write(file.Stream, data, shape);
        file.Commit();
    }

    private static void WriteStream<T>(Stream stream, ReadOnlySpan<T> data, ReadOnlySpan<int> shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        NpyFormat.ValidateShape(shape, data.Length, nameof(shape));
        NpyFormat.Write(stream, data, shape);
    }
}

using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Phase.IO;

/// <summary>The NumPy .npy format (NEP 1): header parsing and writing, data decoding, Fortran-to-C reordering.</summary>
internal static class NpyFormat
{
    /// <summary>Headers larger than this are rejected before they are read (NumPy itself writes a few hundred bytes).</summary>
    public const int MaxHeaderBytes = 1 << 20;

    private const int BlockBytes = 1 << 16;

    /// <summary>NumPy's <c>GROWTH_AXIS_MAX_DIGITS</c>: spare header spaces so the leading axis can grow in place.</summary>
    private const int GrowthAxisMaxDigits = 21;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyHeader ReadHeader(SourceReader reader)
    {
        string source = reader.Source;
        Span<byte> prefix = stackalloc byte[8];
        int got = reader.ReadAtMost(prefix);
        if (got >= 4 && prefix[..4].SequenceEqual("PK\x03\x04"u8))
        {
            throw IoErrors.NotSupported(source, "this is a zip archive (.npz), not a .npy file; extract the member array (np.load(f)['name']) and np.save it.");
        }

        if (got < prefix.Length || !prefix[..6].SequenceEqual(Magic))
        {
            throw IoErrors.Invalid(source, "not a .npy file: it does not start with the magic string \\x93NUMPY.");
        }

        int major = prefix[6];
        int minor = prefix[7];
        int lengthBytes = (major, minor) switch
        {
            (1, 0) => 2,
            (2, 0) or (3, 0) => 4,
            _ => throw IoErrors.NotSupported(source, string.Create(CultureInfo.InvariantCulture,
                $".npy format version {major}.{minor} is not supported; supported: 1.0, 2.0 and 3.0.")),
        };

        Span<byte> lengthField = stackalloc byte[4];
        reader.ReadExactly(lengthField[..lengthBytes], "the header length");
        long headerLength = lengthBytes == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField)
            : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        if (headerLength > MaxHeaderBytes)
        {
            throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                $"the header claims {headerLength} bytes; at most {MaxHeaderBytes} are accepted (NumPy writes a few hundred)."));
        }

        byte[] raw = new byte[headerLength];
        reader.ReadExactly(raw, "the header");
        string text;
        try
        {
            // Versions 1 and 2 store the header in latin-1, version 3 in UTF-8.
            text = major == 3 ? new UTF8Encoding(false, true).GetString(raw) : Encoding.Latin1.GetString(raw);
        }
        catch (DecoderFallbackException ex)
        {
            throw IoErrors.Invalid(source, "the version 3.0 header is not valid UTF-8.", ex);
        }

        object? parsed;
        try
        {
            parsed = PythonLiteral.Parse(text);
        }
        catch (FormatException ex)
        {
            throw IoErrors.Invalid(source, $"the header is not a Python dict literal ({ex.Message}): {Snippet(text)}", ex);
        }

        if (parsed is not Dictionary<string, object?> dict)
        {
            throw IoErrors.Invalid(source, $"the header is {Snippet(PythonLiteral.Describe(parsed))}, not a dict with 'descr', 'fortran_order' and 'shape'.");
        }

        foreach (string required in (ReadOnlySpan<string>)["descr", "fortran_order", "shape"])
        {
            if (!dict.ContainsKey(required))
            {
                throw IoErrors.Invalid(source, $"the header has no '{required}' key; it needs 'descr', 'fortran_order' and 'shape': {Snippet(text)}");
            }
        }

        if (dict.Count != 3)
        {
            string extra = dict.Keys.First(k => k is not ("descr" or "fortran_order" or "shape"));
            throw IoErrors.Invalid(source, $"the header has an unexpected key '{Snippet(extra)}'; only 'descr', 'fortran_order' and 'shape' are allowed.");
        }

        if (dict["fortran_order"] is not bool fortran)
        {
            throw IoErrors.Invalid(source, $"'fortran_order' is {PythonLiteral.Describe(dict["fortran_order"])}; it must be True or False.");
        }

        (NpyElementType type, bool bigEndian, string descr) = ParseDescr(source, dict["descr"]);
        int itemSize = type switch { NpyElementType.Float16 => 2, NpyElementType.Float32 => 4, _ => 8 };
        (ImmutableArray<int> shape, long count) = ParseShape(source, dict["shape"], itemSize, descr, reader.Remaining);
        return new NpyHeader(major, minor, descr, type, bigEndian, fortran, shape, count,
            checked(8 + lengthBytes + (int)headerLength));
    }

    /// <summary>Reads the data that follows a header, converting to <typeparamref name="T"/> and to C order.</summary>
    /// <param name="reader">Positioned just after the header.</param>
    /// <param name="header">The parsed header.</param>
    /// <param name="requireExactEnd">Whether bytes after the data are an error (true for whole files; false for streams,
    /// which may hold several arrays back to back).</param>
    public static T[] ReadData<T>(SourceReader reader, NpyHeader header, bool requireExactEnd)
        where T : unmanaged
    {
        string source = reader.Source;
        int itemSize = header.ItemSize;
        long count = header.ElementCount;
        long bytes = count * itemSize; // ParseShape guarantees no overflow
        if (reader.Remaining is long remaining)
        {
            if (remaining < bytes)
            {
                throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                    $"shape {header.ShapeText()} of '{header.Descr}' needs {bytes} bytes of data but only {remaining} follow the header: the file is truncated or the shape is wrong."));
            }

            if (requireExactEnd && remaining > bytes)
            {
                throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                    $"{remaining - bytes} bytes follow the {bytes} bytes that shape {header.ShapeText()} of '{header.Descr}' accounts for: the shape does not match the data."));
            }
        }

        // Seekable: the count has been checked against the real length, so it can be acted on. Non-seekable: it is still
        // a claim, so start empty and grow (doubling, at least a block at a time) only as data arrives.
        if (count > Array.MaxLength && reader.CanSeek)
        {
            throw TooManyElements(source, header);
        }

        int n = (int)Math.Min(count, Array.MaxLength);
        int perBlock = BlockBytes / itemSize;
        T[] data = reader.CanSeek && n > 0 ? new T[n] : [];
        byte[] block = ArrayPool<byte>.Shared.Rent(perBlock * itemSize);
        int done = 0;
        try
        {
            while (done < n)
            {
                int want = Math.Min(perBlock, n - done);
                int got = reader.ReadAtMost(block.AsSpan(0, want * itemSize));
                int elements = got / itemSize;
                if (done + elements > data.Length)
                {
                    Array.Resize(ref data, (int)Math.Min(n, Math.Max(Math.Max(2L * data.Length, done + elements), perBlock)));
                }

                Decode(block.AsSpan(0, elements * itemSize), header.ElementType, header.IsBigEndian, data.AsSpan(done, elements));
                done += elements;
                if (elements < want)
                {
                    throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                        $"the stream ended after {(long)done * itemSize + got % itemSize} of the {bytes} data bytes that shape {header.ShapeText()} of '{header.Descr}' needs."));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }

        if (count > Array.MaxLength)
        {
            throw TooManyElements(source, header);
        }

        return header.FortranOrder && header.Shape.Length >= 2 ? FortranToC(data, header.Shape.AsSpan()) : data;
    }

    /// <summary>Writes a version 1.0 header (2.0 if it would exceed 65535 bytes) and the data, little-endian, C order,
    /// byte for byte as NumPy 1.24's <c>np.save</c> writes it.</summary>
    public static void Write<T>(Stream stream, ReadOnlySpan<T> data, ReadOnlySpan<int> shape)
        where T : unmanaged
    {
        stream.Write(BuildHeader(typeof(T) == typeof(float) ? "<f4" : "<f8", shape));
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
        }
        else
        {
            int size = typeof(T) == typeof(float) ? 4 : 8;
            byte[] block = ArrayPool<byte>.Shared.Rent(BlockBytes);
            try
            {
                ReadOnlySpan<byte> raw = MemoryMarshal.AsBytes(data);
                for (int at = 0; at < raw.Length; at += BlockBytes)
                {
                    int len = Math.Min(BlockBytes, raw.Length - at);
                    raw.Slice(at, len).CopyTo(block);
                    for (int i = 0; i < len; i += size)
                    {
                        block.AsSpan(i, size).Reverse();
                    }

                    stream.Write(block, 0, len);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(block);
            }
        }

        stream.Flush();
    }

    /// <summary>Magic, version, length and the padded header text, as NumPy's <c>_write_array_header</c> lays them out.</summary>
    public static byte[] BuildHeader(string descr, ReadOnlySpan<int> shape)
    {
        string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + NpyHeader.FormatShape(shape) + ", }";
        if (shape.Length > 0)
        {
            dict += new string(' ', Math.Max(0, GrowthAxisMaxDigits - shape[0].ToString(CultureInfo.InvariantCulture).Length));
        }

        int hlen = dict.Length + 1; // + '\n'
        int lengthBytes = 2;
        int padlen = 64 - ((8 + lengthBytes + hlen) % 64);
        if (hlen + padlen > ushort.MaxValue)
        {
            lengthBytes = 4;
            padlen = 64 - ((8 + lengthBytes + hlen) % 64);
        }

        byte[] bytes = new byte[8 + lengthBytes + hlen + padlen];
        Magic.CopyTo(bytes);
        bytes[6] = (byte)(lengthBytes == 2 ? 1 : 2);
        bytes[7] = 0;
        if (lengthBytes == 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)(hlen + padlen));
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)(hlen + padlen));
        }

        int at = 8 + lengthBytes;
        at += Encoding.ASCII.GetBytes(dict, bytes.AsSpan(at));
        bytes.AsSpan(at, padlen).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>Checks a shape given to a writer or constructor against the data length.</summary>
    public static void ValidateShape(ReadOnlySpan<int> shape, long dataLength, string paramName)
    {
        if (shape.Length > NpyFile.MaxRank)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{shape.Length} dimensions; at most {NpyFile.MaxRank} are supported."), paramName);
        }

        long product = 1;
        bool zero = false;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"dimension {i} is {shape[i]}; dimensions must be ≥ 0."), paramName);
            }

            zero |= shape[i] == 0;
            if (!zero && product <= dataLength)
            {
                product *= shape[i]; // ≤ 2^31 · 2^31: cannot overflow while product ≤ dataLength < 2^31
            }
        }

        if (zero)
        {
            product = 0;
        }

        if (product != dataLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"shape {NpyHeader.FormatShape(shape)} does not match {dataLength} values."), paramName);
        }
    }

    /// <summary>Reorders column-major data (axis 0 fastest) into row-major (last axis fastest).</summary>
    internal static T[] FortranToC<T>(T[] src, ReadOnlySpan<int> shape)
    {
        int rank = shape.Length;
        var result = new T[src.Length];
        if (src.Length == 0)
        {
            return result;
        }

        // strideC[k] = Π_{j>k} shape[j]. Walk the source in storage order with an odometer over (i₀, i₁, …), i₀ fastest,
        // tracking the C-order destination offset incrementally: O(N) with O(rank) state.
        Span<long> strideC = stackalloc long[rank];
        Span<int> index = stackalloc int[rank];
        long s = 1;
        for (int k = rank - 1; k >= 0; k--)
        {
            strideC[k] = s;
            s *= shape[k];
        }

        long dst = 0;
        for (int i = 0; i < src.Length; i++)
        {
            result[dst] = src[i];
            for (int k = 0; k < rank; k++)
            {
                dst += strideC[k];
                if (++index[k] < shape[k])
                {
                    break;
                }

                dst -= strideC[k] * shape[k];
                index[k] = 0;
            }
        }

        return result;
    }

    private static void Decode<T>(ReadOnlySpan<byte> src, NpyElementType type, bool bigEndian, Span<T> dst)
        where T : unmanaged
    {
        bool swap = bigEndian == BitConverter.IsLittleEndian;
        if (typeof(T) == typeof(float))
        {
            Span<float> d = MemoryMarshal.Cast<T, float>(dst);
            switch (type)
            {
                case NpyElementType.Float32:
                {
                    ReadOnlySpan<int> s = MemoryMarshal.Cast<byte, int>(src);
                    for (int i = 0; i < d.Length; i++)
                    {
                        d[i] = BitConverter.Int32BitsToSingle(swap ? BinaryPrimitives.ReverseEndianness(s[i]) : s[i]);
                    }

                    break;
                }

                case NpyElementType.Float64:
                {
                    ReadOnlySpan<long> s = MemoryMarshal.Cast<byte, long>(src);
                    for (int i = 0; i < d.Length; i++)
                    {
                        d[i] = (float)BitConverter.Int64BitsToDouble(swap ? BinaryPrimitives.ReverseEndianness(s[i]) : s[i]);
                    }

                    break;
                }

                default:
                {
                    ReadOnlySpan<short> s = MemoryMarshal.Cast<byte, short>(src);
                    for (int i = 0; i < d.Length; i++)
                    {
                        d[i] = (float)BitConverter.Int16BitsToHalf(swap ? BinaryPrimitives.ReverseEndianness(s[i]) : s[i]);
                    }

                    break;
                }
            }
        }
        else
        {
            Span<double> d = MemoryMarshal.Cast<T, double>(dst);
            switch (type)
            {
                case NpyElementType.Float32:
                {
                    ReadOnlySpan<int> s = MemoryMarshal.Cast<byte, int>(src);
                    for (int i = 0; i < d.Length; i++)
                    {
                        d[i] = BitConverter.Int32BitsToSingle(swap ? BinaryPrimitives.ReverseEndianness(s[i]) : s[i]);
                    }

                    break;
                }

                case NpyElementType.Float64:
                {
                    ReadOnlySpan<long> s = MemoryMarshal.Cast<byte, long>(src);
                    for (int i = 0; i < d.Length; i++)
                    {
                        d[i] = BitConverter.Int64BitsToDouble(swap ? BinaryPrimitives.ReverseEndianness(s[i]) : s[i]);
                    }

                    break;
                }

                default:
                {
                    ReadOnlySpan<short> s = MemoryMarshal.Cast<byte, short>(src);
                    for (int i = 0; i < d.Length; i++)
                    {
                        d[i] = (double)BitConverter.Int16BitsToHalf(swap ? BinaryPrimitives.ReverseEndianness(s[i]) : s[i]);
                    }

                    break;
                }
            }
        }
    }

    private static (NpyElementType Type, bool BigEndian, string Descr) ParseDescr(string source, object? value)
    {
        if (value is PythonLiteral.Sequence)
        {
            throw IoErrors.NotSupported(source, $"structured dtype {Snippet(PythonLiteral.Describe(value))} is not supported; save a plain float32 or float64 array.");
        }

        if (value is not string descr)
        {
            throw IoErrors.Invalid(source, $"'descr' is {Snippet(PythonLiteral.Describe(value))}; it must be a dtype string such as '<f4'.");
        }

        if (descr.Length == 3 && descr[0] is '<' or '>' && descr[1] == 'f' && descr[2] is '2' or '4' or '8')
        {
            NpyElementType type = descr[2] switch { '2' => NpyElementType.Float16, '4' => NpyElementType.Float32, _ => NpyElementType.Float64 };
            return (type, descr[0] == '>', descr);
        }

        char kind = descr.Length >= 2 && descr[0] is '<' or '>' or '|' or '=' ? descr[1] : descr.Length > 0 ? descr[0] : '?';
        string what = kind switch
        {
            'f' => "a float of unsupported size",
            'i' => "signed integers",
            'u' => "unsigned integers",
            'b' => "booleans",
            'c' => "complex numbers",
            'O' => "Python objects (pickled; never loaded, for safety)",
            'U' => "unicode strings",
            'S' or 'a' => "byte strings",
            'V' => "raw void records",
            'M' => "datetimes",
            'm' => "timedeltas",
            _ => "an unknown type",
        };
        throw IoErrors.NotSupported(source,
            $"dtype '{Snippet(descr)}' ({what}) is not supported; supported: '<f4', '<f8', '<f2' and big-endian '>f4', '>f8', '>f2'. Convert with arr.astype(np.float32).");
    }

    private static (ImmutableArray<int> Shape, long Count) ParseShape(string source, object? value, int itemSize, string descr,
        long? remaining)
    {
        if (value is not PythonLiteral.Sequence { IsTuple: true } tuple || tuple.Items.Any(x => x is not long))
        {
            throw IoErrors.Invalid(source, $"'shape' is {Snippet(PythonLiteral.Describe(value))}; it must be a tuple of integers such as (80, 513).");
        }

        string text = Snippet(PythonLiteral.Describe(value));
        if (tuple.Items.Count > NpyFile.MaxRank)
        {
            throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                $"'shape' has {tuple.Items.Count} dimensions; at most {NpyFile.MaxRank} are allowed."));
        }

        // Element count with overflow detection (a zero dimension makes the count 0 whatever the others say).
        long count = 1;
        bool overflow = false;
        foreach (object? item in tuple.Items)
        {
            long d = (long)item!;
            if (d < 0)
            {
                throw IoErrors.Invalid(source, $"'shape' {text} has a negative dimension.");
            }

            if (d == 0)
            {
                count = 0;
                overflow = false;
                break;
            }

            if (count > long.MaxValue / itemSize / d)
            {
                overflow = true;
            }
            else
            {
                count *= d;
            }
        }

        if (overflow)
        {
            throw IoErrors.Invalid(source, $"'shape' {text} has more elements than any file can hold.");
        }

        // Check the claim against the stream before anything is sized from it.
        if (remaining is long r && count * itemSize > r)
        {
            throw IoErrors.Invalid(source, string.Create(CultureInfo.InvariantCulture,
                $"shape {text} of '{descr}' needs {count * itemSize} bytes of data but only {r} follow the header: the file is truncated or the shape is wrong."));
        }

        var dims = new int[tuple.Items.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            long d = (long)tuple.Items[i]!;
            if (d > int.MaxValue)
            {
                throw IoErrors.NotSupported(source, string.Create(CultureInfo.InvariantCulture,
                    $"dimension {i} of 'shape' {text} exceeds {int.MaxValue}, the largest .NET array dimension."));
            }

            dims[i] = (int)d;
        }

        return ([.. dims], count);
    }

    private static NotSupportedException TooManyElements(string source, NpyHeader header) =>
        IoErrors.NotSupported(source, string.Create(CultureInfo.InvariantCulture,
            $"shape {header.ShapeText()} has {header.ElementCount} elements, more than the largest .NET array ({Array.MaxLength})."));

    private static string Snippet(string text)
    {
        // Header text is the file's: escaped (no control characters or terminal escapes reach a message) and cut.
        return DisplayText.Escape(text.Trim());
    }
}

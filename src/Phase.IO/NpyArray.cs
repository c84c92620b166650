using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;

namespace Phase.IO;

/// <summary>
/// An n-dimensional array of <typeparamref name="T"/> (<see cref="float"/> or <see cref="double"/>) in row-major
/// (C) order: element <c>(i₀, …, i_{d−1})</c> is at index <c>Σ_k i_k · Π_{j&gt;k} shape_j</c>.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>Not thread-safe for concurrent writes. The constructor wraps the data array without copying.</remarks>
public sealed class NpyArray<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T[] _data;

    /// <summary>Wraps row-major data without copying it.</summary>
    /// <param name="data">The elements in C order; exactly the product of <paramref name="shape"/> of them.</param>
    /// <param name="shape">Dimensions, each ≥ 0; empty for a 0-d (scalar) array of one element. At most
    /// <see cref="NpyFile.MaxRank"/> dimensions.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The shape does not match the data length, has too many dimensions, or a
    /// dimension is negative.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public NpyArray(T[] data, params int[] shape)
        : this(data, ValidateShape(data, shape), null)
    {
    }

    internal NpyArray(T[] data, ImmutableArray<int> shape, NpyHeader? source)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
        {
            throw new NotSupportedException($"NpyArray<{typeof(T).Name}> is not supported; use float or double.");
        }

        _data = data;
        Shape = shape;
        Source = source;
    }

    /// <summary>The dimensions (empty for a 0-d array).</summary>
    public ImmutableArray<int> Shape { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>Number of elements (the product of the dimensions).</summary>
    public int Length => _data.Length;

    /// <summary>The elements in C order (a view, not a copy).</summary>
    public Span<T> Values => _data;

    /// <summary>The elements in C order as memory (a view, not a copy).</summary>
    public Memory<T> Memory => _data;

    /// <summary>The header of the file this array was read from (dtype, byte order, memory order, version); null for
    /// arrays created in memory.</summary>
    public NpyHeader? Source { get; }

    /// <summary>Gets or sets an element of a 2-D array.</summary>
    /// <param name="row">Index along axis 0.</param>
    /// <param name="column">Index along axis 1.</param>
    /// <exception cref="InvalidOperationException">The array is not 2-D.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public T this[int row, int column]
    {
        get => _data[Index2(row, column)];
        set => _data[Index2(row, column)] = value;
    }

    /// <summary>The shape in Python syntax, e.g. <c>(80, 513)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => NpyHeader.FormatShape(Shape.AsSpan()) + " " + typeof(T).Name;

    internal T[] Data => _data;

    private static ImmutableArray<int> ValidateShape(T[] data, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        NpyFormat.ValidateShape(shape, data.Length, nameof(shape));
        return [.. shape];
    }

    private int Index2(int row, int column)
    {
        if (Shape.Length != 2)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The two-index accessor needs a 2-D array; this one has shape {NpyHeader.FormatShape(Shape.AsSpan())}."));
        }

        if ((uint)row >= (uint)Shape[0] || (uint)column >= (uint)Shape[1])
        {
            throw new ArgumentOutOfRangeException(nameof(row), string.Create(CultureInfo.InvariantCulture,
                $"({row}, {column}) is outside a {Shape[0]} × {Shape[1]} array."));
        }

        return row * Shape[1] + column;
    }
}

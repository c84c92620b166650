using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Phase.Solvers;

/// <summary>
/// The interleaved storage of a batch of tridiagonal systems for <see cref="BatchedTridiagonalSolver"/>: systems
/// are grouped <see cref="GroupWidth"/> at a time (16 for float, 8 for double: one 64-byte cache line, one
/// <c>Vector512</c>), and within a group element k of the group's system i is at <c>k·W + i</c>. Group g occupies
/// <c>[g·K·W, (g+1)·K·W)</c>, so element k of system s is at <c>(s / W)·K·W + k·W + s mod W</c> (<see cref="IndexOf"/>).
/// The last group is padded to W lanes; the padding ("tail") lanes are solved too but never reported.
/// </summary>
/// <remarks>
/// <para>One row of a group is one vector of W lanes, so the batched solver loads and stores whole vectors and lane i
/// runs system i's recurrence. The layout does not depend on the machine's vector width (a group is one Vector512,
/// two Vector256 or four Vector128), so data packed on one machine solves anywhere.</para>
/// <para>Every array of a batch — sub-, main and super-diagonal, off-diagonal, right-hand side, solution — has this
/// layout and <see cref="Length"/> elements; row K−1 of an upper or off-diagonal array and row 0 of a lower one are
/// not read. Producers that can write their coefficients straight into this layout (using <see cref="IndexOf"/>) avoid
/// the O(count·K) cost of <see cref="Pack"/> and <see cref="Unpack"/>.</para>
/// <para>Immutable and thread-safe; the pack and unpack methods allocate nothing.</para>
/// </remarks>
/// <typeparam name="T">The element type (float or double).</typeparam>
public readonly struct InterleavedLayout<T> : IEquatable<InterleavedLayout<T>>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Describes a batch of <paramref name="systemCount"/> systems of <paramref name="size"/> unknowns.</summary>
    /// <param name="size">Unknowns per system K, ≥ 1.</param>
    /// <param name="systemCount">Number of systems, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range, or the layout would exceed
    /// <see cref="Array.MaxLength"/> elements.</exception>
    public InterleavedLayout(int size, int systemCount)
    {
        if (size < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "The number of unknowns K per system must be at least 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(systemCount);
        int width = 64 / Unsafe.SizeOf<T>();
        long length = (long)((systemCount + width - 1) / width) * size * width;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(systemCount),
                systemCount,
                string.Create(CultureInfo.InvariantCulture, $"{systemCount} systems of {size} unknowns need {length} elements per array, more than an array can hold."));
        }

        Size = size;
        SystemCount = systemCount;
    }

    /// <summary>Unknowns per system, K.</summary>
    public int Size { get; }

    /// <summary>Number of systems.</summary>
    public int SystemCount { get; }

    /// <summary>Systems per group W: 64 bytes of elements (16 float, 8 double).</summary>
    public int GroupWidth => 64 / Unsafe.SizeOf<T>();

    /// <summary>Number of groups, <c>⌈count / W⌉</c>.</summary>
    public int GroupCount => (SystemCount + GroupWidth - 1) / GroupWidth;

    /// <summary>Elements per interleaved array, <c>GroupCount·K·W</c>.</summary>
    public int Length => GroupCount * Size * GroupWidth;

    /// <summary>The index of element <paramref name="row"/> of system <paramref name="system"/>:
    /// <c>(s / W)·K·W + row·W + s mod W</c>.</summary>
    /// <param name="system">System index, 0 … count − 1.</param>
    /// <param name="row">Row index, 0 … K − 1.</param>
    /// <returns>The index into an interleaved array.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public int IndexOf(int system, int row)
    {
        if ((uint)system >= (uint)SystemCount)
        {
            throw new ArgumentOutOfRangeException(nameof(system), system, $"The system index must be in [0, {SystemCount}).");
        }

        if ((uint)row >= (uint)Size)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The row index must be in [0, {Size}).");
        }

        return UncheckedIndex(system, row);
    }

    /// <summary>Interleaves <c>count</c> systems stored one after another (<c>systems[s·K + k]</c>), filling the tail
    /// lanes of the last group with <paramref name="tailValue"/>.</summary>
    /// <param name="systems"><c>count·K</c> values, system-major.</param>
    /// <param name="destination">The interleaved array, <see cref="Length"/> elements.</param>
    /// <param name="tailValue">The value for the padding lanes: one for a diagonal, zero for everything else, so that
    /// the padding systems are <c>1·x = 0</c>.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Pack(ReadOnlySpan<T> systems, Span<T> destination, T tailValue)
    {
        CheckLength(systems.Length, SystemCount * Size, nameof(systems));
        CheckLength(destination.Length, Length, nameof(destination));
        int k = Size;
        for (int s = 0; s < SystemCount; s++)
        {
            ReadOnlySpan<T> source = systems.Slice(s * k, k);
            int index = UncheckedIndex(s, 0);
            for (int row = 0; row < k; row++, index += GroupWidth)
            {
                destination[index] = source[row];
            }
        }

        FillTail(destination, tailValue);
    }

    /// <summary>Interleaves per-system off-diagonals of K − 1 values each (<c>e_k = A[k, k+1]</c>), writing zero into
    /// the unread row K − 1 and into the tail lanes.</summary>
    /// <param name="systems"><c>count·(K − 1)</c> values, system-major.</param>
    /// <param name="destination">The interleaved array, <see cref="Length"/> elements.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void PackOffDiagonal(ReadOnlySpan<T> systems, Span<T> destination)
    {
        int k = Size - 1;
        CheckLength(systems.Length, SystemCount * k, nameof(systems));
        CheckLength(destination.Length, Length, nameof(destination));
        for (int s = 0; s < SystemCount; s++)
        {
            ReadOnlySpan<T> source = systems.Slice(s * k, k);
            int index = UncheckedIndex(s, 0);
            for (int row = 0; row < k; row++, index += GroupWidth)
            {
                destination[index] = source[row];
            }

            destination[index] = T.Zero;
        }

        FillTail(destination, T.Zero);
    }

    /// <summary>De-interleaves every system into <c>systems[s·K + k]</c>.</summary>
    /// <param name="source">The interleaved array, <see cref="Length"/> elements.</param>
    /// <param name="systems">Receives <c>count·K</c> values, system-major.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Unpack(ReadOnlySpan<T> source, Span<T> systems)
    {
        CheckLength(source.Length, Length, nameof(source));
        CheckLength(systems.Length, SystemCount * Size, nameof(systems));
        int k = Size;
        for (int s = 0; s < SystemCount; s++)
        {
            Span<T> target = systems.Slice(s * k, k);
            int index = UncheckedIndex(s, 0);
            for (int row = 0; row < k; row++, index += GroupWidth)
            {
                target[row] = source[index];
            }
        }
    }

    /// <summary>Writes one system's K values into its lane.</summary>
    /// <param name="system">System index, 0 … count − 1.</param>
    /// <param name="values">K values (or K − 1 for an off-diagonal; the remaining row is left as it was).</param>
    /// <param name="destination">The interleaved array, <see cref="Length"/> elements.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="system"/> is out of range.</exception>
    public void PackSystem(int system, ReadOnlySpan<T> values, Span<T> destination)
    {
        if (values.Length != Size && values.Length != Size - 1)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"values has {values.Length} elements; a system has K = {Size} (or K − 1 = {Size - 1} for an off-diagonal)."),
                nameof(values));
        }

        CheckLength(destination.Length, Length, nameof(destination));
        int index = IndexOf(system, 0);
        for (int row = 0; row < values.Length; row++, index += GroupWidth)
        {
            destination[index] = values[row];
        }
    }

    /// <summary>Reads one system's K values out of its lane.</summary>
    /// <param name="system">System index, 0 … count − 1.</param>
    /// <param name="source">The interleaved array, <see cref="Length"/> elements.</param>
    /// <param name="values">Receives K values.</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="system"/> is out of range.</exception>
    public void UnpackSystem(int system, ReadOnlySpan<T> source, Span<T> values)
    {
        CheckLength(source.Length, Length, nameof(source));
        CheckLength(values.Length, Size, nameof(values));
        int index = IndexOf(system, 0);
        for (int row = 0; row < values.Length; row++, index += GroupWidth)
        {
            values[row] = source[index];
        }
    }

    /// <summary>Sets every element of the padding lanes of the last group to <paramref name="value"/>.</summary>
    /// <param name="destination">The interleaved array, <see cref="Length"/> elements.</param>
    /// <param name="value">The value (one for a diagonal, zero otherwise).</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void FillTail(Span<T> destination, T value)
    {
        CheckLength(destination.Length, Length, nameof(destination));
        int used = SystemCount - ((GroupCount - 1) * GroupWidth);
        if (SystemCount == 0 || used == GroupWidth)
        {
            return;
        }

        int start = (GroupCount - 1) * Size * GroupWidth;
        for (int row = 0; row < Size; row++)
        {
            destination.Slice(start + (row * GroupWidth) + used, GroupWidth - used).Fill(value);
        }
    }

    /// <inheritdoc/>
    public bool Equals(InterleavedLayout<T> other) => Size == other.Size && SystemCount == other.SystemCount;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is InterleavedLayout<T> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Size, SystemCount);

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{SystemCount} systems × {Size} unknowns, {GroupCount} groups of {GroupWidth}");

    /// <summary>Equality.</summary>
    /// <param name="left">The first layout.</param>
    /// <param name="right">The second layout.</param>
    /// <returns>True when size and count are equal.</returns>
    public static bool operator ==(InterleavedLayout<T> left, InterleavedLayout<T> right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">The first layout.</param>
    /// <param name="right">The second layout.</param>
    /// <returns>True when size or count differ.</returns>
    public static bool operator !=(InterleavedLayout<T> left, InterleavedLayout<T> right) => !left.Equals(right);

    private int UncheckedIndex(int system, int row)
    {
        int w = GroupWidth;
        return ((system / w) * Size * w) + (row * w) + (system % w);
    }

    private void CheckLength(int actual, int expected, string paramName)
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{paramName} has {actual} elements; the layout ({this}) needs exactly {expected}."),
                paramName);
        }
    }
}

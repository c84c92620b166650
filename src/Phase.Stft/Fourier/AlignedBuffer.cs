using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Phase.Fourier;

/// <summary>
/// A float buffer on the pinned object heap whose first element is 64-byte aligned, so that full-width vector loads
/// and stores never straddle a cache line. Pinned memory does not move, so the alignment holds for the buffer's life.
/// </summary>
internal sealed class AlignedBuffer
{
    private const int AlignmentFloats = 16;
    private readonly float[] _array;
    private readonly int _offset;

    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _array = GC.AllocateArray<float>(length + AlignmentFloats, pinned: true);
        unsafe
        {
            nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
            _offset = (int)(((64 - (address % 64)) % 64) / sizeof(float));
        }
    }

    public int Length { get; }

    public Span<float> Span => _array.AsSpan(_offset, Length);

    /// <summary>Reference to element <paramref name="index"/> (unchecked; callers stay within <see cref="Length"/>).</summary>
    public ref float this[int index] => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), _offset + index);
}

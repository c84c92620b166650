using System.Runtime.CompilerServices;

namespace Phase.GradientTheorem;

/// <summary>
/// A binary max-heap of 64-bit keys in one preallocated array: no per-item allocation, no comparer calls.
/// Callers pack a non-negative float magnitude (whose IEEE bits order like the values) in the high 32 bits and an
/// index in the low 32 bits, so one integer comparison orders by magnitude and breaks ties by index.
/// </summary>
internal sealed class MaxHeap
{
    private readonly ulong[] _items;

    public MaxHeap(int capacity) => _items = new ulong[Math.Max(1, capacity)];

    public int Count { get; private set; }

    /// <summary>Packs a magnitude (≥ 0, finite) and an index into a key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Key(float magnitude, int index) => ((ulong)BitConverter.SingleToUInt32Bits(magnitude) << 32) | (uint)index;

    /// <summary>The index packed in a key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Index(ulong key) => (int)(uint)key;

    public void Clear() => Count = 0;

    /// <summary>Appends without restoring the heap order; call <see cref="Heapify"/> afterwards.</summary>
    public void AddUnordered(ulong key) => _items[Count++] = key;

    /// <summary>Floyd's bottom-up construction, O(n).</summary>
    public void Heapify()
    {
        for (int i = (Count / 2) - 1; i >= 0; i--)
        {
            SiftDown(i, _items[i]);
        }
    }

    public void Push(ulong key)
    {
        ulong[] items = _items;
        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            ulong p = items[parent];
            if (p >= key)
            {
                break;
            }

            items[i] = p;
            i = parent;
        }

        items[i] = key;
    }

    public ulong Pop()
    {
        ulong[] items = _items;
        ulong top = items[0];
        int last = --Count;
        if (last > 0)
        {
            SiftDown(0, items[last]);
        }

        return top;
    }

    /// <summary>Moves the hole at <paramref name="i"/> down until <paramref name="key"/> fits.</summary>
    private void SiftDown(int i, ulong key)
    {
        ulong[] items = _items;
        int count = Count;
        while (true)
        {
            int child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }

            ulong c = items[child];
            if (child + 1 < count && items[child + 1] > c)
            {
                child++;
                c = items[child];
            }

            if (key >= c)
            {
                break;
            }

            items[i] = c;
            i = child;
        }

        items[i] = key;
    }
}

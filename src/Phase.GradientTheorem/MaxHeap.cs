using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Phase.GradientTheorem;

/// <summary>
/// A 4-ary max-heap of 64-bit keys in one preallocated array: no per-item allocation, no comparer calls.
/// Callers pack a non-negative float magnitude (whose IEEE bits order like the values) in the high 32 bits and an
/// index in the low 32 bits, so one integer comparison orders by magnitude and breaks ties by index; keys are unique,
/// so the sequence of pops is the same for any correct heap.
/// </summary>
/// <remarks>Four children per node halve the depth of a binary heap, and the largest of the four (adjacent in memory) is
/// chosen without data-dependent branches. <see cref="ReplaceTop"/> pops and pushes in one sift-down, which is what heap
/// integration does most: the popped coefficient's loudest new neighbour is usually close to it in magnitude, so it
/// stays near the top.</remarks>
internal sealed class MaxHeap
{
    private readonly ulong[] _items;

    public MaxHeap(int capacity) => _items = new ulong[Math.Max(1, capacity)];

    public int Count { get; private set; }

    /// <summary>The largest key (the heap must not be empty).</summary>
    public ulong Top => _items[0];

    /// <summary>Packs a magnitude (≥ 0, finite) and an index into a key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Key(float magnitude, int index) => ((ulong)BitConverter.SingleToUInt32Bits(magnitude) << 32) | (uint)index;

    /// <summary>The index packed in a key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Index(ulong key) => (int)(uint)key;

    public void Clear() => Count = 0;

    /// <summary>The keys in heap order (for <see cref="LevelQueue"/>'s spill; restore the order with <see cref="Truncate"/>
    /// and <see cref="Heapify"/>).</summary>
    public Span<ulong> Items => _items.AsSpan(0, Count);

    /// <summary>Keeps the first <paramref name="count"/> keys of <see cref="Items"/> (call <see cref="Heapify"/> next).</summary>
    public void Truncate(int count) => Count = count;

    /// <summary>Appends without restoring the heap order; call <see cref="Heapify"/> afterwards.</summary>
    public void AddUnordered(ulong key) => _items[Count++] = key;

    /// <summary>Appends <paramref name="key"/> when <paramref name="keep"/> is 1 (and writes past the end when 0, which
    /// the next append overwrites), without a branch; call <see cref="Heapify"/> afterwards.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddUnorderedIf(ulong key, int keep)
    {
        ref ulong items = ref MemoryMarshal.GetArrayDataReference(_items);
        int count = Count;
        if (count >= _items.Length)
        {
            ThrowFull();
        }

        Unsafe.Add(ref items, count) = key;
        Count = count + keep;
    }

    /// <summary>Bottom-up construction, O(n).</summary>
    public void Heapify()
    {
        for (int i = (Count - 2) >> 2; i >= 0; i--)
        {
            SiftDown(i, _items[i]);
        }
    }

    public void Push(ulong key)
    {
        ref ulong items = ref MemoryMarshal.GetArrayDataReference(_items);
        int i = Count++;
        if (i >= _items.Length)
        {
            ThrowFull();
        }

        while (i > 0)
        {
            int parent = (i - 1) >> 2;
            ulong p = Unsafe.Add(ref items, parent);
            if (p >= key)
            {
                break;
            }

            Unsafe.Add(ref items, i) = p;
            i = parent;
        }

        Unsafe.Add(ref items, i) = key;
    }

    /// <summary>Removes and returns the largest key (the heap must not be empty).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Pop()
    {
        ref ulong items = ref MemoryMarshal.GetArrayDataReference(_items);
        ulong top = items;
        int last = --Count;
        if (last > 0)
        {
            SiftDown(0, Unsafe.Add(ref items, last));
        }

        return top;
    }

    /// <summary>Removes the largest key and inserts <paramref name="key"/> (one sift-down; the heap must not be empty).</summary>
    public void ReplaceTop(ulong key) => SiftDown(0, key);

    /// <summary>Moves the hole at <paramref name="i"/> down until <paramref name="key"/> fits.</summary>
    private void SiftDown(int i, ulong key)
    {
        ref ulong items = ref MemoryMarshal.GetArrayDataReference(_items);
        int count = Count;
        while (true)
        {
            int c = (4 * i) + 1;
            ulong best;
            int at;
            if (c + 3 < count)
            {
                ulong c0 = Unsafe.Add(ref items, c), c1 = Unsafe.Add(ref items, c + 1);
                ulong c2 = Unsafe.Add(ref items, c + 2), c3 = Unsafe.Add(ref items, c + 3);
                int a01 = c1 > c0 ? c + 1 : c;
                ulong m01 = Math.Max(c0, c1);
                int a23 = c3 > c2 ? c + 3 : c + 2;
                ulong m23 = Math.Max(c2, c3);
                at = m23 > m01 ? a23 : a01;
                best = Math.Max(m01, m23);
            }
            else
            {
                if (c >= count)
                {
                    break;
                }

                at = c;
                best = Unsafe.Add(ref items, c);
                for (int j = c + 1; j < count; j++)
                {
                    if (Unsafe.Add(ref items, j) > best)
                    {
                        best = Unsafe.Add(ref items, j);
                        at = j;
                    }
                }
            }

            if (key >= best)
            {
                break;
            }

            Unsafe.Add(ref items, i) = best;
            i = at;
        }

        Unsafe.Add(ref items, i) = key;
    }

    private static void ThrowFull() => throw new InvalidOperationException("The heap is full.");
}

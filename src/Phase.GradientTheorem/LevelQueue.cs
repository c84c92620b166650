using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Phase.GradientTheorem;

/// <summary>
/// An exact max-priority queue of <see cref="MaxHeap"/> keys (magnitude bits, then code) for heap integration: keys at or
/// above the current level go on a small 4-ary heap, keys below it wait unsorted in buckets of 1/256 octave (the top 16
/// bits of the magnitude: exponent and 8 mantissa bits), and when the heap runs empty the highest non-empty bucket becomes the level and is heapified.
/// </summary>
/// <remarks>
/// <para>Every waiting key is below every key on the heap, so keys come out in exactly the order of one global heap
/// (keys are unique). The heap holds only the coefficients near the loudness being integrated — about one bucket's
/// worth instead of the whole frontier: more than 16 keys spill, keeping only the top bucket — so it stays in L1 and a
/// pop walks a few levels; a waiting key costs an append. A waiting key
/// whose coefficient has no unassigned neighbour left when its bucket comes up is dropped: popping it would assign
/// nothing (a leaf of the integration tree), so the pops that do something are unchanged.</para>
/// <para>Preallocated: <c>capacity</c> keys (each key may be pushed once between <see cref="Clear"/>s), no allocation per
/// operation. Not thread-safe.</para>
/// </remarks>
internal sealed class LevelQueue
{
    private const int BucketBits = 16; // 8 exponent + 8 mantissa bits: 1/256 octave
    private const int Buckets = 1 << BucketBits;
    // A heap this large keeps only its top bucket and lets the rest wait. Small on purpose: a louder key pushed onto a
    // heap of the level's bucket (the integration climbing) then soon makes its bucket the level, so sift-downs stay
    // shallow, and the keys sent back to wait get another chance to be dropped at their refill. 16 measured 11-14 %
    // faster PGHI on speech than 512 (1.5 and 10 s); noise, flat and ramp magnitudes within ±10 % (docs/algorithms/pghi.md).
    private const int SpillSize = 16;

    private readonly MaxHeap _heap;
    private readonly ulong[] _keys;   // waiting keys, by slot
    private readonly int[] _next;     // the next slot of the same bucket, or −1
    private readonly int[] _free;     // slots given back by Refill
    private readonly int[] _head = new int[Buckets]; // the first slot of each bucket (valid where _occupied says so)
    private readonly ulong[] _occupied = new ulong[Buckets / 64];
    private int _used;
    private int _freeCount;
    private int _waiting;
    private int _level;

    public LevelQueue(int capacity)
    {
        _heap = new MaxHeap(capacity);
        _keys = new ulong[Math.Max(1, capacity)];
        _next = new int[Math.Max(1, capacity)];
        _free = new int[Math.Max(1, capacity)];
        _level = Buckets;
    }

    public void Clear()
    {
        _heap.Clear();
        if (_waiting > 0)
        {
            Array.Clear(_occupied);
        }

        _used = 0;
        _freeCount = 0;
        _waiting = 0;
        _level = Buckets;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Bucket(ulong key) => (int)(key >> (63 - BucketBits));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(ulong key)
    {
        int bucket = Bucket(key);
        if (bucket >= _level)
        {
            _heap.Push(key);
            if (_heap.Count > SpillSize)
            {
                Spill();
            }
        }
        else
        {
            Wait(key, bucket);
        }
    }

    /// <summary>The largest key, skipping waiting keys whose coefficient has no unassigned neighbour left (popping
    /// them would do nothing); false when none is left.</summary>
    /// <param name="done">The integrator's assigned flags, window-local, <paramref name="rows"/> × <paramref name="bins"/>.</param>
    /// <param name="bins">Bins per frame.</param>
    /// <param name="rows">Frames in the window.</param>
    /// <param name="shift">Bits of the bin in a key's frame/bin code.</param>
    /// <param name="top">The largest key.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryTop(ReadOnlySpan<bool> done, int bins, int rows, int shift, out ulong top)
    {
        while (_heap.Count == 0)
        {
            if (_waiting == 0)
            {
                top = 0;
                return false;
            }

            Refill(done, bins, rows, shift);
        }

        top = _heap.Top;
        return true;
    }

    /// <summary>Removes the largest key (after <see cref="TryTop"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RemoveTop() => _heap.Pop();

    /// <summary>Removes the largest key (after <see cref="TryTop"/>) and inserts <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ReplaceTop(ulong key)
    {
        int bucket = Bucket(key);
        if (bucket >= _level)
        {
            _heap.ReplaceTop(key);
        }
        else
        {
            _heap.Pop();
            Wait(key, bucket);
        }
    }

    private void Wait(ulong key, int bucket)
    {
        int slot = _freeCount > 0 ? _free[--_freeCount] : _used++;
        _keys[slot] = key;
        ref ulong word = ref _occupied[bucket >> 6];
        ulong bit = 1UL << bucket;
        _next[slot] = (word & bit) != 0 ? _head[bucket] : -1;
        _head[bucket] = slot;
        word |= bit;
        _waiting++;
    }

    /// <summary>Raises the level to the top key's bucket and lets the heap's keys below it wait: the heap grew because
    /// the integration climbed into a louder region while the level was low.</summary>
    private void Spill()
    {
        Span<ulong> items = _heap.Items;
        int level = Bucket(items[0]);
        if (level <= _level)
        {
            return;
        }

        _level = level;
        int kept = 0;
        for (int i = 0; i < items.Length; i++)
        {
            ulong key = items[i];
            int bucket = Bucket(key);
            if (bucket >= level)
            {
                items[kept++] = key;
            }
            else
            {
                Wait(key, bucket);
            }
        }

        _heap.Truncate(kept);
        _heap.Heapify();
    }

    /// <summary>Moves the highest non-empty bucket onto the (empty) heap and makes it the level.</summary>
    private void Refill(ReadOnlySpan<bool> done, int bins, int rows, int shift)
    {
        // Every waiting key's bucket is below the level, so the highest set bit at or below the level's word is the one.
        int word = (_level - 1) >> 6;
        ulong bits = word >= 0 ? _occupied[word] : 0;
        while (bits == 0)
        {
            if (--word < 0)
            {
                throw new InvalidOperationException("The queue is empty.");
            }

            bits = _occupied[word];
        }

        int bucket = (word << 6) + 63 - BitOperations.LeadingZeroCount(bits);
        _occupied[word] &= ~(1UL << bucket);
        _level = bucket;
        ref ulong keys = ref MemoryMarshal.GetArrayDataReference(_keys);
        ref int next = ref MemoryMarshal.GetArrayDataReference(_next);
        ref int free = ref MemoryMarshal.GetArrayDataReference(_free);
        ref bool flags = ref MemoryMarshal.GetReference(done);
        uint mask = (1u << shift) - 1;
        int freeCount = _freeCount, taken = 0;
        for (int slot = _head[bucket]; slot >= 0; slot = Unsafe.Add(ref next, slot))
        {
            ulong key = Unsafe.Add(ref keys, slot);
            Unsafe.Add(ref free, freeCount++) = slot;
            taken++;

            // Kept when a neighbour is unassigned, without branches: a neighbour outside the window is replaced by the
            // coefficient itself, which is assigned.
            uint code = (uint)key;
            int n = (int)(code >> shift), k = (int)(code & mask), i = (n * bins) + k;
            int unassigned = Unsafe.As<bool, byte>(ref Unsafe.Add(ref flags, i + (((k - bins + 1) >> 31) & 1)))
                & Unsafe.As<bool, byte>(ref Unsafe.Add(ref flags, i - ((-k >> 31) & 1)))
                & Unsafe.As<bool, byte>(ref Unsafe.Add(ref flags, i + (((n - rows + 1) >> 31) & bins)))
                & Unsafe.As<bool, byte>(ref Unsafe.Add(ref flags, i - ((-n >> 31) & bins)))
                ^ 1;
            _heap.AddUnorderedIf(key, unassigned);
        }

        _freeCount = freeCount;
        _waiting -= taken;
        _heap.Heapify();
    }
}

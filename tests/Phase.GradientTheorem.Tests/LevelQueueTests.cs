using Phase.GradientTheorem;

namespace Phase.Tests.GradientTheorem;

/// <summary>
/// <see cref="LevelQueue"/> (heap above the current level, 1/256-octave buckets below, spill of a heap that grew large
/// back into the buckets) must pop exactly what one global max-priority queue pops. Oracle: a
/// <see cref="SortedSet{T}"/> of the same keys. Every coefficient keeps an unassigned neighbour (all flags false), so
/// the queue has nothing to drop and the two sequences must be identical.
/// </summary>
public class LevelQueueTests
{
    private const int Shift = 4;           // bits of the bin in a key's code
    private const int Bins = 1 << Shift;
    private const int Rows = 4096;         // codes up to Rows·Bins

    [Theory]
    [InlineData(1, 0.0, 3000)]   // magnitudes spread over 40 octaves
    [InlineData(2, 1.0, 3000)]   // clustered within a few octaves: long bucket lists
    [InlineData(3, 0.5, 20000)]  // mixed, long enough to spill many times
    public void Pops_the_same_sequence_as_a_sorted_set(int seed, double clustering, int operations)
    {
        var random = new Random(seed);
        var queue = new LevelQueue(Rows * Bins);
        var oracle = new SortedSet<ulong>();
        var done = new bool[Rows * Bins];
        var codes = Enumerable.Range(0, Rows * Bins).OrderBy(_ => random.Next()).ToArray();
        int nextCode = 0;
        ulong NewKey(float around)
        {
            double octaves = clustering > 0 && random.NextDouble() < clustering ? (random.NextDouble() - 0.5) * 0.05 : (random.NextDouble() - 0.5) * 40;
            float magnitude = random.Next(8) == 0 ? around : (float)(around * Math.Pow(2, octaves)); // ties in magnitude
            return MaxHeap.Key(magnitude, codes[nextCode++]);
        }

        for (int round = 0; round < 3; round++)
        {
            queue.Clear();
            oracle.Clear();
            Array.Clear(done);
            nextCode = 0;
            for (int i = 0; i < 50; i++)
            {
                Push(NewKey(1f));
            }

            int pops = 0;
            for (int op = 0; op < operations && nextCode < codes.Length - 8; op++)
            {
                Assert.True(queue.TryTop(done, Bins, Rows, Shift, out ulong top));
                Assert.Equal(oracle.Max, top);
                pops++;

                // As in the integration: the popped key is replaced by a neighbour of similar loudness (sometimes a much
                // louder one, which grows the heap past its spill size), and 0–3 more are pushed.
                float magnitude = BitConverter.UInt32BitsToSingle((uint)(top >> 32));
                int news = random.Next(5);
                if (news == 0)
                {
                    queue.RemoveTop();
                    oracle.Remove(top);
                    if (oracle.Count == 0)
                    {
                        Push(NewKey(1f));
                    }

                    continue;
                }

                ulong replacement = NewKey(random.Next(50) == 0 ? magnitude * 1e6f : magnitude);
                queue.ReplaceTop(replacement);
                oracle.Remove(top);
                oracle.Add(replacement);
                for (int m = 1; m < news; m++)
                {
                    Push(NewKey(magnitude));
                }
            }

            // Drain: every remaining key in order.
            while (queue.TryTop(done, Bins, Rows, Shift, out ulong top))
            {
                Assert.Equal(oracle.Max, top);
                queue.RemoveTop();
                oracle.Remove(top);
            }

            Assert.Empty(oracle);
            Assert.True(pops > 0);
        }

        void Push(ulong key)
        {
            queue.Push(key);
            Assert.True(oracle.Add(key));
        }
    }

    [Fact]
    public void Many_keys_in_one_bucket_and_a_heap_past_its_spill_size_keep_the_order()
    {
        // 3000 keys of nearly equal magnitude (one 1/256-octave bucket) below the level, then 2000 louder ones that grow
        // the heap past its spill size, then everything popped: the bucket is refilled and heapified in one piece.
        var queue = new LevelQueue(Rows * Bins);
        var oracle = new SortedSet<ulong>();
        var done = new bool[Rows * Bins];
        queue.Push(MaxHeap.Key(100f, 0));
        oracle.Add(MaxHeap.Key(100f, 0));
        Assert.True(queue.TryTop(done, Bins, Rows, Shift, out _)); // level: the bucket of 100
        for (int i = 1; i <= 3000; i++)
        {
            ulong key = MaxHeap.Key(1f + (i % 7 * 1e-4f), i);
            queue.Push(key);
            oracle.Add(key);
        }

        for (int i = 3001; i <= 5000; i++)
        {
            ulong key = MaxHeap.Key(100f + i, i);
            queue.Push(key);
            oracle.Add(key);
        }

        while (queue.TryTop(done, Bins, Rows, Shift, out ulong top))
        {
            Assert.Equal(oracle.Max, top);
            queue.RemoveTop();
            oracle.Remove(top);
        }

        Assert.Empty(oracle);
    }
}

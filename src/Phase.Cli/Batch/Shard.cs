using System.Globalization;
using System.Text;

namespace Phase.Cli.Batch;

/// <summary>
/// <c>--shard i/n</c>: this run takes the files whose relative output path <c>p</c> (the name below the output
/// directory, '/'-separated, UTF-8) has <c>FNV-1a-64(p) mod n = i</c>, with <c>0 ≤ i &lt; n</c>. The assignment depends
/// only on the file's own name — not on which other files exist or in which order they were listed — so the n shards
/// are disjoint and together cover every file even when machines see the corpus at different moments; with many
/// files each shard gets about 1/n of them.
/// </summary>
internal readonly record struct Shard(int Index, int Count)
{
    public static Shard All => new(0, 1);

    /// <summary>Parses <c>i/n</c>.</summary>
    public static Shard Parse(string text)
    {
        string[] parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && count >= 1 && index < count)
        {
            return new Shard(index, count);
        }

        throw new CliUsageException($"--shard expects i/n with 0 ≤ i < n (e.g. 0/4 … 3/4; a job array's 0-based task index as i); got '{text}'.");
    }

    public bool Contains(string relativeOutput) => Count == 1 || (int)(Fnv1a64(relativeOutput) % (ulong)Count) == Index;

    /// <summary>64-bit FNV-1a of the UTF-8 bytes: offset basis 14695981039346656037, prime 1099511628211.</summary>
    public static ulong Fnv1a64(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        return hash;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}

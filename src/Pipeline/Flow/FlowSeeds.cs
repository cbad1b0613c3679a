namespace DataflowLung.Pipeline.Flow;

/// <summary>Seeds and shuffles that depend only on their inputs (never on thread timing, process or .NET
/// version): SplitMix64 mixing and FNV-1a over names, so a chunk's augmentation seed is the same whichever
/// thread gets it first.</summary>
public static class FlowSeeds
{
    /// <summary>SplitMix64's finaliser: a bijective avalanche of 64 bits.</summary>
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>A stable 64-bit hash of a name (string.GetHashCode is randomised per process).</summary>
    public static ulong HashName(string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in name)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }

    /// <summary>The seed of one item of one epoch: distinct for distinct (seed, epoch, purpose, name).</summary>
    public static long For(long seed, int epoch, string purpose, string name) =>
        (long)Mix(Mix(Mix((ulong)seed) ^ (ulong)(uint)epoch) ^ HashName(purpose) ^ Mix(HashName(name)));

    /// <summary>Fisher–Yates with a SplitMix64 stream: the same permutation for the same seed everywhere.</summary>
    public static T[] Shuffle<T>(IReadOnlyList<T> items, long seed)
    {
        var result = items.ToArray();
        ulong state = (ulong)seed;
        for (int i = result.Length - 1; i > 0; i--)
        {
            state += 0x9E3779B97F4A7C15UL;
            int j = (int)(((UInt128)Mix(state) * (ulong)(i + 1)) >> 64);
            (result[i], result[j]) = (result[j], result[i]);
        }
        return result;
    }
}

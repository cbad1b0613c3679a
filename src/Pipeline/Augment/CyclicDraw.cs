namespace DataflowLung.Pipeline.Augment;

/// <summary>The original's way of taking <c>count</c> items from a pool that may be smaller than
/// <c>count</c>: repeat the (shuffled) pool cyclically, then shuffle the result, so every item appears
/// ⌊count/n⌋ or ⌈count/n⌉ times.</summary>
internal static class CyclicDraw
{
    internal static int[] Take(IReadOnlyList<int> pool, int count, SeededRandom rng)
    {
        if (pool.Count == 0 || count <= 0) return [];
        var shuffled = pool.ToArray();
        rng.Shuffle(shuffled);
        var drawn = new int[count];
        for (int i = 0; i < count; i++) drawn[i] = shuffled[i % shuffled.Length];
        rng.Shuffle(drawn);
        return drawn;
    }

    /// <summary>A pool label as the class index it stands for (labels arrive as floats).</summary>
    internal static int ClassOf(float label) => (int)MathF.Round(label);
}

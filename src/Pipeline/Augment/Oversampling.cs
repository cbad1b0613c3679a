namespace DataflowLung.Pipeline.Augment;

/// <summary>Random oversampling within an epoch (the original's cw option): every class present but
/// smaller than the largest gets extra draws of its own members, by cyclic repetition, until it reaches the
/// largest class's count.</summary>
public static class Oversampling
{
    /// <summary>Positions in <paramref name="classIndices"/> to repeat this epoch (each class's extras
    /// together, classes in index order); the caller adds them to the epoch and shuffles.</summary>
    public static IReadOnlyList<int> Plan(IReadOnlyList<int> classIndices, long seed)
    {
        var members = classIndices.Select((c, position) => (c, position))
            .GroupBy(e => e.c)
            .OrderBy(g => g.Key)
            .Select(g => g.Select(e => e.position).ToList())
            .ToList();
        if (members.Count == 0) return [];
        int target = members.Max(m => m.Count);
        var rng = SeededRandom.For(seed);
        var extra = new List<int>();
        foreach (var positions in members) extra.AddRange(CyclicDraw.Take(positions, target - positions.Count, rng));
        return extra;
    }
}

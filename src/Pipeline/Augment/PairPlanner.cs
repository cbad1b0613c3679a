namespace DataflowLung.Pipeline.Augment;

/// <summary>The original's pair selection for spectrogram mixers: pool one = class <c>labelOne</c>, pool
/// two = class <c>labelTwo</c> (padded chunks dropped under no_pad); count = int(min(n1, n2) × quantity);
/// each pool drawn to that count by cyclic repetition and shuffled; zipped; one λ ~ U(min, max) per pair.</summary>
internal static class PairPlanner
{
    internal static IReadOnlyList<(int A, int B, double Lambda)> Plan(
        IReadOnlyList<(int Index, float Label, bool Padded)> pool,
        int labelOne, int labelTwo, double quantity, bool noPad, double minVal, double maxVal, long seed)
    {
        List<int> Members(int label) =>
            pool.Where(e => CyclicDraw.ClassOf(e.Label) == label && !(noPad && e.Padded)).Select(e => e.Index).ToList();

        var one = Members(labelOne);
        var two = Members(labelTwo);
        int count = (int)(Math.Min(one.Count, two.Count) * quantity);
        var rng = SeededRandom.For(seed);
        var a = CyclicDraw.Take(one, count, rng);
        var b = CyclicDraw.Take(two, count, rng);
        var pairs = new (int A, int B, double Lambda)[count];
        for (int i = 0; i < count; i++) pairs[i] = (a[i], b[i], rng.Uniform(minVal, maxVal));
        return pairs;
    }
}

namespace DataflowLung.Pipeline.Augment;

/// <summary>MixUp on (dB) spectrograms as the original did: S = λ·S1 + (1 − λ)·S2 with the soft label
/// λ·y1 + (1 − λ)·y2 (BCE accepts soft targets).</summary>
public static class Mixup
{
    public const string Kind = "mixup";

    public static Features Mix(Features a, Features b, double lambda, long? seed = null)
    {
        SpecShapes.RequireSame(a, b, Kind);
        var values = new float[a.Values.Length];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(lambda * a.Values[i] + (1.0 - lambda) * b.Values[i]);
        return a with
        {
            Values = values,
            Labels = SpecShapes.BlendLabels(a.Labels, b.Labels, lambda),
            Name = $"{Kind}({a.Name},{b.Name})",
            Padded = a.Padded || b.Padded,
            Augmentation = Kind,
            AugmentSeed = seed,
        };
    }

    /// <summary>The augmenter: λ ~ U(minval, maxval) from <paramref name="seed"/>.</summary>
    public static Features Augment(Features a, Features b, MixupParams p, long seed) =>
        Mix(a, b, SeededRandom.For(seed).Uniform(p.MinVal, p.MaxVal), seed);

    public static IReadOnlyList<(int A, int B, double Lambda)> PlanPairs(
        IReadOnlyList<(int Index, float Label, bool Padded)> pool, MixupParams p, long seed) =>
        PairPlanner.Plan(pool, p.LabelOne, p.LabelTwo, p.Quantity, p.NoPad, p.MinVal, p.MaxVal, seed);
}

namespace DataflowLung.Pipeline.Augment;

/// <summary>CutMix on spectrograms as the original did: a box with sides √(1 − λ) of the image, centre
/// uniform, clipped to the image, is copied from S2 into S1; the label weight of S1 is
/// 1 − box area / image area (the clipped area, so labels match the pixels).</summary>
public static class CutMix
{
    public const string Kind = "cutmix";

    /// <summary>The box for λ from <paramref name="rng"/>: cut sizes int(side·√(1 − λ)), centre uniform.</summary>
    public static CutMixBox DrawBox(int mels, int frames, double lambda, SeededRandom rng)
    {
        double ratio = Math.Sqrt(1.0 - lambda);
        int cutMels = (int)(mels * ratio), cutFrames = (int)(frames * ratio);
        int cm = rng.NextInt(mels), cf = rng.NextInt(frames);
        return new CutMixBox(
            Math.Clamp(cm - cutMels / 2, 0, mels), Math.Clamp(cm + cutMels / 2, 0, mels),
            Math.Clamp(cf - cutFrames / 2, 0, frames), Math.Clamp(cf + cutFrames / 2, 0, frames));
    }

    public static Features Mix(Features a, Features b, CutMixBox box, long? seed = null)
    {
        SpecShapes.RequireSame(a, b, Kind);
        var values = (float[])a.Values.Clone();
        for (int m = box.Mel0; m < box.Mel1; m++)
            b.Values.AsSpan(m * a.Frames + box.Frame0, box.Frame1 - box.Frame0).CopyTo(values.AsSpan(m * a.Frames + box.Frame0));
        double weightOfA = 1.0 - (double)box.Area / (a.Mels * a.Frames);
        return a with
        {
            Values = values,
            Labels = SpecShapes.BlendLabels(a.Labels, b.Labels, weightOfA),
            Name = $"{Kind}({a.Name},{b.Name})",
            Padded = a.Padded || b.Padded,
            Augmentation = Kind,
            AugmentSeed = seed,
        };
    }

    /// <summary>CutMix for a planned λ (from <see cref="PlanPairs"/>); the box centre comes from <paramref name="seed"/>.</summary>
    public static Features Mix(Features a, Features b, double lambda, long seed) =>
        Mix(a, b, DrawBox(a.Mels, a.Frames, lambda, SeededRandom.For(seed)), seed);

    /// <summary>The augmenter: λ ~ U(minval, maxval) then the box, both from <paramref name="seed"/>.</summary>
    public static Features Augment(Features a, Features b, CutMixParams p, long seed)
    {
        var rng = SeededRandom.For(seed);
        double lambda = rng.Uniform(p.MinVal, p.MaxVal);
        return Mix(a, b, DrawBox(a.Mels, a.Frames, lambda, rng), seed);
    }

    public static IReadOnlyList<(int A, int B, double Lambda)> PlanPairs(
        IReadOnlyList<(int Index, float Label, bool Padded)> pool, CutMixParams p, long seed) =>
        PairPlanner.Plan(pool, p.LabelOne, p.LabelTwo, p.Quantity, p.NoPad, p.MinVal, p.MaxVal, seed);
}

namespace DataflowLung.Pipeline.Augment;

/// <summary>AugMix on audio as the original used it, mixing in the feature domain:
/// out = (1 − m)·melDB(x) + m·Σᵢ wᵢ·melDB(chainᵢ(x)). The feature function is the caller's (the kernels
/// backend), so this stays independent of how features are computed. The label is unchanged.</summary>
public static class AudioAugMix
{
    /// <summary>Features of the mixed sample. Draw order from <paramref name="seed"/>: m, then the Dirichlet
    /// weights, then one seed per op of each chain (chain by chain, ops in order).</summary>
    public static float[] Apply(float[] x, int sampleRate, AugMixParams p, Func<float[], float[]> melDb, long seed)
    {
        var rng = SeededRandom.For(seed);
        double m = rng.Uniform(p.MinVal, p.MaxVal);
        double[] weights = rng.NextDirichlet(p.DirichletAlpha, p.Width);

        float[] original = melDb(x);
        var mixed = new double[original.Length];
        for (int chain = 0; chain < p.Width; chain++)
        {
            float[] audio = x;
            foreach (var op in p.AugFunctions) audio = AudioOps.Apply(op, audio, sampleRate, p.Ops, rng.NextSeed());
            float[] features = melDb(audio);
            if (features.Length != original.Length)
                throw new InvalidOperationException($"feature function returned {features.Length} values for an augmented chain, {original.Length} for the original");
            for (int i = 0; i < mixed.Length; i++) mixed[i] += weights[chain] * features[i];
        }

        var result = new float[original.Length];
        for (int i = 0; i < result.Length; i++) result[i] = (float)((1.0 - m) * original[i] + m * mixed[i]);
        return result;
    }

    /// <summary>Which pool entries get an AugMix sample: those of class <c>p.Label</c> (−1 = all),
    /// int(n × quantity) of them by cyclic draw. Works on any pool (a whole set or a streaming window).</summary>
    public static IReadOnlyList<int> PlanSelection(IReadOnlyList<(int Index, float Label)> pool, AugMixParams p, long seed)
    {
        var eligible = pool.Where(e => p.Label == -1 || CyclicDraw.ClassOf(e.Label) == p.Label).Select(e => e.Index).ToList();
        return CyclicDraw.Take(eligible, (int)(eligible.Count * p.Quantity), SeededRandom.For(seed));
    }
}

namespace DataflowLung.Pipeline.Augment;

/// <summary>Random loudness change: every sample times one gain drawn uniformly in [min, max].</summary>
public static class Gain
{
    public static float[] Apply(float[] x, double minGain, double maxGain, long seed)
    {
        float gain = (float)SeededRandom.For(seed).Uniform(minGain, maxGain);
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i] * gain;
        return y;
    }

    public static float[] Augment(float[] x, GainParams p, long seed) => Apply(x, p.MinGain, p.MaxGain, seed);
}

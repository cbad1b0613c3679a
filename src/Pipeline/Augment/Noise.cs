namespace DataflowLung.Pipeline.Augment;

/// <summary>Additive white Gaussian noise scaled to a target signal-to-noise ratio.</summary>
public static class Noise
{
    /// <summary>x + σ·N(0, 1) with σ² = mean(x²) / 10^(snr/10). A silent input stays silent: the SNR is
    /// relative to the signal, and there is none.</summary>
    public static float[] AddAtSnr(float[] x, double snrDb, long seed)
    {
        double power = 0;
        foreach (float v in x) power += (double)v * v;
        power = x.Length == 0 ? 0 : power / x.Length;
        var y = (float[])x.Clone();
        if (power == 0) return y;

        double sigma = Math.Sqrt(power / Math.Pow(10.0, snrDb / 10.0));
        var rng = SeededRandom.For(seed);
        for (int i = 0; i < y.Length; i++) y[i] = (float)(y[i] + sigma * rng.NextGaussian());
        return y;
    }

    public static float[] Augment(float[] x, NoiseParams p, long seed)
    {
        var rng = SeededRandom.For(seed);
        return AddAtSnr(x, rng.Uniform(p.MinSnrDb, p.MaxSnrDb), rng.NextSeed());
    }
}

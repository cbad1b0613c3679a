namespace DataflowLung.Tests.Kernels.Support;

/// <summary>Seeded test signals.</summary>
public static class Signals
{
    /// <summary>Uniform noise in [−amplitude, amplitude] plus a few seeded tones, as a lung recording has both.</summary>
    public static float[] Random(int seed, int length, float amplitude = 1f)
    {
        var rng = new Random(seed);
        double f1 = 50 + rng.NextDouble() * 3900, f2 = 50 + rng.NextDouble() * 3900;
        var x = new float[length];
        for (int i = 0; i < length; i++)
            x[i] = amplitude * (float)(0.5 * (rng.NextDouble() * 2 - 1) + 0.3 * Math.Sin(2 * Math.PI * f1 * i / 8000) + 0.2 * Math.Sin(2 * Math.PI * f2 * i / 8000));
        return x;
    }

    public static float[] Tone(double hz, int sampleRate, int length, float amplitude = 1f) =>
        Enumerable.Range(0, length).Select(i => amplitude * (float)Math.Sin(2 * Math.PI * hz * i / sampleRate)).ToArray();

    public static float[] Concat(params float[][] clips) => clips.SelectMany(c => c).ToArray();
}

using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Synthetic;

/// <summary>A breath-like signal with annotated respiratory cycles. Each cycle (2–5 s) is band-limited noise
/// (100–1000 Hz) under an inhale/exhale envelope (inhale 40 % of the cycle, exhale quieter); crackles are
/// explosive transients of a few ms (a sharp onset, then a decaying 200–1500 Hz oscillation); wheezes are
/// 100–1000 Hz tones of 200 ms or more with two harmonics and a slight glide. Only cycles that end inside the
/// recording are annotated (and carry events), as in ICBHI.</summary>
public static class LungSoundSynth
{
    public static (float[] Samples, Seq<CycleAnnotation> Cycles) Breathing(BreathProfile profile, double seconds, int sampleRate, Random rng)
    {
        int n = (int)Math.Round(seconds * sampleRate);
        var x = new float[n];
        var cycles = PlanCycles(profile, seconds, rng);
        BreathNoise(x, cycles, profile.HighFrequencyTilt, sampleRate, rng);
        foreach (var c in cycles)
        {
            if (c.Crackles)
            {
                int count = rng.Next(Math.Max(1, profile.MinCracklesPerCycle), Math.Max(1, profile.MaxCracklesPerCycle) + 1);
                for (int k = 0; k < count; k++)
                    AddCrackle(x, c.Start + rng.NextDouble() * c.Duration * 0.9, sampleRate, rng);
            }
            if (c.Wheezes)
                AddWheeze(x, c, sampleRate, rng);
        }
        Normalise(x, 0.9f);
        return (x, cycles);
    }

    static Seq<CycleAnnotation> PlanCycles(BreathProfile profile, double seconds, Random rng)
    {
        var cycles = new List<CycleAnnotation>();
        double t = Math.Round(rng.NextDouble() * 0.5, 3);
        while (true)
        {
            double duration = Math.Round(Math.Min(2 + 3 * rng.NextDouble(), seconds - t), 3);
            if (duration < 2 && cycles.Count > 0) break;
            if (t + duration > seconds) break;
            cycles.Add(new CycleAnnotation(t, Math.Round(t + duration, 3),
                rng.NextDouble() < profile.CrackleCycleProbability,
                rng.NextDouble() < profile.WheezeCycleProbability));
            t = Math.Round(t + duration, 3);
        }
        if (profile.RequireCrackles && !cycles.Exists(c => c.Crackles))
        {
            int i = rng.Next(cycles.Count);
            cycles[i] = cycles[i] with { Crackles = true };
        }
        if (profile.RequireWheezes && !cycles.Exists(c => c.Wheezes))
        {
            int i = rng.Next(cycles.Count);
            cycles[i] = cycles[i] with { Wheezes = true };
        }
        return toSeq(cycles);
    }

    /// <summary>Band-passed noise (RBJ biquad, centre 350 Hz, Q 0.6) under the breathing envelope, a faint
    /// noise floor, and (tilt) first-differenced noise that lifts the high frequencies.</summary>
    static void BreathNoise(float[] x, Seq<CycleAnnotation> cycles, double tilt, int rate, Random rng)
    {
        double w0 = 2 * Math.PI * 350 / rate, alpha = Math.Sin(w0) / (2 * 0.6), a0 = 1 + alpha;
        double b0 = alpha / a0, b2 = -alpha / a0, a1 = -2 * Math.Cos(w0) / a0, a2 = (1 - alpha) / a0;
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0, previous = 0;
        var span = cycles.ToArray();
        int ci = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double t = (double)i / rate;
            while (ci < span.Length && t >= span[ci].End) ci++;
            double env = ci < span.Length && t >= span[ci].Start ? Envelope((t - span[ci].Start) / span[ci].Duration) : 0;
            double white = 2 * rng.NextDouble() - 1;
            double y = b0 * white + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1; x1 = white; y2 = y1; y1 = y;
            double high = tilt * 0.12 * (white - previous) * (0.3 + env);
            previous = white;
            x[i] = (float)(0.35 * y * env + 0.004 * white + high);
        }
    }

    static double Envelope(double phase) => phase < 0.4
        ? Math.Pow(Math.Sin(Math.PI * phase / 0.4), 2)
        : 0.7 * Math.Pow(Math.Sin(Math.PI * (phase - 0.4) / 0.6), 2);

    static void AddCrackle(float[] x, double at, int rate, Random rng)
    {
        int s0 = (int)(at * rate);
        double f = 200 + rng.NextDouble() * (Math.Min(1500, 0.35 * rate) - 200);
        double tau = (1 + 2 * rng.NextDouble()) / 1000;
        double amplitude = (0.25 + 0.25 * rng.NextDouble()) * (rng.Next(2) == 0 ? 1 : -1);
        int length = (int)(0.012 * rate);
        for (int j = 0; j < length && s0 + j < x.Length; j++)
        {
            double t = (double)j / rate;
            x[s0 + j] += (float)(amplitude * Math.Exp(-t / tau) * Math.Cos(2 * Math.PI * f * t));
        }
    }

    static void AddWheeze(float[] x, CycleAnnotation c, int rate, Random rng)
    {
        double duration = Math.Min(0.2 + 0.8 * rng.NextDouble(), c.Duration * 0.6);
        double start = c.Start + rng.NextDouble() * (c.Duration - duration);
        double f0 = 100 + 900 * rng.NextDouble(), glide = 0.1 * (rng.NextDouble() - 0.5);
        double amplitude = 0.08 + 0.07 * rng.NextDouble();
        int s0 = (int)(start * rate), length = (int)(duration * rate);
        double phase = 0;
        for (int j = 0; j < length && s0 + j < x.Length; j++)
        {
            double progress = (double)j / length;
            double f = f0 * (1 + glide * progress);
            phase += 2 * Math.PI * f / rate;
            double v = 0;
            for (int h = 1; h <= 3; h++)
                if (h * f < 0.45 * rate) v += Math.Sin(h * phase) / (h * h);
            x[s0 + j] += (float)(amplitude * Math.Pow(Math.Sin(Math.PI * progress), 2) * v);
        }
    }

    static void Normalise(float[] x, float peak)
    {
        float max = 0;
        foreach (var v in x) max = Math.Max(max, Math.Abs(v));
        if (max <= peak) return;
        float g = peak / max;
        for (int i = 0; i < x.Length; i++) x[i] *= g;
    }
}

namespace DataflowLung.Kernels.Spectral;

/// <summary>What happens to a mel power spectrogram after the projection (single precision, shared by the
/// fast backends). Element-wise: natural log(x + ε) or cube root. Per spectrogram: decibels relative to the
/// maximum with a top_db floor (librosa power_to_db(ref=max)), then optional (x − mean)/std.</summary>
public static class Compression
{
    /// <summary>True when the element-wise step is all there is (no per-spectrogram pass needed).</summary>
    public static bool NeedsSpectrogramPass(FeatureParams p) => p.Log == LogMode.Decibel || p.Normalize;

    /// <summary>Decibel floor on the mel values: librosa's amin 1e-10 on power, i.e. 1e-5 on magnitude.</summary>
    public static double DecibelAmin(FeatureParams p) => p.Power == 1.0 ? 1e-5 : 1e-10;

    /// <summary>dB per unit of log10: 10 for power, 20 for magnitude (librosa amplitude_to_db).</summary>
    public static double DecibelScale(FeatureParams p) => p.Power == 1.0 ? 20.0 : 10.0;

    /// <summary>The per-spectrogram steps on one [n_mels × frames] spectrogram, in place.</summary>
    public static void ApplySpectrogramPass(Span<float> spectrogram, FeatureParams p)
    {
        if (p.Log == LogMode.Decibel) ToDecibels(spectrogram, p);
        if (p.Normalize) Standardize(spectrogram);
    }

    static void ToDecibels(Span<float> s, FeatureParams p)
    {
        float amin = (float)DecibelAmin(p), scale = (float)DecibelScale(p);
        float max = float.NegativeInfinity;
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = scale * MathF.Log10(MathF.Max(amin, s[i]));
            max = MathF.Max(max, s[i]);
        }
        float floor = -(float)p.TopDb;
        for (int i = 0; i < s.Length; i++) s[i] = MathF.Max(floor, s[i] - max);
    }

    static void Standardize(Span<float> s)
    {
        double sum = 0, sumSq = 0;
        foreach (float v in s) sum += v;
        double mean = sum / s.Length;
        foreach (float v in s) sumSq += (v - mean) * (v - mean);
        double std = Math.Sqrt(sumSq / s.Length);
        // A constant spectrogram (e.g. silence) has no spread: centre it rather than divide by zero.
        float inv = std > 1e-12 ? (float)(1.0 / std) : 1f;
        for (int i = 0; i < s.Length; i++) s[i] = (float)((s[i] - mean) * inv);
    }
}

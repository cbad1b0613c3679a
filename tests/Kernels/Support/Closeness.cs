namespace DataflowLung.Tests.Kernels.Support;

/// <summary>Element-wise comparison with |a − e| ≤ rel·max(1, |e|): relative for large values, absolute
/// near zero (log-mel values cross zero, where a purely relative bound is meaningless).</summary>
public static class Closeness
{
    public static double WorstExcess(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double rel)
    {
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / (rel * Math.Max(1.0, Math.Abs(expected[i]))));
        return worst;
    }

    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected, double rel, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int worstAt = -1;
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.False(float.IsNaN(actual[i]) || float.IsInfinity(actual[i]), $"{what}: non-finite value at {i}");
            double excess = Math.Abs(actual[i] - expected[i]) / (rel * Math.Max(1.0, Math.Abs(expected[i])));
            if (excess > worst) (worst, worstAt) = (excess, i);
        }
        Assert.True(worst <= 1.0, $"{what}: index {worstAt} is {(worstAt >= 0 ? actual[worstAt] : 0)}, expected {(worstAt >= 0 ? expected[worstAt] : 0)} (tolerance {rel} relative, exceeded {worst:F2}×)");
    }

    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double rel, string what)
    {
        var e = new double[expected.Length];
        for (int i = 0; i < e.Length; i++) e[i] = expected[i];
        AssertClose(actual, e, rel, what);
    }

    /// <summary>Log-mel comparison (natural log of power + ε) that allows, on top of <paramref name="rel"/>,
    /// the rounding floor of a float32 FFT: every bin's magnitude carries an error of about
    /// <see cref="Float32FftNoise"/>·√(peak power of the spectrogram), which is invisible near the peak but
    /// dominates bins far below it (70 dB and more, e.g. quiet high bands of real recordings or the gaps
    /// between the harmonics of a very short mirrored clip). Returns the worst error / allowed ratio.</summary>
    public static double WorstLogMelExcess(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, int spectrogramSize, double epsilon, double rel)
    {
        double worst = 0;
        for (int start = 0; start < expected.Length; start += spectrogramSize)
        {
            double peak = 0;
            for (int i = start; i < start + spectrogramSize; i++) peak = Math.Max(peak, Math.Exp(expected[i]) - epsilon);
            double a = Float32FftNoise * Math.Sqrt(peak);
            for (int i = start; i < start + spectrogramSize; i++)
            {
                double power = Math.Max(0, Math.Exp(expected[i]) - epsilon);
                double allowed = rel * Math.Max(1.0, Math.Abs(expected[i])) + (2 * Math.Sqrt(power) * a + a * a) / (power + epsilon);
                worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / allowed);
            }
        }
        return worst;
    }

    /// <summary>float32 machine epsilon (6e-8) × log2 of the FFT size (≈ 10) × 2 for safety.</summary>
    public const double Float32FftNoise = 1e-6;
}

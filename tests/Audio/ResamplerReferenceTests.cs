using DataflowLung.Pipeline.Audio;

namespace DataflowLung.Tests.Audio;

public class ResamplerReferenceTests
{
    /// <summary>The polyphase tables (exact and interpolated) compute the same filter as the direct sum.
    /// The only intended differences are float accumulation and the per-phase unit-sum normalisation (measured ≈ 7e-6).</summary>
    [Theory]
    [InlineData(44100, 8000)]  // 80 exact phases, long filter
    [InlineData(4000, 8000)]   // upsampling, 2 phases
    [InlineData(8000, 8476)]   // pitch-shift ratio, 2119 exact phases
    [InlineData(44100, 8001)]  // coprime: interpolated grid
    [InlineData(8001, 44100)]  // coprime upsampling: interpolated grid
    public void Polyphase_matches_direct_windowed_sinc_on_noise(int from, int to)
    {
        var random = new Random(from * 31 + to);
        var x = new float[from / 10];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        var q = ResamplerQuality.Default;

        var fast = Resampler.Resample(x, from, to, q);
        var slow = DirectSincReference.Resample(x, from, to, q.HalfLengthZeroCrossings, q.KaiserBeta, q.Cutoff);

        Assert.Equal(slow.Length, fast.Length);
        double err = 0, energy = 0;
        for (int k = 0; k < slow.Length; k++) { err += (fast[k] - slow[k]) * (fast[k] - slow[k]); energy += slow[k] * slow[k]; }
        Assert.True(Math.Sqrt(err / energy) < 5e-5, $"relative RMS difference {Math.Sqrt(err / energy):E2}");
    }
}

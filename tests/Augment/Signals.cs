using System.Numerics;
using DataflowLung.Kernels.Fourier;
using DataflowLung.Pipeline.Augment;
using FsCheck;
using FsCheck.Fluent;

namespace DataflowLung.Tests.Augment;

/// <summary>Test signals and a plain spectrum analyser for the audio augmenter properties.</summary>
internal static class Signals
{
    public static Arbitrary<long> Seeds => ArbMap.Default.ArbFor<long>();

    public static float[] Sine(double frequency, int sampleRate, int length, double amplitude = 0.5)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        return x;
    }

    public static float[] Noise(int length, long seed)
    {
        var rng = SeededRandom.For(seed);
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(0.3 * rng.NextGaussian());
        return x;
    }

    /// <summary>Frequency (Hz) of the strongest bin of a Hann-windowed <paramref name="nFft"/>-point
    /// spectrum of x[start..start+nFft).</summary>
    public static double DominantFrequency(float[] x, int start, int nFft, int sampleRate)
    {
        var buffer = new Complex[nFft];
        for (int i = 0; i < nFft; i++) buffer[i] = x[start + i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / nFft));
        ComplexFft.Forward(buffer);
        int best = 1;
        for (int k = 1; k <= nFft / 2; k++) if (buffer[k].Magnitude > buffer[best].Magnitude) best = k;
        return (double)best * sampleRate / nFft;
    }

    public static double Power(float[] x) => x.Length == 0 ? 0 : x.Sum(v => (double)v * v) / x.Length;

    public static double MaxAbsDifference(float[] a, float[] b) => a.Zip(b, (p, q) => Math.Abs((double)p - q)).DefaultIfEmpty(0).Max();
}

using System.Numerics;
using DataflowLung.Kernels.Cpu;
using DataflowLung.Kernels.Fourier;
using DataflowLung.Tests.Kernels.Support;
using FsCheck;
using FsCheck.Xunit;

namespace DataflowLung.Tests.Kernels;

/// <summary>The CPU backend's batched real FFT: Parseval, linearity, and equality with the textbook
/// double-precision complex FFT, for every power-of-two size from 2 to 4096.</summary>
public class SpectrumPropertyTests
{
    static int SizeFrom(byte exponent) => 1 << (1 + exponent % 12);

    static float[] Frames(int seed, int nFft, int count)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, nFft * count).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    static (float[] Re, float[] Im) Spectrum(BatchedRealFft fft, float[] frames)
    {
        int count = frames.Length / fft.NFft;
        var re = new float[count * fft.Bins];
        var im = new float[count * fft.Bins];
        fft.Forward(frames, re, im);
        return (re, im);
    }

    [Property(MaxTest = 40)]
    public bool Parseval_frame_energy_equals_spectrum_energy_over_n(int seed, byte exponent)
    {
        int n = SizeFrom(exponent), count = BatchedRealFft.Lanes;
        var fft = new BatchedRealFft(n);
        var frames = Frames(seed, n, count);
        var (re, im) = Spectrum(fft, frames);
        for (int lane = 0; lane < count; lane++)
        {
            double time = 0, freq = 0;
            for (int i = 0; i < n; i++) time += (double)frames[lane * n + i] * frames[lane * n + i];
            for (int k = 0; k < fft.Bins; k++)
            {
                double p = (double)re[lane * fft.Bins + k] * re[lane * fft.Bins + k] + (double)im[lane * fft.Bins + k] * im[lane * fft.Bins + k];
                freq += k == 0 || k == n / 2 ? p : 2 * p; // the one-sided spectrum holds the other half as conjugates
            }
            if (Math.Abs(time - freq / n) > 1e-5 * Math.Max(time, 1e-3)) return false;
        }
        return true;
    }

    [Property(MaxTest = 40)]
    public bool Transform_is_linear(int seed, byte exponent, NormalFloat a, NormalFloat b)
    {
        int n = SizeFrom(exponent);
        float fa = (float)Math.Clamp(a.Get, -10, 10), fb = (float)Math.Clamp(b.Get, -10, 10);
        var fft = new BatchedRealFft(n);
        var x = Frames(seed, n, 1);
        var y = Frames(seed + 1, n, 1);
        var mix = x.Zip(y, (u, v) => fa * u + fb * v).ToArray();
        var (xr, xi) = Spectrum(fft, x);
        var (yr, yi) = Spectrum(fft, y);
        var (mr, mi) = Spectrum(fft, mix);
        double scale = (Math.Abs(fa) + Math.Abs(fb) + 1e-3) * Math.Sqrt(n) * 2;
        for (int k = 0; k < fft.Bins; k++)
        {
            if (Math.Abs(mr[k] - (fa * xr[k] + fb * yr[k])) > 1e-5 * scale) return false;
            if (Math.Abs(mi[k] - (fa * xi[k] + fb * yi[k])) > 1e-5 * scale) return false;
        }
        return true;
    }

    [Property(MaxTest = 30)]
    public bool Equals_the_textbook_complex_fft_in_double_precision(int seed, byte exponent)
    {
        int n = SizeFrom(exponent), count = BatchedRealFft.Lanes;
        var fft = new BatchedRealFft(n);
        var frames = Frames(seed, n, count);
        var (re, im) = Spectrum(fft, frames);
        var z = new Complex[n];
        for (int lane = 0; lane < count; lane++)
        {
            for (int i = 0; i < n; i++) z[i] = frames[lane * n + i];
            ComplexFft.Forward(z);
            double bound = 1e-5 * Math.Sqrt(n) * Math.Log2(2 * n); // float error grows ~ √n·log n for unit-variance input
            for (int k = 0; k < fft.Bins; k++)
                if (Math.Abs(re[lane * fft.Bins + k] - z[k].Real) > bound || Math.Abs(im[lane * fft.Bins + k] - z[k].Imaginary) > bound)
                    return false;
        }
        return true;
    }
}

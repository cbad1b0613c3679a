using ILGPU;
using ILGPU.Algorithms;
using DataflowLung.Kernels.Spectral;

namespace DataflowLung.Kernels.Gpu;

/// <summary>The ILGPU kernels, one thread per output element. Rows are (clip, frame) pairs; a row's FFT
/// buffer holds the n_fft/2 complex points z[m] = x[2m] + i·x[2m+1] of the real-FFT trick.</summary>
public static class SpectrogramKernels
{
    /// <summary>Reflect-padded, windowed frames packed as complex pairs in bit-reversed order.</summary>
    public static void Frame(Index1D i, ArrayView<float> clips, ArrayView<float> window, ArrayView<int> bitReverse,
        ArrayView<float> re, ArrayView<float> im, FrameGeometry g)
    {
        int m = i % g.Half;
        int row = i / g.Half;
        int frame = row % g.Frames, clip = row / g.Frames;
        int start = frame * g.Hop - g.PadLeft + 2 * m;
        long clipBase = (long)clip * g.ClipSamples;
        long dst = (long)row * g.Half + bitReverse[m];
        re[dst] = clips[clipBase + Framing.Reflect(start, g.ClipSamples)] * window[2 * m];
        im[dst] = clips[clipBase + Framing.Reflect(start + 1, g.ClipSamples)] * window[2 * m + 1];
    }

    /// <summary>One radix-2 decimation-in-time stage of span <paramref name="len"/>: one thread per butterfly.</summary>
    public static void Butterfly(Index1D i, ArrayView<float> re, ArrayView<float> im, ArrayView<float> cos, ArrayView<float> sin,
        int half, int len)
    {
        int perRow = half / 2;
        int row = i / perRow, j = i % perRow;
        int hl = len / 2;
        int k = j % hl;
        long a = (long)row * half + (j / hl) * len + k, b = a + hl;
        int t = k * (half / len);
        float wr = cos[t], wi = sin[t];
        float br = re[b], bi = im[b];
        float tr = br * wr - bi * wi, ti = br * wi + bi * wr;
        float ar = re[a], ai = im[a];
        re[b] = ar - tr; im[b] = ai - ti;
        re[a] = ar + tr; im[a] = ai + ti;
    }

    /// <summary>One-sided real spectrum from the half-length complex one, then |X|^power (power 1 or 2).</summary>
    public static void Power(Index1D i, ArrayView<float> re, ArrayView<float> im, ArrayView<float> cos, ArrayView<float> sin,
        ArrayView<float> power, FrameGeometry g, int magnitude)
    {
        int k = i % g.Bins;
        long row = i / g.Bins;
        long rowBase = row * g.Half;
        int ka = k == g.Half ? 0 : k, kb = k == 0 ? 0 : g.Half - k;
        float ar = re[rowBase + ka], ai = im[rowBase + ka], br = re[rowBase + kb], bi = im[rowBase + kb];
        float evenR = 0.5f * (ar + br), evenI = 0.5f * (ai - bi);
        float oddR = 0.5f * (ai + bi), oddI = 0.5f * (br - ar);
        float c = cos[k], s = sin[k];
        float xr = evenR + c * oddR - s * oddI, xi = evenI + c * oddI + s * oddR;
        float pw = xr * xr + xi * xi;
        power[i] = magnitude != 0 ? XMath.Sqrt(pw) : pw;
    }

    /// <summary>Sparse mel projection (each filter reads only its own bins) and the element-wise compression
    /// (0 none, 1 natural log(x + ε), 2 cube root), written straight into the [clip, mel, frame] layout.</summary>
    public static void Mel(Index1D i, ArrayView<float> power, ArrayView<int> melFirst, ArrayView<int> melCount, ArrayView<int> melOffset,
        ArrayView<float> melWeights, ArrayView<float> output, FrameGeometry g, int compression, float epsilon)
    {
        int frame = i % g.Frames;
        int m = (i / g.Frames) % g.NMels;
        int clip = i / (g.Frames * g.NMels);
        long powerBase = ((long)clip * g.Frames + frame) * g.Bins + melFirst[m];
        int offset = melOffset[m];
        float acc = 0f;
        for (int j = 0; j < melCount[m]; j++) acc += melWeights[offset + j] * power[powerBase + j];
        if (compression == 1) acc = XMath.Log(acc + epsilon);
        else if (compression == 2) acc = acc > 0f ? XMath.Pow(acc, 1f / 3f) : 0f;
        output[i] = acc;
    }
}

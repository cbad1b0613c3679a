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

    /// <summary>Kaldi convention, first pass: each (clip, frame) row's mean over its win_length samples.</summary>
    public static void RowMean(Index1D row, ArrayView<float> clips, ArrayView<float> means, FrameGeometry g)
    {
        int frame = row % g.Frames, clip = row / g.Frames;
        long start = (long)clip * g.ClipSamples + (long)frame * g.Hop;
        double sum = 0;
        for (int n = 0; n < g.WinLength; n++) sum += clips[start + n];
        means[row] = (float)(sum / g.WinLength);
    }

    /// <summary>Kaldi convention, second pass: mean removed, pre-emphasis, window (zero past win_length), packed as
    /// complex pairs in bit-reversed order like <see cref="Frame"/>.</summary>
    public static void FrameKaldi(Index1D i, ArrayView<float> clips, ArrayView<float> means, ArrayView<float> window, ArrayView<int> bitReverse,
        ArrayView<float> re, ArrayView<float> im, FrameGeometry g)
    {
        int m = i % g.Half;
        int row = i / g.Half;
        int frame = row % g.Frames, clip = row / g.Frames;
        long start = (long)clip * g.ClipSamples + (long)frame * g.Hop;
        long dst = (long)row * g.Half + bitReverse[m];
        re[dst] = KaldiSample(clips, start, 2 * m, means[row], window, g);
        im[dst] = KaldiSample(clips, start, 2 * m + 1, means[row], window, g);
    }

    static float KaldiSample(ArrayView<float> clips, long start, int n, float mean, ArrayView<float> window, FrameGeometry g)
    {
        if (n >= g.WinLength) return 0f;
        int previous = n > 0 ? n - 1 : 0;
        return window[n] * ((clips[start + n] - mean) - g.Preemphasis * (clips[start + previous] - mean));
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
    /// (0 none, 1 natural log(x + ε), 2 cube root, 3 natural log(max(x, ε))), written straight into the [clip, mel, frame] layout.</summary>
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
        else if (compression == 3) acc = XMath.Log(XMath.Max(acc, epsilon));
        output[i] = acc;
    }
}

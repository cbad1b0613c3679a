using System.Numerics;
using System.Runtime.CompilerServices;

namespace DataflowLung.Kernels.Cpu;

/// <summary>Real FFT of W = Vector&lt;float&gt;.Count frames at once, structure-of-arrays (element i of lane l at
/// [i·W + l]): an n_fft/2-point complex radix-2 FFT of z[m] = x[2m] + i·x[2m+1] with precomputed twiddles and
/// bit reversal, then the split step to the one-sided spectrum X[0..n_fft/2]. Every butterfly is a handful of
/// whole-vector operations with no shuffles. Instances are immutable after construction (tables only);
/// callers bring their own scratch.</summary>
public sealed unsafe class BatchedRealFft
{
    public static int Lanes => Vector<float>.Count;
    static int W => Vector<float>.Count;

    readonly int half;
    readonly int[] bitReverse;
    readonly float[] fftCos, fftSin;   // e^(−2πik/half), k < half/2
    readonly float[] splitCos, splitSin; // e^(−2πik/n_fft), k ≤ half

    public BatchedRealFft(int nFft)
    {
        if (nFft < 2 || (nFft & (nFft - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(nFft), nFft, "n_fft must be a power of two ≥ 2");
        NFft = nFft;
        half = nFft / 2;
        int bits = BitOperations.Log2((uint)half);
        bitReverse = new int[half];
        for (int i = 0; i < half; i++)
            for (int b = 0; b < bits; b++)
                if ((i & (1 << b)) != 0) bitReverse[i] |= 1 << (bits - 1 - b);
        fftCos = new float[Math.Max(1, half / 2)];
        fftSin = new float[fftCos.Length];
        for (int k = 0; k < half / 2; k++)
        {
            fftCos[k] = (float)Math.Cos(2 * Math.PI * k / half);
            fftSin[k] = (float)-Math.Sin(2 * Math.PI * k / half);
        }
        splitCos = new float[half + 1];
        splitSin = new float[half + 1];
        for (int k = 0; k <= half; k++)
        {
            splitCos[k] = (float)Math.Cos(2 * Math.PI * k / nFft);
            splitSin[k] = (float)-Math.Sin(2 * Math.PI * k / nFft);
        }
    }

    public int NFft { get; }
    public int Bins => half + 1;

    /// <summary>Floats of scratch one transform needs (real and imaginary halves).</summary>
    public int ScratchLength => 2 * half * W;

    /// <summary>Where sample n of a frame goes in the packed input: real part (n even) or imaginary part
    /// (n odd) of complex point bitReverse[n/2].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int PackedIndex(int n) => bitReverse[n >> 1] * W;

    /// <summary>In place: packed input in <paramref name="re"/>/<paramref name="im"/> (half × W each) to the
    /// one-sided spectrum, written to <paramref name="outRe"/>/<paramref name="outIm"/> (bins × W each).</summary>
    internal void Transform(float* re, float* im, float* outRe, float* outIm)
    {
        ComplexFft(re, im);
        Split(re, im, outRe, outIm);
    }

    /// <summary>In place: packed input to |X[k]|² (or |X[k]| when <paramref name="magnitude"/>), bins × W.</summary>
    internal void PowerSpectrum(float* re, float* im, float* power, bool magnitude)
    {
        ComplexFft(re, im);
        for (int k = 0; k <= half; k++)
        {
            SplitBin(re, im, k, out var xr, out var xi);
            var pw = xr * xr + xi * xi;
            Store(power, k, magnitude ? Vector.SquareRoot(pw) : pw);
        }
    }

    /// <summary>Convenience form for checks (allocates scratch): <paramref name="frames"/> is up to W frames of
    /// n_fft samples, row-major; the one-sided spectra go to <paramref name="re"/>/<paramref name="im"/>
    /// (frames × bins, row-major).</summary>
    public void Forward(ReadOnlySpan<float> frames, Span<float> re, Span<float> im)
    {
        int count = frames.Length / NFft;
        if (frames.Length != count * NFft || count < 1 || count > W)
            throw new ArgumentException($"frames must hold 1..{W} frames of {NFft} samples (got {frames.Length} samples)", nameof(frames));
        if (re.Length < count * Bins || im.Length < count * Bins) throw new ArgumentException($"spectra need {count} × {Bins} values");
        var scratch = new float[ScratchLength + 2 * Bins * W];
        fixed (float* s = scratch)
        {
            float* pr = s, pi = s + half * W, or = s + 2 * half * W, oi = or + Bins * W;
            for (int lane = 0; lane < count; lane++)
                for (int n = 0; n < NFft; n++)
                    ((n & 1) == 0 ? pr : pi)[PackedIndex(n) + lane] = frames[lane * NFft + n];
            Transform(pr, pi, or, oi);
            for (int lane = 0; lane < count; lane++)
                for (int k = 0; k < Bins; k++)
                {
                    re[lane * Bins + k] = or[k * W + lane];
                    im[lane * Bins + k] = oi[k * W + lane];
                }
        }
    }

    void ComplexFft(float* re, float* im)
    {
        if (half < 2) return; // a one-point transform is the identity
        if (half == 2)
        {
            var ar = Load(re, 0); var ai = Load(im, 0); var br = Load(re, 1); var bi = Load(im, 1);
            Store(re, 0, ar + br); Store(im, 0, ai + bi); Store(re, 1, ar - br); Store(im, 1, ai - bi);
            return;
        }
        // Spans 2 and 4 fused into one pass: their twiddles are 1 and −i, so no multiplications at all.
        for (int a = 0; a < half; a += 4)
        {
            var x0r = Load(re, a); var x0i = Load(im, a); var x1r = Load(re, a + 1); var x1i = Load(im, a + 1);
            var x2r = Load(re, a + 2); var x2i = Load(im, a + 2); var x3r = Load(re, a + 3); var x3i = Load(im, a + 3);
            var y0r = x0r + x1r; var y0i = x0i + x1i; var y1r = x0r - x1r; var y1i = x0i - x1i;
            var y2r = x2r + x3r; var y2i = x2i + x3i; var y3r = x2r - x3r; var y3i = x2i - x3i;
            Store(re, a, y0r + y2r); Store(im, a, y0i + y2i);
            Store(re, a + 2, y0r - y2r); Store(im, a + 2, y0i - y2i);
            Store(re, a + 1, y1r + y3i); Store(im, a + 1, y1i - y3r); // y1 + (−i)·y3
            Store(re, a + 3, y1r - y3i); Store(im, a + 3, y1i + y3r); // y1 − (−i)·y3
        }
        // Remaining spans two at a time (radix-2²: four points, four butterflies, one pass over memory).
        int span = 8;
        for (; span * 2 <= half; span <<= 2) TwoStages(re, im, span);
        if (span <= half) OneStage(re, im, span);
    }

    void OneStage(float* re, float* im, int len)
    {
        int hl = len >> 1, step = half / len;
        for (int k = 0; k < hl; k++)
        {
            var wr = new Vector<float>(fftCos[k * step]);
            var wi = new Vector<float>(fftSin[k * step]);
            for (int a = k; a < half; a += len) Butterfly(re, im, a, a + hl, wr, wi);
        }
    }

    /// <summary>Stages of span <paramref name="len"/> and 2·len fused: points a, a+len/2, a+len, a+3len/2.</summary>
    void TwoStages(float* re, float* im, int len)
    {
        int hl = len >> 1, step1 = half / len, step2 = step1 >> 1;
        for (int k = 0; k < hl; k++)
        {
            var w1r = new Vector<float>(fftCos[k * step1]); var w1i = new Vector<float>(fftSin[k * step1]);
            var w2r = new Vector<float>(fftCos[k * step2]); var w2i = new Vector<float>(fftSin[k * step2]);
            var w3r = new Vector<float>(fftCos[(k + hl) * step2]); var w3i = new Vector<float>(fftSin[(k + hl) * step2]);
            for (int a = k; a < half; a += 2 * len)
            {
                int a1 = a + hl, a2 = a + len, a3 = a2 + hl;
                var x0r = Load(re, a); var x0i = Load(im, a); var x1r = Load(re, a1); var x1i = Load(im, a1);
                var x2r = Load(re, a2); var x2i = Load(im, a2); var x3r = Load(re, a3); var x3i = Load(im, a3);
                // span len: (x0, x1) and (x2, x3), both with twiddle w1
                var tr = x1r * w1r - x1i * w1i; var ti = x1r * w1i + x1i * w1r;
                var y0r = x0r + tr; var y0i = x0i + ti; var y1r = x0r - tr; var y1i = x0i - ti;
                tr = x3r * w1r - x3i * w1i; ti = x3r * w1i + x3i * w1r;
                var y2r = x2r + tr; var y2i = x2i + ti; var y3r = x2r - tr; var y3i = x2i - ti;
                // span 2·len: (y0, y2) with w2, (y1, y3) with w3
                tr = y2r * w2r - y2i * w2i; ti = y2r * w2i + y2i * w2r;
                Store(re, a, y0r + tr); Store(im, a, y0i + ti); Store(re, a2, y0r - tr); Store(im, a2, y0i - ti);
                tr = y3r * w3r - y3i * w3i; ti = y3r * w3i + y3i * w3r;
                Store(re, a1, y1r + tr); Store(im, a1, y1i + ti); Store(re, a3, y1r - tr); Store(im, a3, y1i - ti);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Butterfly(float* re, float* im, int a, int b, Vector<float> wr, Vector<float> wi)
    {
        var br = Load(re, b); var bi = Load(im, b);
        var tr = br * wr - bi * wi;
        var ti = br * wi + bi * wr;
        var ar = Load(re, a); var ai = Load(im, a);
        Store(re, b, ar - tr); Store(im, b, ai - ti);
        Store(re, a, ar + tr); Store(im, a, ai + ti);
    }

    void Split(float* re, float* im, float* outRe, float* outIm)
    {
        for (int k = 0; k <= half; k++)
        {
            SplitBin(re, im, k, out var xr, out var xi);
            Store(outRe, k, xr);
            Store(outIm, k, xi);
        }
    }

    /// <summary>X[k] = (Z[k] + Z*[h−k])/2 + e^(−2πik/N)·(Z[k] − Z*[h−k])/(2i), indices mod h.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    void SplitBin(float* re, float* im, int k, out Vector<float> xr, out Vector<float> xi)
    {
        var halfV = new Vector<float>(0.5f);
        int ka = k == half ? 0 : k, kb = k == 0 ? 0 : half - k;
        var ar = Load(re, ka); var ai = Load(im, ka); var br = Load(re, kb); var bi = Load(im, kb);
        var evenR = (ar + br) * halfV; var evenI = (ai - bi) * halfV;
        var oddR = (ai + bi) * halfV; var oddI = (br - ar) * halfV;
        var c = new Vector<float>(splitCos[k]); var s = new Vector<float>(splitSin[k]);
        xr = evenR + c * oddR - s * oddI;
        xi = evenI + c * oddI + s * oddR;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<float> Load(float* basePtr, int index) => Unsafe.ReadUnaligned<Vector<float>>(basePtr + index * W);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(float* basePtr, int index, Vector<float> v) => Unsafe.WriteUnaligned(basePtr + index * W, v);
}

using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;

namespace DataflowLung.Pipeline.Audio;

/// <summary>Precomputed Kaiser-windowed sinc for one reduced rate ratio <c>Up/Down</c>, stored as rows of
/// <see cref="Taps"/> coefficients, one row per fractional input position. When the ratio has few phases
/// (44.1 kHz → 8 kHz: 80) every phase gets its exact row; for awkward ratios a fine grid of rows is
/// linearly interpolated so the table stays small.</summary>
internal sealed class PolyphaseFilter
{
    const int MaxTableEntries = 1 << 22; // 16 MB of floats per filter at most
    const int MaxInterpolatedRows = 4096;
    const int MaxCachedFilters = 32;

    static readonly ConcurrentDictionary<(int Up, int Down, ResamplerQuality Quality), PolyphaseFilter> Cache = new();

    public int Up { get; }
    public int Down { get; }
    /// <summary>Taps per row: input samples <c>i - HalfTaps + 1 … i + HalfTaps</c> around position <c>i + phase</c>.</summary>
    public int Taps { get; }
    public int HalfTaps { get; }
    /// <summary>True when row <c>p</c> is exactly phase <c>p / Up</c>; else rows form a grid of <see cref="Rows"/> steps.</summary>
    public bool Exact { get; }
    public int Rows { get; }
    readonly float[] _table;

    PolyphaseFilter(int up, int down, ResamplerQuality quality)
    {
        Up = up;
        Down = down;
        // Cutoff in cycles per input sample is rho/2; downsampling narrows it to the output Nyquist.
        double rho = quality.Cutoff * Math.Min(1.0, (double)up / down);
        double halfWidth = quality.HalfLengthZeroCrossings / rho;
        HalfTaps = (int)Math.Ceiling(halfWidth);
        Taps = 2 * HalfTaps;
        Exact = (long)up * Taps <= MaxTableEntries;
        Rows = Exact ? up : Math.Clamp(MaxTableEntries / Taps, 256, MaxInterpolatedRows);
        int tableRows = Exact ? Rows : Rows + 1; // the interpolated grid includes phase 1.0
        _table = new float[(long)tableRows * Taps];
        double i0Beta = BesselI0(quality.KaiserBeta);
        var row = new double[Taps];
        for (int r = 0; r < tableRows; r++)
        {
            double phase = (double)r / Rows;
            double sum = 0;
            for (int m = 0; m < Taps; m++)
            {
                double d = phase + HalfTaps - 1 - m; // distance from the output position to input tap m
                double x = d / halfWidth;
                double w = Math.Abs(x) < 1 ? BesselI0(quality.KaiserBeta * Math.Sqrt(1 - x * x)) / i0Beta : 0;
                row[m] = rho * Sinc(rho * d) * w;
                sum += row[m];
            }
            // Normalising each phase to unit sum makes DC gain exactly 1 (the residue is stop-band leakage).
            var dst = _table.AsSpan(r * Taps, Taps);
            for (int m = 0; m < Taps; m++) dst[m] = (float)(row[m] / sum);
        }
    }

    public static PolyphaseFilter For(int up, int down, ResamplerQuality quality)
    {
        var key = (up, down, quality);
        if (Cache.TryGetValue(key, out var cached)) return cached;
        if (Cache.Count >= MaxCachedFilters) Cache.Clear(); // rate pairs are few in practice; keep memory bounded
        return Cache.GetOrAdd(key, k => new PolyphaseFilter(k.Up, k.Down, k.Quality));
    }

    public ReadOnlySpan<float> Row(int r) => _table.AsSpan(r * Taps, Taps);

    /// <summary>Output sample at input position <paramref name="index"/> + <paramref name="phase"/>/<see cref="Up"/>,
    /// treating samples outside <paramref name="input"/> as zero.</summary>
    public float Apply(ReadOnlySpan<float> input, long index, int phase)
    {
        long start = index - HalfTaps + 1;
        if (Exact) return DotClipped(input, start, Row(phase));
        double grid = (double)phase / Up * Rows;
        int r = (int)grid;
        float a = (float)(grid - r);
        float lower = DotClipped(input, start, Row(r));
        float upper = DotClipped(input, start, Row(r + 1));
        return lower + a * (upper - lower);
    }

    static float DotClipped(ReadOnlySpan<float> input, long start, ReadOnlySpan<float> coefficients)
    {
        long end = start + coefficients.Length;
        if (start >= 0 && end <= input.Length) return Dot(input.Slice((int)start, coefficients.Length), coefficients);
        long lo = Math.Max(0, start), hi = Math.Min(input.Length, end);
        if (hi <= lo) return 0f;
        return Dot(input.Slice((int)lo, (int)(hi - lo)), coefficients.Slice((int)(lo - start), (int)(hi - lo)));
    }

    static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int i = 0;
        float sum = 0f;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<float>.Count)
        {
            var va = MemoryMarshal.Cast<float, Vector<float>>(a);
            var vb = MemoryMarshal.Cast<float, Vector<float>>(b);
            var acc = Vector<float>.Zero;
            for (int v = 0; v < va.Length; v++) acc += va[v] * vb[v];
            sum = Vector.Sum(acc);
            i = va.Length * Vector<float>.Count;
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    static double Sinc(double x) => x == 0 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series (converges for all x).</summary>
    internal static double BesselI0(double x)
    {
        double term = 1, sum = 1, q = x * x / 4;
        for (int k = 1; k < 500 && term > sum * 1e-17; k++)
        {
            term *= q / ((double)k * k);
            sum += term;
        }
        return sum;
    }
}

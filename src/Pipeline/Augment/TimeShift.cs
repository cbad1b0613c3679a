namespace DataflowLung.Pipeline.Augment;

/// <summary>Random shift along time by an integer number of samples drawn uniformly in
/// [−maxShift, maxShift]; positive moves the content later.</summary>
public static class TimeShift
{
    /// <summary>Circular shift (numpy's <c>roll</c>): nothing is lost.</summary>
    public static float[] Roll(float[] x, int maxShift, long seed)
    {
        var y = new float[x.Length];
        if (x.Length == 0) return y;
        int shift = DrawShift(maxShift, seed);
        int k = ((shift % x.Length) + x.Length) % x.Length;
        x.AsSpan(0, x.Length - k).CopyTo(y.AsSpan(k));
        x.AsSpan(x.Length - k).CopyTo(y);
        return y;
    }

    /// <summary>Plain shift: content moved out is dropped, the vacated part is silence.</summary>
    public static float[] Shift(float[] x, int maxShift, long seed)
    {
        var y = new float[x.Length];
        int shift = DrawShift(maxShift, seed);
        int n = x.Length - Math.Abs(shift);
        if (n <= 0) return y;
        if (shift >= 0) x.AsSpan(0, n).CopyTo(y.AsSpan(shift));
        else x.AsSpan(-shift, n).CopyTo(y);
        return y;
    }

    /// <summary>The shift in samples the two functions use for this seed.</summary>
    public static int DrawShift(int maxShift, long seed)
    {
        if (maxShift < 0) throw new ArgumentOutOfRangeException(nameof(maxShift), maxShift, "maximum shift must be ≥ 0");
        return SeededRandom.For(seed).NextIntInclusive(-maxShift, maxShift);
    }

    public static float[] Augment(float[] x, TimeShiftParams p, long seed) =>
        p.Circular ? Roll(x, p.MaxShiftSamples(x.Length), seed) : Shift(x, p.MaxShiftSamples(x.Length), seed);
}

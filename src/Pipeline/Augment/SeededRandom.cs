namespace DataflowLung.Pipeline.Augment;

/// <summary>A small, fully specified pseudo-random generator (xoshiro256** seeded through splitmix64).
/// Owned here rather than <see cref="System.Random"/> so a sample's augmentation replays bit for bit from
/// its seed on any runtime version. Mutable by nature: create one per call with <see cref="For"/> and
/// never share it.</summary>
public sealed class SeededRandom
{
    ulong _s0, _s1, _s2, _s3;

    SeededRandom(long seed)
    {
        ulong x = unchecked((ulong)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    public static SeededRandom For(long seed) => new(seed);

    /// <summary>A generator in an explicit xoshiro256** state (known-answer tests; not all zero).</summary>
    public static SeededRandom FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0) throw new ArgumentException("xoshiro256** state must not be all zero");
        return new SeededRandom(0) { _s0 = s0, _s1 = s1, _s2 = s2, _s3 = s3 };
    }

    /// <summary>splitmix64 step: also the finaliser <see cref="SeedMixer"/> uses.</summary>
    internal static ulong SplitMix(ref ulong state)
    {
        unchecked
        {
            ulong z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    public ulong NextUInt64()
    {
        unchecked
        {
            ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
            ulong t = _s1 << 17;
            _s2 ^= _s0;
            _s3 ^= _s1;
            _s1 ^= _s2;
            _s0 ^= _s3;
            _s2 ^= t;
            _s3 = ulong.RotateLeft(_s3, 45);
            return result;
        }
    }

    /// <summary>A fresh seed for a sub-step (e.g. one op of an AugMix chain).</summary>
    public long NextSeed() => unchecked((long)NextUInt64());

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max); exactly <paramref name="min"/> when the bounds are equal.</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, n). The multiply-high bias is below n / 2^64.</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "upper bound must be positive");
        return (int)Math.BigMul(NextUInt64(), (ulong)n, out _);
    }

    /// <summary>Uniform integer in [min, max] (both inclusive).</summary>
    public int NextIntInclusive(int min, int max) => min + NextInt(max - min + 1);

    /// <summary>Standard normal by Box–Muller (one value per call; the partner is discarded to keep the
    /// generator stateless beyond its four words).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: keeps the log finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Gamma(shape, 1) by Marsaglia–Tsang, with the U^(1/shape) boost below shape 1.</summary>
    public double NextGamma(double shape)
    {
        if (!(shape > 0)) throw new ArgumentOutOfRangeException(nameof(shape), shape, "gamma shape must be positive");
        if (shape < 1) return NextGamma(shape + 1) * Math.Pow(1.0 - NextDouble(), 1.0 / shape);
        double d = shape - 1.0 / 3.0, c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x = NextGaussian(), v = 1.0 + c * x;
            if (v <= 0) continue;
            v = v * v * v;
            double u = 1.0 - NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    /// <summary>Dirichlet(alpha, …, alpha) of dimension <paramref name="k"/>: normalised gamma draws.</summary>
    public double[] NextDirichlet(double alpha, int k)
    {
        var w = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) sum += w[i] = NextGamma(alpha);
        for (int i = 0; i < k; i++) w[i] /= sum;
        return w;
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

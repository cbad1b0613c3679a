namespace DataflowLung.Pipeline.Datasets.Sklearn;

/// <summary>numpy's legacy <c>np.random.RandomState</c> (MT19937), bit for bit, for the calls the original's splits
/// make through scikit-learn: seeding from an int (<c>init_genrand</c>, as numpy's <c>_legacy_seeding</c> does for an
/// int seed) or an array (<c>init_by_array</c>), <c>random_sample</c>, <c>randint</c> (the legacy masked-rejection
/// bounded integers), <c>shuffle</c>/<c>permutation</c> (Fisher–Yates from the end with <c>random_interval</c>) and
/// <c>choice(replace=False)</c> (a full permutation, truncated). Checked against numpy's own output
/// (tests/Original/Fixtures/sklearn_splits.json, made by tests/Original/Fixtures/make_sklearn_splits.py).
/// Mutable by nature: one instance per split, never shared.</summary>
public sealed class NumpyRandomState
{
    const int N = 624, M = 397;
    readonly uint[] _mt = new uint[N];
    int _pos;

    /// <summary><c>RandomState(seed)</c> for an int seed in [0, 2³² − 1].</summary>
    public NumpyRandomState(uint seed) => InitGenrand(seed);

    /// <summary><c>RandomState(array)</c>: MT19937's <c>init_by_array</c> over the 32-bit words.</summary>
    public NumpyRandomState(IReadOnlyList<uint> key)
    {
        InitGenrand(19650218u);
        int i = 1, j = 0;
        for (int k = Math.Max(N, key.Count); k > 0; k--)
        {
            _mt[i] = unchecked((_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j);
            i++; j++;
            if (i >= N) { _mt[0] = _mt[N - 1]; i = 1; }
            if (j >= key.Count) j = 0;
        }
        for (int k = N - 1; k > 0; k--)
        {
            _mt[i] = unchecked((_mt[i] ^ ((_mt[i - 1] ^ (_mt[i - 1] >> 30)) * 1566083941u)) - (uint)i);
            i++;
            if (i >= N) { _mt[0] = _mt[N - 1]; i = 1; }
        }
        _mt[0] = 0x80000000u;
        _pos = N;
    }

    /// <summary>An int seed as numpy takes it: a ValueError there is an exception here.</summary>
    public static NumpyRandomState For(long seed) =>
        seed is < 0 or > uint.MaxValue ? throw new ArgumentOutOfRangeException(nameof(seed), seed, "Seed must be between 0 and 2**32 - 1") : new((uint)seed);

    void InitGenrand(uint seed)
    {
        for (int i = 0; i < N; i++)
        {
            _mt[i] = seed;
            seed = unchecked(1812433253u * (seed ^ (seed >> 30)) + (uint)i + 1);
        }
        _pos = N;
    }

    void Generate()
    {
        for (int k = 0; k < N; k++)
        {
            uint y = (_mt[k] & 0x80000000u) | (_mt[(k + 1) % N] & 0x7fffffffu);
            _mt[k] = _mt[(k + M) % N] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
        }
        _pos = 0;
    }

    public uint NextUInt32()
    {
        if (_pos == N) Generate();
        uint y = _mt[_pos++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>numpy's <c>next_uint64</c> for MT19937: the first draw is the high word.</summary>
    public ulong NextUInt64() { ulong hi = NextUInt32(); return (hi << 32) | NextUInt32(); }

    /// <summary><c>random_sample()</c>: 53 bits from two draws.</summary>
    public double RandomSample()
    {
        int a = (int)(NextUInt32() >> 5), b = (int)(NextUInt32() >> 6);
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary><c>randint(low, high)</c> (high exclusive, default int64): the legacy masked rejection sampler.</summary>
    public long RandInt(long low, long high)
    {
        if (high <= low) throw new ArgumentException($"randint: low >= high ({low} >= {high})");
        ulong range = unchecked((ulong)(high - 1 - low));
        if (range == 0) return low;
        ulong mask = Mask(range);
        ulong value;
        if (range == 0xffffffffUL) value = NextUInt32();
        else if (range < 0xffffffffUL) do value = NextUInt32() & mask; while (value > range);
        else do value = NextUInt64() & mask; while (value > range);
        return unchecked(low + (long)value);
    }

    /// <summary>numpy's <c>random_interval(max)</c>: uniform in [0, max] by masked rejection.</summary>
    public ulong Interval(ulong max)
    {
        if (max == 0) return 0;
        ulong mask = Mask(max), value;
        if (max <= 0xffffffffUL) do value = NextUInt32() & mask; while (value > max);
        else do value = NextUInt64() & mask; while (value > max);
        return value;
    }

    static ulong Mask(ulong max)
    {
        ulong m = max;
        m |= m >> 1; m |= m >> 2; m |= m >> 4; m |= m >> 8; m |= m >> 16; m |= m >> 32;
        return m;
    }

    /// <summary><c>shuffle(x)</c> of a 1-D array, in place.</summary>
    public void Shuffle<T>(T[] items)
    {
        for (int i = items.Length - 1; i >= 1; i--)
        {
            int j = (int)Interval((ulong)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary><c>permutation(n)</c>: a shuffled <c>arange(n)</c>.</summary>
    public int[] Permutation(int n)
    {
        var a = Enumerable.Range(0, n).ToArray();
        Shuffle(a);
        return a;
    }

    /// <summary><c>permutation(array)</c>: a shuffled copy.</summary>
    public T[] Permutation<T>(IEnumerable<T> items)
    {
        var a = items.ToArray();
        Shuffle(a);
        return a;
    }

    /// <summary><c>choice(items, size, replace=False)</c> without weights: the legacy API permutes the whole
    /// population and keeps the first <paramref name="size"/>.</summary>
    public T[] ChoiceWithoutReplacement<T>(IReadOnlyList<T> items, int size)
    {
        if (size < 0 || size > items.Count) throw new ArgumentException($"choice: cannot take a larger sample ({size}) than the population ({items.Count}) when replace=False");
        return Permutation(items.Count).Take(size).Select(i => items[i]).ToArray();
    }
}

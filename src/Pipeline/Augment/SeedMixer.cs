using System.Text;

namespace DataflowLung.Pipeline.Augment;

/// <summary>Derives a replayable per-sample seed from the job seed, the epoch, the sample's name and the
/// augmenter. FNV-1a over a fixed byte encoding then a splitmix64 finaliser: stable across processes and
/// runtimes (unlike <c>string.GetHashCode</c>, which .NET randomises per process).</summary>
public static class SeedMixer
{
    const ulong FnvOffset = 14695981039346656037UL;
    const ulong FnvPrime = 1099511628211UL;

    public static long Derive(long jobSeed, int epoch, string sampleName, string augmenter)
    {
        ulong h = FnvOffset;
        h = MixInt64(h, jobSeed);
        h = MixInt64(h, epoch);
        h = MixString(h, sampleName);
        h = MixByte(h, 0); // separator: ("ab","c") and ("a","bc") must differ
        h = MixString(h, augmenter);
        return unchecked((long)SeededRandom.SplitMix(ref h));
    }

    static ulong MixByte(ulong h, byte b) => unchecked((h ^ b) * FnvPrime);

    static ulong MixInt64(ulong h, long value)
    {
        ulong v = unchecked((ulong)value);
        for (int i = 0; i < 8; i++) h = MixByte(h, (byte)(v >> (8 * i)));
        return h;
    }

    static ulong MixString(ulong h, string s)
    {
        foreach (byte b in Encoding.UTF8.GetBytes(s)) h = MixByte(h, b);
        return h;
    }
}

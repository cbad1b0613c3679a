namespace DataflowLung.Pipeline.Augment;

/// <summary>Tempo change without pitch change (librosa's <c>effects.time_stretch</c>): STFT, phase vocoder
/// at <c>rate</c>, ISTFT to round(len / rate) samples; the augmenter then crops or zero-pads back to the
/// chunk's length, as the original did, so the window length never changes.</summary>
public static class TimeStretch
{
    /// <summary>Stretches <paramref name="x"/> by <paramref name="rate"/> (&gt; 1 = faster/shorter). With
    /// <paramref name="keepLength"/> the result is cropped or zero-padded to the input's length; without it,
    /// it has round(len / rate) samples.</summary>
    public static float[] Apply(float[] x, double rate, int nFft = 2048, int hop = 512, bool keepLength = true)
    {
        if (!(rate > 0)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "stretch rate must be positive");
        var problems = StftProblems.Of(nFft, hop).ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems));
        if (x.Length == 0) return [];

        var window = PhaseVocoder.Hann(nFft);
        var spectra = PhaseVocoder.Stft(x, nFft, hop, window, out int frames);
        var stretched = PhaseVocoder.Stretch(spectra, frames, nFft, hop, rate, out int outFrames);
        int stretchedLength = (int)Math.Round(x.Length / rate, MidpointRounding.ToEven);
        var y = PhaseVocoder.Istft(stretched, outFrames, nFft, hop, window, stretchedLength);
        return keepLength ? FitLength(y, x.Length) : y;
    }

    /// <summary>librosa's <c>fix_length</c>: crop the end or append zeros.</summary>
    internal static float[] FitLength(float[] y, int length)
    {
        if (y.Length == length) return y;
        var fitted = new float[length];
        y.AsSpan(0, Math.Min(length, y.Length)).CopyTo(fitted);
        return fitted;
    }

    /// <summary>The augmenter: a rate drawn from <paramref name="p"/> with <paramref name="seed"/>, length kept.</summary>
    public static float[] Augment(float[] x, TimeStretchParams p, long seed) =>
        Apply(x, DrawRate(p, seed), p.NFft, p.HopLength);

    /// <summary>The rate <see cref="Augment"/> uses for this seed (for reports and replay).</summary>
    public static double DrawRate(TimeStretchParams p, long seed) => SeededRandom.For(seed).Uniform(p.MinRate, p.MaxRate);
}

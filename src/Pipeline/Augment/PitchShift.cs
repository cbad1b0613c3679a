using DataflowLung.Pipeline.Audio;

namespace DataflowLung.Pipeline.Augment;

/// <summary>Pitch change without tempo change (librosa's <c>effects.pitch_shift</c>): time-stretch by
/// 1/ratio with the phase vocoder, then band-limited resampling from sr·ratio back to sr, fixed to the
/// input's length. The resampler takes integer rates, so the ratio is from/sr with
/// from = round(sr·2^(n/12)); the stretch uses that same ratio so pitch and duration stay consistent.</summary>
public static class PitchShift
{
    /// <summary>The frequency ratio actually applied for <paramref name="semitones"/> at this rate.</summary>
    public static double Ratio(int sampleRate, double semitones) => (double)SourceRate(sampleRate, semitones) / sampleRate;

    public static float[] Apply(float[] x, int sampleRate, double semitones, int nFft = 2048, int hop = 512)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sample rate must be positive");
        if (x.Length == 0) return [];
        int from = SourceRate(sampleRate, semitones);
        var stretched = TimeStretch.Apply(x, (double)sampleRate / from, nFft, hop, keepLength: false);
        var resampled = from == sampleRate ? stretched : Resampler.Resample(stretched, from, sampleRate);
        return TimeStretch.FitLength(resampled, x.Length);
    }

    public static float[] Augment(float[] x, int sampleRate, PitchShiftParams p, long seed) =>
        Apply(x, sampleRate, DrawSemitones(p, seed), p.NFft, p.HopLength);

    public static double DrawSemitones(PitchShiftParams p, long seed) =>
        p.WholeSemitones
            ? SeededRandom.For(seed).NextIntInclusive((int)Math.Ceiling(p.MinSemitones), (int)Math.Floor(p.MaxSemitones))
            : SeededRandom.For(seed).Uniform(p.MinSemitones, p.MaxSemitones);

    static int SourceRate(int sampleRate, double semitones) =>
        Math.Max(1, (int)Math.Round(sampleRate * Math.Pow(2.0, semitones / 12.0), MidpointRounding.ToEven));
}

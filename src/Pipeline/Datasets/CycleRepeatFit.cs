namespace DataflowLung.Pipeline.Datasets;

/// <summary>The papers' repeat-padding of respiratory cycles (<see cref="CycleFit.Repeat"/>), after Bae et al. 2023
/// (Patch-Mix; code <c>util/icbhi_util.py</c>: <c>get_individual_cycles_torchaudio</c> and
/// <c>cut_pad_sample_torchaudio</c> with <c>pad_types='repeat'</c>). The fades are torchaudio's linear
/// <c>Fade</c>: over L samples the gain runs j / (L − 1) in and 1 − j / (L − 1) out, so the recording's first and
/// last samples and a padded cycle's last sample are zero. L = sample rate / 16.</summary>
public static class CycleRepeatFit
{
    public static int FadeSamples(int sampleRate) => sampleRate / 16;

    /// <summary>Fills <paramref name="target"/> with the cycle <c>recording[from..to)</c>. The recording's own fade
    /// (in over its first L samples, out over its last L) applies to the samples that fall there.</summary>
    /// <returns>True when the cycle was shorter than the target (repeated).</returns>
    public static bool Fill(ReadOnlySpan<float> recording, int from, int to, Span<float> target, int sampleRate)
    {
        if (from < 0 || to > recording.Length || to <= from)
            throw new ArgumentOutOfRangeException(nameof(to), $"cycle [{from}, {to}) is not inside a recording of {recording.Length} samples");
        int fade = FadeSamples(sampleRate), n = to - from;
        for (int i = 0; i < Math.Min(n, target.Length); i++)
            target[i] = recording[from + i] * RecordingGain(from + i, recording.Length, fade);
        if (n > target.Length) return false;
        // A cycle of exactly the target length takes this branch too (one copy, faded out), as the papers' code does.
        for (int i = n; i < target.Length; i++) target[i] = target[i - n];
        int start = target.Length - Math.Min(fade, target.Length);
        for (int i = start; i < target.Length; i++) target[i] *= Ramp(target.Length - 1 - i, fade);
        return n < target.Length;
    }

    /// <summary>The whole recording's fade-in × fade-out gain at sample <paramref name="i"/>.</summary>
    public static float RecordingGain(int i, int length, int fade)
    {
        if (fade < 1) return 1f;
        float gain = 1f;
        if (i < fade) gain *= Ramp(i, fade);
        if (i >= length - fade) gain *= Ramp(length - 1 - i, fade);
        return gain;
    }

    // torchaudio's linspace(0, 1, L) ramp at position j (0 at j = 0, 1 at j = L − 1).
    static float Ramp(int j, int fade) => fade <= 1 ? 1f : Math.Clamp((float)j / (fade - 1), 0f, 1f);
}

namespace DataflowLung.Pipeline.Augment;

/// <summary>Validation shared by every augmenter that runs the phase vocoder.</summary>
internal static class StftProblems
{
    internal static IEnumerable<string> Of(int nFft, int hop)
    {
        if (nFft < 4 || (nFft & (nFft - 1)) != 0) yield return $"vocoder n_fft must be a power of two ≥ 4 (got {nFft})";
        if (hop <= 0 || hop > nFft) yield return $"vocoder hop must be in 1..n_fft (got {hop})";
    }
}

namespace DataflowLung.Pipeline.Augment;

/// <summary>Validation shared by the pairwise spectrogram mixers.</summary>
internal static class PairProblems
{
    internal static IReadOnlyList<string> Of(int labelOne, int labelTwo, double quantity, double minVal, double maxVal)
    {
        var p = new List<string>();
        if (labelOne < 0 || labelTwo < 0) p.Add($"label_one/label_two must be class indices ≥ 0 (got {labelOne}, {labelTwo})");
        if (!(quantity >= 0) || !double.IsFinite(quantity)) p.Add($"quantity must be ≥ 0 (got {quantity})");
        if (!(minVal >= 0 && maxVal <= 1 && minVal <= maxVal)) p.Add($"minval/maxval must satisfy 0 ≤ minval ≤ maxval ≤ 1 (got {minVal}..{maxVal})");
        return p;
    }
}

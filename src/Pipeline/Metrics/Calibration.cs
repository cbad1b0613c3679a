namespace DataflowLung.Pipeline.Metrics;

/// <summary>How well probabilities match observed frequencies: the Brier score (mean squared difference between
/// the probability and the 0/1 truth; 0 is perfect, 0.25 is a constant 0.5) and the reliability diagram's bins
/// (equal-width probability bins, each with its mean predicted probability and observed positive fraction).</summary>
public static class Calibration
{
    public sealed record Bin(double Lower, double Upper, int Count, double MeanPredicted, double ObservedFraction);

    /// <summary>Null (undefined) without rows.</summary>
    public static double? Brier(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        if (labels.Count != scores.Count) throw new ArgumentException($"{labels.Count} labels but {scores.Count} scores");
        if (labels.Count == 0) return null;
        double sum = 0;
        for (int i = 0; i < labels.Count; i++)
        {
            double d = scores[i] - (labels[i] ? 1 : 0);
            sum += d * d;
        }
        return sum / labels.Count;
    }

    /// <summary>The non-empty bins of <paramref name="bins"/> equal-width bins over [0, 1]; a score of exactly 1
    /// falls in the last bin.</summary>
    public static IReadOnlyList<Bin> Reliability(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, int bins = 10)
    {
        if (labels.Count != scores.Count) throw new ArgumentException($"{labels.Count} labels but {scores.Count} scores");
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "at least one bin");
        var count = new int[bins];
        var predicted = new double[bins];
        var positive = new int[bins];
        for (int i = 0; i < labels.Count; i++)
        {
            int b = Math.Clamp((int)Math.Floor(scores[i] * bins), 0, bins - 1);
            count[b]++;
            predicted[b] += scores[i];
            if (labels[i]) positive[b]++;
        }
        return Enumerable.Range(0, bins).Where(b => count[b] > 0)
            .Select(b => new Bin((double)b / bins, (double)(b + 1) / bins, count[b], predicted[b] / count[b], (double)positive[b] / count[b]))
            .ToArray();
    }
}

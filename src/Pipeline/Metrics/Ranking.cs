namespace DataflowLung.Pipeline.Metrics;

/// <summary>Threshold-free metrics of scores against binary labels. All are undefined (null) unless both
/// classes are present.</summary>
public static class Ranking
{
    /// <summary>ROC AUC as the Mann–Whitney statistic: the probability that a random positive outscores a random
    /// negative, ties counting one half (equal to the trapezoidal area under the ROC curve).</summary>
    public static double? RocAuc(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        var (positives, negatives) = ClassCounts(labels, scores);
        if (positives == 0 || negatives == 0) return null;
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        double positiveRankSum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            double averageRank = (start + end) / 2.0 + 1; // 1-based mid-rank of the tie group
            for (int k = start; k <= end; k++) if (labels[order[k]]) positiveRankSum += averageRank;
            start = end + 1;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>PR AUC as average precision (scikit-learn's definition): Σₙ (Rₙ − Rₙ₋₁) · Pₙ over the distinct score
    /// thresholds from high to low, a step function with no interpolation.</summary>
    public static double? AveragePrecision(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        var (positives, negatives) = ClassCounts(labels, scores);
        if (positives == 0 || negatives == 0) return null;
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        int tp = 0, fp = 0;
        double previousRecall = 0, sum = 0;
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            for (int k = start; k <= end; k++) if (labels[order[k]]) tp++; else fp++;
            double recall = (double)tp / positives;
            sum += (recall - previousRecall) * tp / (tp + fp);
            previousRecall = recall;
            start = end + 1;
        }
        return sum;
    }

    /// <summary>The threshold maximising Youden's J = sensitivity + specificity − 1 with "positive" meaning
    /// score ≥ threshold, among the observed scores; on equal J the highest threshold wins.</summary>
    public static double? YoudenThreshold(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        var (positives, negatives) = ClassCounts(labels, scores);
        if (positives == 0 || negatives == 0) return null;
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        int tp = 0, fp = 0;
        double bestJ = double.NegativeInfinity, bestThreshold = scores[order[0]];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            for (int k = start; k <= end; k++) if (labels[order[k]]) tp++; else fp++;
            double j = (double)tp / positives - (double)fp / negatives;
            if (j > bestJ) { bestJ = j; bestThreshold = scores[order[start]]; }
            start = end + 1;
        }
        return bestThreshold;
    }

    private static (int Positives, int Negatives) ClassCounts(IReadOnlyList<bool> labels, IReadOnlyList<double> scores)
    {
        if (labels.Count != scores.Count) throw new ArgumentException($"{labels.Count} labels but {scores.Count} scores");
        int positives = labels.Count(l => l);
        return (positives, labels.Count - positives);
    }
}

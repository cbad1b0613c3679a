namespace DataflowLung.Experiments.Plots;

/// <summary>ROC curve points of scores against binary truth: one point per distinct threshold, from (0,0)
/// to (1,1); tied scores move diagonally, so the trapezoid area equals the rank (Mann–Whitney) AUC that
/// <see cref="DataflowLung.Pipeline.Metrics.Ranking.RocAuc"/> reports.</summary>
public sealed record RocCurve(double[] FalsePositiveRate, double[] TruePositiveRate)
{
    public static RocCurve Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        if (scores.Count != positive.Count)
            throw new ArgumentException($"{scores.Count} scores but {positive.Count} labels");
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        double positives = positive.Count(p => p), negatives = positive.Count - positives;
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        double tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (positive[order[k]]) tp++; else fp++;
            var lastOfTie = k == order.Length - 1 || scores[order[k + 1]] != scores[order[k]];
            if (!lastOfTie) continue;
            fpr.Add(negatives == 0 ? 0 : fp / negatives);
            tpr.Add(positives == 0 ? 0 : tp / positives);
        }
        return new RocCurve(fpr.ToArray(), tpr.ToArray());
    }
}

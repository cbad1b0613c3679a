namespace DataflowLung.Runner.Plots;

/// <summary>ROC curve points of scores against binary truth: one point per distinct threshold, from (0,0)
/// to (1,1); tied scores move diagonally, so the trapezoid area equals the rank (Mann–Whitney) AUC.</summary>
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

    /// <summary>Area under the curve by trapezoids; undefined (NaN) when only one class is present.</summary>
    public static double Area(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        var p = positive.Count(x => x);
        if (p == 0 || p == positive.Count) return double.NaN;
        var roc = Compute(scores, positive);
        var area = 0.0;
        for (var i = 1; i < roc.FalsePositiveRate.Length; i++)
            area += (roc.FalsePositiveRate[i] - roc.FalsePositiveRate[i - 1]) * (roc.TruePositiveRate[i] + roc.TruePositiveRate[i - 1]) / 2;
        return area;
    }
}

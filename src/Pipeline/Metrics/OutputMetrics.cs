namespace DataflowLung.Pipeline.Metrics;

/// <summary>One independent (sigmoid) output on its own: its metrics at 0.5 and its ROC AUC.</summary>
public sealed record OutputMetrics(string Output, BinaryMetrics AtHalf, double? Auc)
{
    public static OutputMetrics Of(string output, IReadOnlyList<bool> labels, IReadOnlyList<double> scores) =>
        new(output, BinaryMetrics.At(labels, scores, 0.5), Ranking.RocAuc(labels, scores));
}

using DataflowLung.Pipeline.Metrics;
namespace DataflowLung.Model.Metrics;

/// <summary>Chunk-level metrics of one crackles/wheezes output at 0.5, with its ROC AUC.</summary>
public sealed record LabelMetrics(string Label, BinaryMetrics AtHalf, double? RocAuc)
{
    public static LabelMetrics Of(string label, IReadOnlyList<ScoredItem> items)
    {
        var labels = items.Select(i => i.Label).ToArray();
        var scores = items.Select(i => i.Score).ToArray();
        return new LabelMetrics(label, BinaryMetrics.At(labels, scores, 0.5), Ranking.RocAuc(labels, scores));
    }
}

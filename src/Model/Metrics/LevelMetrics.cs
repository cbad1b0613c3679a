using DataflowLung.Pipeline.Metrics;
namespace DataflowLung.Model.Metrics;

/// <summary>Pneumonia metrics at one aggregation level (chunk, recording, patient): ranking metrics, the
/// metrics at 0.5 and at the Youden-optimal threshold found on these same (validation) scores.</summary>
public sealed record LevelMetrics(
    string Level,
    int Count,
    int Positives,
    double? RocAuc,
    double? PrAuc,
    BinaryMetrics AtHalf,
    double? YoudenThreshold,
    BinaryMetrics? AtYouden)
{
    public static LevelMetrics Of(string level, IReadOnlyList<ScoredItem> items)
    {
        var labels = items.Select(i => i.Label).ToArray();
        var scores = items.Select(i => i.Score).ToArray();
        var youden = Ranking.YoudenThreshold(labels, scores);
        return new LevelMetrics(level, items.Count, labels.Count(l => l),
            Ranking.RocAuc(labels, scores), Ranking.AveragePrecision(labels, scores),
            BinaryMetrics.At(labels, scores, 0.5),
            youden, youden is { } t ? BinaryMetrics.At(labels, scores, t) : null);
    }
}

using DataflowLung.Model.Metrics;
using DataflowLung.Pipeline;

namespace DataflowLung.Runner.Jobs;

/// <summary>The report's validation metrics, computed from the very rows written to predictions.csv (so the
/// two always agree) with the model library's metric functions. Pneumonia: binary metrics at 0.5 and ROC AUC
/// per level. Crackles/wheezes: the ICBHI 4-class confusion, sensitivity, specificity and score per level;
/// precision and F1 of "abnormal" (any adventitious sound); AUC the mean of the crackle and wheeze AUCs.</summary>
public static class JobMetrics
{
    public static ValidationMetrics From(LearningTask task, IReadOnlyList<PredictionRow> rows) => new(
        Level(task, rows.Where(r => r.Level == PredictionLevel.Chunk).ToArray()),
        Level(task, rows.Where(r => r.Level == PredictionLevel.Recording).ToArray()),
        Level(task, rows.Where(r => r.Level == PredictionLevel.Patient).ToArray()));

    public static LevelMetrics Level(LearningTask task, IReadOnlyList<PredictionRow> rows) =>
        task == LearningTask.Pneumonia ? Pneumonia(rows) : CracklesWheezes(rows);

    private static LevelMetrics Pneumonia(IReadOnlyList<PredictionRow> rows)
    {
        var labels = rows.Select(r => r.Labels[0] >= 0.5f).ToArray();
        var scores = rows.Select(r => (double)r.Probabilities[0]).ToArray();
        var m = BinaryMetrics.At(labels, scores, 0.5);
        return new LevelMetrics(rows.Count, m.Accuracy, m.Sensitivity, m.Specificity, m.BalancedAccuracy, m.Precision, m.F1,
            Ranking.RocAuc(labels, scores), null, Long(m.Counts.Matrix));
    }

    private static LevelMetrics CracklesWheezes(IReadOnlyList<PredictionRow> rows)
    {
        var truth = rows.Select(r => IcbhiScore.ClassOf(r.Labels[0] >= 0.5f, r.Labels[1] >= 0.5f)).ToArray();
        var predicted = rows.Select(r => IcbhiScore.ClassOf(r.Probabilities[0] >= 0.5f, r.Probabilities[1] >= 0.5f)).ToArray();
        var icbhi = IcbhiScore.FromClasses(truth, predicted);
        var abnormal = BinaryMetrics.From(BinaryCounts.At(truth.Select(t => t > 0).ToArray(), predicted.Select(p => p > 0 ? 1.0 : 0.0).ToArray(), 0.5), 0.5);
        var aucs = Enumerable.Range(0, 2)
            .Select(o => Ranking.RocAuc(rows.Select(r => r.Labels[o] >= 0.5f).ToArray(), rows.Select(r => (double)r.Probabilities[o]).ToArray()))
            .Where(a => a is not null).Select(a => a!.Value).ToArray();
        var correct = Enumerable.Range(0, 4).Sum(i => icbhi.Confusion[i][i]);
        return new LevelMetrics(rows.Count, Ratio.Of(correct, rows.Count), icbhi.Sensitivity, icbhi.Specificity, icbhi.Score,
            abnormal.Precision, abnormal.F1, aucs.Length == 0 ? null : aucs.Average(), icbhi.Score, Long(icbhi.Confusion));
    }

    private static long[][] Long(int[][] m) => m.Select(row => row.Select(v => (long)v).ToArray()).ToArray();
}

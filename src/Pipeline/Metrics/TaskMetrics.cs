using DataflowLung.Pipeline.Augment;

namespace DataflowLung.Pipeline.Metrics;

/// <summary>Each task's metric function over the rows of one level, and its per-epoch projection.</summary>
public static class TaskMetrics
{
    public static IReadOnlyList<string> ClassNames(LearningTask task) =>
        task == LearningTask.Pneumonia ? ["negative", "pneumonia"] : ClassIndex.Names(task);

    /// <summary>A row is positive when it has an adventitious sound / pneumonia: any output label for the binary tasks,
    /// a class other than normal for the cycles tasks.</summary>
    public static bool IsPositive(LearningTask task, double[] labels) =>
        task.IsCycles() ? ClassIndex.ArgMax(labels) > 0 : labels.Any(l => l >= 0.5);

    public static string DefaultMonitor(LearningTask task) => task == LearningTask.Pneumonia ? "patient_auc" : "icbhi_score";

    public static LevelMetrics Measure(LearningTask task, IReadOnlyList<PredictionRow> rows) =>
        task == LearningTask.Pneumonia ? Pneumonia(rows) : task.IsCycles() ? Cycles(task, rows) : CracklesWheezes(rows);

    public static IReadOnlyDictionary<string, double?> Epoch(LearningTask task, IReadOnlyList<PredictionRow> chunkRows) =>
        task == LearningTask.Pneumonia ? PneumoniaEpoch(chunkRows) : task.IsCycles() ? CyclesEpoch(task, chunkRows) : CracklesWheezesEpoch(chunkRows);

    private static LevelMetrics Pneumonia(IReadOnlyList<PredictionRow> rows)
    {
        var labels = rows.Select(r => r.Labels[0] >= 0.5).ToArray();
        var scores = rows.Select(r => r.Probabilities[0]).ToArray();
        var m = BinaryMetrics.At(labels, scores, 0.5);
        var youden = Ranking.YoudenThreshold(labels, scores);
        return new LevelMetrics(rows.Count, m.Accuracy, m.Sensitivity, m.Specificity, m.BalancedAccuracy, m.Precision, m.F1,
            Ranking.RocAuc(labels, scores), null, Long(m.Counts.Matrix))
        {
            PrAuc = Ranking.AveragePrecision(labels, scores),
            YoudenThreshold = youden,
            AtYouden = youden is { } t ? BinaryMetrics.At(labels, scores, t) : null,
        };
    }

    private static IReadOnlyDictionary<string, double?> PneumoniaEpoch(IReadOnlyList<PredictionRow> chunkRows)
    {
        var rows = PredictionLevels.FromChunkRows(chunkRows, LearningTask.Pneumonia, PatientRule.Mean, RowPrecision.Double);
        var anyChunk = PredictionLevels.FromChunkRows(chunkRows, LearningTask.Pneumonia, PatientRule.AnyChunk, RowPrecision.Double);
        var d = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var (prefix, levelRows) in new[] { ("chunk", rows.At(PredictionLevel.Chunk)), ("recording", rows.At(PredictionLevel.Recording)),
                     ("patient", rows.At(PredictionLevel.Patient)), ("patient_any", anyChunk.At(PredictionLevel.Patient)) })
        {
            var m = Pneumonia(levelRows);
            d[$"{prefix}_auc"] = m.Auc;
            d[$"{prefix}_pr_auc"] = m.PrAuc;
            d[$"{prefix}_accuracy"] = m.Accuracy;
            d[$"{prefix}_sensitivity"] = m.Sensitivity;
            d[$"{prefix}_specificity"] = m.Specificity;
            d[$"{prefix}_balanced_accuracy"] = m.BalancedAccuracy;
            d[$"{prefix}_precision"] = m.Precision;
            d[$"{prefix}_f1"] = m.F1;
            d[$"{prefix}_youden_threshold"] = m.YoudenThreshold;
            d[$"{prefix}_youden_accuracy"] = m.AtYouden?.Accuracy;
            d[$"{prefix}_youden_sensitivity"] = m.AtYouden?.Sensitivity;
            d[$"{prefix}_youden_specificity"] = m.AtYouden?.Specificity;
            d[$"{prefix}_youden_balanced_accuracy"] = m.AtYouden?.BalancedAccuracy;
            d[$"{prefix}_youden_precision"] = m.AtYouden?.Precision;
            d[$"{prefix}_youden_f1"] = m.AtYouden?.F1;
        }
        return d;
    }

    private static readonly string[] CracklesWheezesOutputs = ["crackles", "wheezes"];

    private static LevelMetrics CracklesWheezes(IReadOnlyList<PredictionRow> rows)
    {
        var truth = rows.Select(r => IcbhiScore.ClassOf(r.Labels[0] >= 0.5, r.Labels[1] >= 0.5)).ToArray();
        var predicted = rows.Select(r => IcbhiScore.ClassOf(r.Probabilities[0] >= 0.5, r.Probabilities[1] >= 0.5)).ToArray();
        var icbhi = IcbhiScore.FromClasses(truth, predicted);
        var abnormal = BinaryMetrics.From(BinaryCounts.At(truth.Select(t => t > 0).ToArray(), predicted.Select(p => p > 0 ? 1.0 : 0.0).ToArray(), 0.5), 0.5);
        var outputs = CracklesWheezesOutputs.Select((name, o) =>
            OutputMetrics.Of(name, rows.Select(r => r.Labels[o] >= 0.5).ToArray(), rows.Select(r => r.Probabilities[o]).ToArray())).ToArray();
        var aucs = outputs.Where(x => x.Auc is not null).Select(x => x.Auc!.Value).ToArray();
        var correct = Enumerable.Range(0, 4).Sum(i => icbhi.Confusion[i][i]);
        return new LevelMetrics(rows.Count, Ratio.Of(correct, rows.Count), icbhi.Sensitivity, icbhi.Specificity, icbhi.Score,
            abnormal.Precision, abnormal.F1, aucs.Length == 0 ? null : aucs.Average(), icbhi.Score, Long(icbhi.Confusion)) { PerOutput = outputs };
    }

    private static IReadOnlyDictionary<string, double?> CracklesWheezesEpoch(IReadOnlyList<PredictionRow> chunkRows)
    {
        var m = CracklesWheezes(chunkRows);
        var d = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var o in m.PerOutput)
        {
            d[$"{o.Output}_sensitivity"] = o.AtHalf.Sensitivity;
            d[$"{o.Output}_specificity"] = o.AtHalf.Specificity;
            d[$"{o.Output}_f1"] = o.AtHalf.F1;
            d[$"{o.Output}_auc"] = o.Auc;
        }
        d["icbhi_sensitivity"] = m.Sensitivity;
        d["icbhi_specificity"] = m.Specificity;
        d["icbhi_score"] = m.IcbhiScore;
        return d;
    }

    private static LevelMetrics Cycles(LearningTask task, IReadOnlyList<PredictionRow> rows)
    {
        var truth = rows.Select(r => ClassIndex.ArgMax(r.Labels)).ToArray();
        var predicted = rows.Select(r => ClassIndex.ArgMax(r.Probabilities)).ToArray();
        var icbhi = IcbhiScore.FromClasses(truth, predicted, task.OutputCount());
        var abnormalTruth = truth.Select(t => t > 0).ToArray();
        var abnormal = BinaryMetrics.From(BinaryCounts.At(abnormalTruth, predicted.Select(p => p > 0 ? 1.0 : 0.0).ToArray(), 0.5), 0.5);
        var auc = Ranking.RocAuc(abnormalTruth, rows.Select(r => 1.0 - r.Probabilities[0]).ToArray());
        var correct = Enumerable.Range(0, task.OutputCount()).Sum(i => icbhi.Confusion[i][i]);
        return new LevelMetrics(rows.Count, Ratio.Of(correct, rows.Count), icbhi.Sensitivity, icbhi.Specificity, icbhi.Score,
            abnormal.Precision, abnormal.F1, auc, icbhi.Score, Long(icbhi.Confusion)) { IcbhiScored = true };
    }

    private static IReadOnlyDictionary<string, double?> CyclesEpoch(LearningTask task, IReadOnlyList<PredictionRow> chunkRows)
    {
        var m = Cycles(task, chunkRows);
        var d = new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["icbhi_score"] = m.IcbhiScore,
            ["icbhi_sensitivity"] = m.Sensitivity,
            ["icbhi_specificity"] = m.Specificity,
            ["accuracy"] = m.Accuracy,
            ["abnormal_auc"] = m.Auc,
        };
        var classes = ClassNames(task);
        var recall = m.Recall();
        for (int c = 0; c < classes.Count; c++) d[$"{classes[c]}_recall"] = recall[c];
        return d;
    }

    private static long[][] Long(int[][] m) => m.Select(row => row.Select(v => (long)v).ToArray()).ToArray();
}

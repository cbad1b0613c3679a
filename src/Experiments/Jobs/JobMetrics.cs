using System.Globalization;
using DataflowLung.Model.Metrics;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;

namespace DataflowLung.Experiments.Jobs;

/// <summary>The report's validation metrics, computed from the very rows written to predictions.csv (so the
/// two always agree) with the model library's metric functions. Pneumonia: binary metrics at 0.5 and ROC AUC
/// per level. Crackles/wheezes: the ICBHI 4-class confusion, sensitivity, specificity and score per level;
/// precision and F1 of "abnormal" (any adventitious sound); AUC the mean of the crackle and wheeze AUCs. Cycles
/// tasks: each row's class is its most probable one, scored as the challenge defines it (<see cref="IcbhiScore"/>:
/// Sp, Se, Score and the K × K confusion); precision and F1 of abnormal; AUC of abnormal vs normal (score 1 − P(normal)).
/// With a <see cref="BootstrapParams"/>, every metric gets its interval from the patient bootstrap
/// (<see cref="ClusterBootstrap"/>): the rows of the level are resampled by patient.</summary>
public static class JobMetrics
{
    public static ValidationMetrics From(LearningTask task, IReadOnlyList<PredictionRow> rows, BootstrapParams? bootstrap = null) => new(
        Level(task, rows.Where(r => r.Level == PredictionLevel.Chunk).ToArray(), bootstrap),
        Level(task, rows.Where(r => r.Level == PredictionLevel.Recording).ToArray(), bootstrap),
        Level(task, rows.Where(r => r.Level == PredictionLevel.Patient).ToArray(), bootstrap),
        bootstrap is null ? null : Describe(bootstrap));

    public static string Describe(BootstrapParams b) => string.Create(CultureInfo.InvariantCulture,
        $"{b.Confidence * 100:0.#} % percentile bootstrap over patients: {b.Resamples} resamples, seed {b.Seed}; " +
        $"an interval needs the metric defined on ≥ {b.MinDefinedFraction:P0} of the resamples");

    public static LevelMetrics Level(LearningTask task, IReadOnlyList<PredictionRow> rows, BootstrapParams? bootstrap = null)
    {
        var m = Point(task, rows) with { Support = Support(rows, Positive(task)) };
        if (bootstrap is null) return m;
        var intervals = ClusterBootstrap.Intervals(rows, PatientOf, r => Point(task, r).Named(), bootstrap);
        return m with
        {
            Intervals = intervals.ToDictionary(kv => kv.Key,
                kv => kv.Value.Value is null ? kv.Value with { Reason = WhyUndefined(kv.Key, m) } : kv.Value, StringComparer.Ordinal),
        };
    }

    public static string PatientOf(PredictionRow r) => $"{r.Dataset}:{r.Patient}";

    private static LevelMetrics Point(LearningTask task, IReadOnlyList<PredictionRow> rows) =>
        (task == LearningTask.Pneumonia ? Pneumonia(rows) : task.IsCycles() ? Cycles(task, rows) : CracklesWheezes(rows)) with
        {
            Brier = Brier(rows),
            Classes = task == LearningTask.Pneumonia ? ["negative", "pneumonia"] : ClassIndex.Names(task),
        };

    /// <summary>A row is positive when it has an adventitious sound / pneumonia: any output label for the binary tasks,
    /// a class other than normal for the cycles tasks.</summary>
    private static Func<PredictionRow, bool> Positive(LearningTask task) =>
        task.IsCycles() ? r => ClassIndex.ArgMax(r.Labels) > 0 : r => r.Labels.Any(l => l >= 0.5f);

    /// <summary>The Brier score, averaged over the task's outputs.</summary>
    private static double? Brier(IReadOnlyList<PredictionRow> rows)
    {
        if (rows.Count == 0) return null;
        int outputs = rows[0].Labels.Length;
        return Enumerable.Range(0, outputs).Average(o =>
            Calibration.Brier(rows.Select(r => r.Labels[o] >= 0.5f).ToArray(), rows.Select(r => (double)r.Probabilities[o]).ToArray())!.Value);
    }

    private static LevelSupport Support(IReadOnlyList<PredictionRow> rows, Func<PredictionRow, bool> positive)
    {
        var patients = rows.GroupBy(PatientOf, StringComparer.Ordinal).Select(g => g.Any(positive)).ToArray();
        int p = rows.Count(positive);
        return new LevelSupport(p, rows.Count - p, patients.Length, patients.Count(x => x), patients.Count(x => !x));
    }

    /// <summary>Why a metric is undefined at a level, from what the level holds.</summary>
    private static string WhyUndefined(string metric, LevelMetrics m)
    {
        var s = m.Support!;
        if (m.Count == 0) return "undefined: no rows at this level";
        string noPositive = $"undefined: no positive row (all {s.Negative} negative, {s.Patients} patient(s))";
        string noNegative = $"undefined: no negative row (all {s.Positive} positive, {s.Patients} patient(s))";
        return metric switch
        {
            "sensitivity" when s.Positive == 0 => noPositive,
            "specificity" when s.Negative == 0 => noNegative,
            "auc" or "balanced_accuracy" or "icbhi_score" when s.Positive == 0 => noPositive,
            "auc" or "balanced_accuracy" or "icbhi_score" when s.Negative == 0 => noNegative,
            "precision" => "undefined: nothing was predicted positive",
            "f1" => "undefined: nothing positive in truth or prediction",
            _ => "undefined on these rows",
        };
    }

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

    private static long[][] Long(int[][] m) => m.Select(row => row.Select(v => (long)v).ToArray()).ToArray();
}

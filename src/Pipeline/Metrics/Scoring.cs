using DataflowLung.Pipeline.Tasks;
using System.Globalization;

namespace DataflowLung.Pipeline.Metrics;

/// <summary>Validation metrics from prediction rows, the same functions for the per-epoch metrics and the report:
/// the task's metric function per level (<see cref="LearningTask.Measure"/>; the epoch's are its projection,
/// <see cref="LearningTask.EpochMetrics"/>), with, for the report, what each level rests on
/// (<see cref="LevelSupport"/>), the Brier score and, with a <see cref="BootstrapParams"/>, every metric's interval
/// from the patient bootstrap (<see cref="ClusterBootstrap"/>: the rows of the level are resampled by patient).
/// The report's rows are the very rows written to predictions.csv, so the two always agree.</summary>
public static class Scoring
{
    /// <summary>The report's metrics of rows at every level (<see cref="PredictionLevels"/>).</summary>
    public static ValidationMetrics Validation(LearningTask task, IReadOnlyList<PredictionRow> rows, BootstrapParams? bootstrap = null) => new(
        Level(task, rows.At(PredictionLevel.Chunk), bootstrap),
        Level(task, rows.At(PredictionLevel.Recording), bootstrap),
        Level(task, rows.At(PredictionLevel.Patient), bootstrap),
        bootstrap is null ? null : Describe(bootstrap));

    public static string Describe(BootstrapParams b) => string.Create(CultureInfo.InvariantCulture,
        $"{b.Confidence * 100:0.#} % percentile bootstrap over patients: {b.Resamples} resamples, seed {b.Seed}; " +
        $"an interval needs the metric defined on ≥ {b.MinDefinedFraction:P0} of the resamples");

    public static LevelMetrics Level(LearningTask task, IReadOnlyList<PredictionRow> rows, BootstrapParams? bootstrap = null)
    {
        var m = Point(task, rows) with { Support = Support(rows, r => task.IsPositive(r.Labels)) };
        if (bootstrap is null) return m;
        var intervals = ClusterBootstrap.Intervals(rows, r => r.PatientKey, r => Point(task, r).Named(), bootstrap);
        return m with
        {
            Intervals = intervals.ToDictionary(kv => kv.Key,
                kv => kv.Value.Value is null ? kv.Value with { Reason = WhyUndefined(kv.Key, m) } : kv.Value, StringComparer.Ordinal),
        };
    }

    private static LevelMetrics Point(LearningTask task, IReadOnlyList<PredictionRow> rows) =>
        task.Measure(rows) with { Brier = Brier(rows), Classes = task.ClassNames };

    /// <summary>The Brier score, averaged over the task's outputs.</summary>
    private static double? Brier(IReadOnlyList<PredictionRow> rows)
    {
        if (rows.Count == 0) return null;
        int outputs = rows[0].Labels.Length;
        return Enumerable.Range(0, outputs).Average(o =>
            Calibration.Brier(rows.Select(r => r.Labels[o] >= 0.5).ToArray(), rows.Select(r => r.Probabilities[o]).ToArray())!.Value);
    }

    private static LevelSupport Support(IReadOnlyList<PredictionRow> rows, Func<PredictionRow, bool> positive)
    {
        var patients = rows.GroupBy(r => r.PatientKey, StringComparer.Ordinal).Select(g => g.Any(positive)).ToArray();
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
}

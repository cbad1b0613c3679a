using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Experiments.Compare;

/// <summary>One set a job scored (validation, or an official test set such as SPRSound's <c>inter</c>): its report
/// metrics, the sensitivity / specificity at the job's chosen threshold (one-score tasks), and its prediction rows
/// (empty when the folder has no predictions file). <see cref="Baseline"/>: the job's trivial baseline on the same set
/// with the paired difference model − baseline of <see cref="Baseline.Metric"/> by level (null when the job fitted none).</summary>
public sealed record ScoredSet(string Name, ValidationMetrics Metrics, BinaryMetrics? AtThreshold, IReadOnlyList<PredictionRow> Rows,
    ScoredBaseline? Baseline = null);

/// <summary>A set's baseline metrics and the paired difference model − baseline of <paramref name="Metric"/>, by level
/// name (report.json's <c>baseline</c> block).</summary>
public sealed record ScoredBaseline(ValidationMetrics Metrics, string Metric, IReadOnlyDictionary<string, MetricInterval> Difference);

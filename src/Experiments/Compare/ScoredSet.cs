using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Experiments.Compare;

/// <summary>One set a job scored (validation, or an official test set such as SPRSound's <c>inter</c>): its report
/// metrics, the sensitivity / specificity at the job's chosen threshold (one-score tasks), and its prediction rows
/// (empty when the folder has no predictions file).</summary>
public sealed record ScoredSet(string Name, ValidationMetrics Metrics, BinaryMetrics? AtThreshold, IReadOnlyList<PredictionRow> Rows);

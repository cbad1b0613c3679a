using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Experiments.Jobs;

/// <summary>The report.json <c>baseline</c> block (<see cref="BaselineRun"/>): a logistic regression on each chunk's
/// mel-band means and standard deviations, fitted on the job's training chunks and scored like the model.
/// <see cref="Difference"/>: per set (<c>validation</c>, then each test set's key) and level, the paired
/// patient-bootstrap difference model − baseline of <see cref="Metric"/>; <see cref="Sentences"/> say in words where
/// the model does not beat the baseline.</summary>
public sealed record BaselineReport(
    string Model,
    int Features,
    int TrainChunks,
    double Lambda,
    string SelectedBy,
    IReadOnlyList<BaselineCandidate> Grid,
    double FeatureSeconds,
    double FitSeconds,
    ValidationMetrics Val,
    IReadOnlyDictionary<string, ValidationMetrics>? Test,
    string Metric,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, MetricInterval>> Difference,
    IReadOnlyList<string> Sentences);

/// <summary>One regularisation strength tried, with its validation score (the monitor) and solver iterations.</summary>
public sealed record BaselineCandidate(double Lambda, double? Score, int Iterations);

using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Splits;

namespace DataflowLung.Experiments.CrossValidation;

/// <summary>report.json of a cross-validation folder. <see cref="OutOfFold"/> holds the pooled out-of-fold metrics:
/// every patient scored by the model of the fold that held it out (with repeats, its probabilities averaged over
/// the repeats), at chunk, recording and patient level, with patient-bootstrap intervals and the positives and
/// negatives behind each level. <see cref="PerFold"/> summarises the folds' own validation metrics (mean ± sd over
/// the folds where a metric is defined); <see cref="Folds"/> lists each fold with the patients it validated on;
/// <see cref="Unscored"/> names the patients of the plan no fold could score (no chunk from any of their recordings).</summary>
public sealed record CrossValidationReport(
    string Task,
    string Kind,
    IReadOnlyList<string> Datasets,
    ModelReport Model,
    string JobDirectory,
    CrossValidationScheme Scheme,
    ValidationMetrics OutOfFold,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, FoldSpread>> PerFold,
    IReadOnlyList<FoldSummary> Folds,
    IReadOnlyList<PatientOutOfFold> Patients,
    IReadOnlyList<string> Unscored,
    IReadOnlyList<SkippedFile> FilesSkipped,
    double FoldSeconds,
    VersionInfo Versions,
    DateTimeOffset Started,
    DateTimeOffset Finished);

/// <summary>How the folds were made (the plan's note says whether they are stratified and why).</summary>
public sealed record CrossValidationScheme(int Folds, int Repeats, int Seed, bool Stratified, string Note, int Patients, int PositivePatients, int NegativePatients);

/// <summary>A metric over the folds: mean and sample standard deviation over the <see cref="Folds"/> folds where it
/// was defined (of <see cref="Total"/>); null when defined in none (sd also when in one).</summary>
public sealed record FoldSpread(double? Mean, double? Sd, double? Min, double? Max, int Folds, int Total)
{
    public static FoldSpread Of(IReadOnlyList<double?> values)
    {
        var defined = values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToArray();
        if (defined.Length == 0) return new FoldSpread(null, null, null, null, 0, values.Count);
        double mean = defined.Average();
        double? sd = defined.Length < 2 ? null : Math.Sqrt(defined.Sum(v => (v - mean) * (v - mean)) / (defined.Length - 1));
        return new FoldSpread(mean, sd, defined.Min(), defined.Max(), defined.Length, values.Count);
    }
}

/// <summary>One fold: where it ran, how it ended, the patients it validated on with their labels, what it trained
/// and validated on, and its validation metrics by level (point values; its own report has the intervals).</summary>
public sealed record FoldSummary(
    int Index,
    int Repeat,
    int Fold,
    string Folder,
    string Outcome,
    int? BestEpoch,
    int EpochsRun,
    SplitCounts Train,
    SplitCounts Val,
    IReadOnlyList<RecordedPatient> ValidationPatients,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>> Metrics,
    double Seconds);

/// <summary>A patient's out-of-fold prediction, per output: its label and its probability from the fold that held it
/// out (with repeats, the mean over the repeats; <see cref="FoldIndices"/> lists the folds, one per repeat).</summary>
public sealed record PatientOutOfFold(string Key, IReadOnlyList<float> Labels, IReadOnlyList<float> Probabilities, IReadOnlyList<int> FoldIndices);

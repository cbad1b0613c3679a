using System.Text.Json.Serialization;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline.Datasets;

namespace DataflowLung.Experiments.Jobs;

/// <summary>Everything report.json says about one job (report.md renders the same record). <see cref="EpochsRun"/>
/// counts every epoch the job has finished, across resumes; <see cref="ResumedFromEpoch"/> is the checkpoint epoch
/// a <c>--resume</c> continued from (the pipeline and augmentation blocks cover the epochs after it). <see cref="Warnings"/>:
/// count and examples per kind of everything the run tolerated (<see cref="RunWarnings"/>).
/// <see cref="Divergence"/> says where training met a non-finite loss or gradient (outcome <c>diverged</c>).
/// <see cref="Test"/>: the official test sets the data held out (<see cref="Pipeline.Datasets.TestSet"/>), by key
/// (<c>inter</c>, <c>intra</c>), each scored once with the best model; absent when there were none. <see cref="Threshold"/>:
/// for a one-score task, the yes/no threshold chosen on validation and what it gives there and on each test set.
/// <see cref="TestMean"/>: with two or more test sets, each metric's mean over them, by level. <see cref="Baseline"/>: the
/// trivial baseline beside the model with the paired difference (<see cref="BaselineRun"/>); absent with <c>baseline off</c>.</summary>
public sealed record JobReport(
    string Task,
    string Kind,
    IReadOnlyList<string> Datasets,
    ModelReport Model,
    string JobDirectory,
    DataReport Data,
    ValidationMetrics? Val,
    int? BestEpoch,
    int EpochsRun,
    string Outcome,
    TimingReport Timing,
    AugmentationReport Augmentation,
    VersionInfo Versions,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    int? ResumedFromEpoch = null,
    IReadOnlyDictionary<string, WarningCount>? Warnings = null,
    DataflowLung.Model.Training.Divergence? Divergence = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, ValidationMetrics>? Test = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DecisionThreshold? Threshold = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, IReadOnlyDictionary<string, double?>>? TestMean = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BaselineReport? Baseline = null);

/// <summary>Recordings per dataset and class, chunks per split, every file skipped with why, and how the patients
/// were split (stratified or not, the fold, a reused split.json, recordings ignored since).</summary>
public sealed record DataReport(
    IReadOnlyList<DatasetCounts> Datasets,
    IReadOnlyList<SkippedFile> FilesSkipped,
    SplitCounts Train,
    SplitCounts Val,
    IReadOnlyList<string>? SplitNotes = null);

public sealed record DatasetCounts(string Dataset, int Recordings, int Patients, IReadOnlyDictionary<string, int> RecordingsPerClass);

/// <summary>A split's patients, recordings and chunks. For validation, <see cref="ScoredRecordings"/> and
/// <see cref="ScoredChunks"/> say how many the report's metrics were computed on (the best model's validation pass): a
/// recording that could not be read then is in the split's count, not in the scored one, and is listed in files_skipped.</summary>
public sealed record SplitCounts(int Patients, int Recordings, int Chunks, IReadOnlyDictionary<string, int> ChunksPerClass,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ScoredRecordings = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ScoredChunks = null);

/// <summary>Seconds per stage (listing, loading, features, training, validation, reports...), how long
/// the trainer waited on the data pipeline (the number that says whether the flow keeps up), and the pipeline's
/// own counters per graph stage (null when no graph ran).</summary>
public sealed record TimingReport(IReadOnlyDictionary<string, double> StageSeconds, double TrainerWaitSeconds, double TotalSeconds,
    PipelineTiming? Pipeline = null);

using DataflowLung.Model.Metrics;
using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Experiments.Jobs;

/// <summary>Validation metrics at one level (chunk, recording or patient) at threshold 0.5. Sensitivity and
/// specificity follow the task: pneumonia positive/negative, or for crackles/wheezes the ICBHI definitions
/// over the 4-class confusion matrix (then <see cref="IcbhiScore"/> is their mean). AUC is absent when the
/// level holds a single class; every ratio is absent (null) when its denominator is zero. <see cref="Confusion"/> is row = truth, column = prediction.
/// <see cref="Support"/> counts what the level rests on; <see cref="Brier"/> is the mean squared error of the
/// probabilities; <see cref="Intervals"/> holds, per metric name, the value with its patient-bootstrap interval,
/// or the reason it is undefined.</summary>
public sealed record LevelMetrics(
    int Count,
    double? Accuracy,
    double? Sensitivity,
    double? Specificity,
    double? BalancedAccuracy,
    double? Precision,
    double? F1,
    double? Auc,
    double? IcbhiScore,
    long[][] Confusion,
    LevelSupport? Support = null,
    double? Brier = null,
    IReadOnlyDictionary<string, MetricInterval>? Intervals = null)
{
    /// <summary>The 4 × 4 ICBHI confusion of crackles/wheezes (pneumonia's is 2 × 2).</summary>
    public bool IsCracklesWheezes => Confusion.Length == 4;

    /// <summary>Names of the confusion's classes, in row (and column) order.</summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Set for the cycles tasks: sensitivity, specificity and score are the challenge's (also for 2 classes).</summary>
    public bool IcbhiScored { get; init; }

    /// <summary>Whether the level carries the ICBHI score (crackles/wheezes and the cycles tasks).</summary>
    public bool HasIcbhiScore => IcbhiScored || IsCracklesWheezes;

    /// <summary>The headline metrics by their report names (the keys of <see cref="Intervals"/>); the ICBHI score
    /// only for crackles/wheezes and the cycles tasks, where balanced accuracy is the same number.</summary>
    public IReadOnlyDictionary<string, double?> Named()
    {
        var d = new Dictionary<string, double?>(StringComparer.Ordinal)
        {
            ["accuracy"] = Accuracy,
            ["sensitivity"] = Sensitivity,
            ["specificity"] = Specificity,
            ["balanced_accuracy"] = BalancedAccuracy,
            ["precision"] = Precision,
            ["f1"] = F1,
            ["auc"] = Auc,
            ["brier"] = Brier,
        };
        if (HasIcbhiScore) d["icbhi_score"] = IcbhiScore;
        return d;
    }
}

/// <summary>What a level's metrics rest on: its rows (chunks, recordings or patients) and patients, each split
/// into positive and negative (pneumonia; for crackles/wheezes, abnormal = any crackle or wheeze; for the cycles tasks,
/// abnormal = a class other than normal).</summary>
public sealed record LevelSupport(int Positive, int Negative, int Patients, int PositivePatients, int NegativePatients);

/// <summary>The headline validation metrics by level, the <c>val</c> block of report.json; <see cref="Intervals"/>
/// says how the intervals were made (null when none were).</summary>
public sealed record ValidationMetrics(LevelMetrics Chunk, LevelMetrics Recording, LevelMetrics Patient, string? Intervals = null);

using System.Text.Json.Serialization;

namespace DataflowLung.Pipeline.Metrics;

/// <summary>Validation metrics at one level (chunk, recording or patient) at threshold 0.5: the report's, and what the
/// per-epoch metrics (metrics.csv, <c>--monitor</c>) are a projection of. Sensitivity and specificity follow the task:
/// pneumonia positive/negative, or for crackles/wheezes the ICBHI definitions over the 4-class confusion matrix (then
/// <see cref="IcbhiScore"/> is their mean). AUC is absent when the level holds a single class; every ratio is absent
/// (null) when its denominator is zero. <see cref="Confusion"/> is row = truth, column = prediction.
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

    /// <summary>A challenge's own scores by name (the SPRSound tasks': se, sp, as, hs, score), part of <see cref="Named"/>,
    /// so they get intervals too; absent (and left out of report.json) for tasks without one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double?>? ChallengeScores { get; init; }

    /// <summary>Whether the level carries the ICBHI score (crackles/wheezes and the cycles tasks).</summary>
    public bool HasIcbhiScore => IcbhiScored || IsCracklesWheezes;

    // What only the per-epoch metrics show (metrics.csv): computed for them, and kept out of report.json, whose shape
    // predates it.

    /// <summary>PR AUC (average precision) of a one-score task.</summary>
    [JsonIgnore] public double? PrAuc { get; init; }

    /// <summary>The Youden-optimal threshold found on these same scores, and the metrics there.</summary>
    [JsonIgnore] public double? YoudenThreshold { get; init; }

    [JsonIgnore] public BinaryMetrics? AtYouden { get; init; }

    /// <summary>Each independent (sigmoid) output on its own, at 0.5.</summary>
    [JsonIgnore] public IReadOnlyList<OutputMetrics> PerOutput { get; init; } = [];

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
        foreach (var (name, value) in ChallengeScores ?? new Dictionary<string, double?>()) d[name] = value;
        return d;
    }

    /// <summary>Each class's recall (sensitivity of its own row of the confusion), undefined for an empty class.</summary>
    public IReadOnlyList<double?> Recall() => Confusion.Select((row, c) => Ratio.Of(row[c], row.Sum())).ToArray();
}

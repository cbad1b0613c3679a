namespace DataflowLung.Runner.Jobs;

/// <summary>Validation metrics at one level (chunk, recording or patient) at threshold 0.5. Sensitivity and
/// specificity follow the task: pneumonia positive/negative, or for crackles/wheezes the ICBHI definitions
/// over the 4-class confusion matrix (then <see cref="IcbhiScore"/> is their mean). AUC is absent when the
/// level holds a single class; every ratio is absent (null) when its denominator is zero. <see cref="Confusion"/> is row = truth, column = prediction.</summary>
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
    long[][] Confusion);

/// <summary>The headline validation metrics by level, the <c>val</c> block of report.json.</summary>
public sealed record ValidationMetrics(LevelMetrics Chunk, LevelMetrics Recording, LevelMetrics Patient);

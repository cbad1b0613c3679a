using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Model.Training;

/// <summary>One finished epoch. <see cref="WaitForDataSeconds"/> is the time the trainer spent waiting for the
/// next training batch (time the pipeline could not keep up); <see cref="Metrics"/> are the flattened validation
/// metrics with the validation loss; <see cref="Monitor"/> is the monitored value (null when undefined).
/// <see cref="ValidationSamples"/> and <see cref="ValidationRecordings"/>: the validation chunks and recordings this
/// epoch actually scored (a recording that became unreadable since is not among them).</summary>
public sealed record EpochResult(
    int Epoch,
    double TrainLoss,
    double? ValidationLoss,
    double LearningRate,
    double EpochSeconds,
    double WaitForDataSeconds,
    int TrainSamples,
    int ValidationSamples,
    double? Monitor,
    bool IsBest,
    IReadOnlyDictionary<string, double?> Metrics,
    int? ValidationRecordings = null);

using DataflowLung.Model.Metrics;
using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Model.Training;

/// <summary>One finished epoch. <see cref="WaitForDataSeconds"/> is the time the trainer spent waiting for the
/// next training batch (time the pipeline could not keep up); <see cref="Metrics"/> is the flattened validation
/// report; <see cref="Monitor"/> is the monitored value (null when undefined).</summary>
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
    ValidationReport Validation,
    IReadOnlyDictionary<string, double?> Metrics);

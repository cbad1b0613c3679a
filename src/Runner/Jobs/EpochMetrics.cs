namespace DataflowLung.Runner.Jobs;

/// <summary>One row of metrics.csv: losses, learning rate, speed and validation metrics of one epoch.</summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double ValLoss,
    double LearningRate,
    double Seconds,
    double SamplesPerSecond,
    ValidationMetrics Val,
    bool IsBest);

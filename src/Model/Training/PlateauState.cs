namespace DataflowLung.Model.Training;

/// <summary>Where the monitored metric stands: the best value so far, epochs since it last improved by more than
/// min delta (for early stopping) and since the last LR step (for LR reduction), the current (base) LR, and the
/// optimizer steps taken so far (for Keras' per-step decay, <see cref="LearningRateSchedule"/>; 0 in older checkpoints).</summary>
public sealed record PlateauState(double? Best, int BestEpoch, int EpochsWithoutImprovement, int EpochsSinceLrStep, double LearningRate, long Steps = 0)
{
    public static PlateauState Start(double learningRate) => new(null, 0, 0, 0, learningRate);
}

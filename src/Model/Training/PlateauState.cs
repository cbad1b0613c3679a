namespace DataflowLung.Model.Training;

/// <summary>Where the monitored metric stands: the best value so far, epochs since it last improved by more than
/// min delta (for early stopping) and since the last LR step (for LR reduction), and the current LR.</summary>
public sealed record PlateauState(double? Best, int BestEpoch, int EpochsWithoutImprovement, int EpochsSinceLrStep, double LearningRate)
{
    public static PlateauState Start(double learningRate) => new(null, 0, 0, 0, learningRate);
}

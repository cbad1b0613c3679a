namespace DataflowLung.Model.Training;

/// <summary>Keras' per-step learning-rate decay (the legacy optimizers' <c>decay</c> argument):
/// lr_t = lr / (1 + decay · t), t = optimizer steps taken before this one (so the first step uses lr itself).
/// <c>lr</c> is the current base rate, which reduce-on-plateau may have lowered, as in Keras where the callback
/// sets the optimizer's base rate and the decay keeps applying on top.</summary>
public static class LearningRateSchedule
{
    public static double KerasDecay(double baseLearningRate, double decay, long step) =>
        decay > 0 ? baseLearningRate / (1.0 + decay * step) : baseLearningRate;
}

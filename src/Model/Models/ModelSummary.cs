namespace DataflowLung.Model.Models;

/// <summary>Size and cost of a model. <see cref="Parameters"/> counts as Keras did (trainable weights plus
/// BatchNorm's moving mean and variance); <see cref="FlopsPerSample"/> is multiply-accumulate operations of the
/// convolutions and dense layers for one input (one MAC = one multiply + one add).</summary>
public sealed record ModelSummary(string Name, long Parameters, long TrainableParameters, long FlopsPerSample);

namespace DataflowLung.Experiments.Jobs;

/// <summary>One training epoch as the pipeline saw it: how long the trainer waited for batches, that wait as a
/// share of the epoch's training phase (issue 7 asks &lt; 5 %), the bottleneck stage, and the augmented
/// samples by kind.</summary>
public sealed record EpochPipeline(
    int Epoch,
    double WaitSeconds,
    double WaitFraction,
    string Bottleneck,
    IReadOnlyDictionary<string, long> AugmentedByKind);

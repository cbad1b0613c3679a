namespace DataflowLung.Experiments.Jobs;

/// <summary>Augmented samples by kind in one training epoch.</summary>
public sealed record EpochAugmentation(int Epoch, IReadOnlyDictionary<string, long> ByKind);

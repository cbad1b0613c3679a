using DataflowLung.Pipeline;

namespace DataflowLung.Model.Training;

/// <summary>Where the trainer's data comes from: a fresh stream of training batches per epoch (1-based; the
/// pipeline shuffles and augments) and a fresh stream of validation batches. The trainer only enumerates them,
/// so the dataset never has to fit in memory.</summary>
public sealed record BatchSources(Func<int, IAsyncEnumerable<Batch>> TrainBatches, Func<IAsyncEnumerable<Batch>> ValidationBatches);

namespace DataflowLung.Pipeline.Flow;

/// <summary>How the graph runs. Capacities are counted in each stage's own items (recordings, chunks, batches)
/// and raised to the stage's parallelism where lower; the feature and window stages hold
/// parallelism + 1 groups. docs/pipeline.md derives the memory bound they imply.</summary>
/// <param name="BatchSize">Training batch size (the original: 16).</param>
/// <param name="ValidationBatchSize">Validation batch size (the original used 1; any size gives the same predictions in eval mode).</param>
/// <param name="FeatureBatchSize">Chunks per call of the feature extractor.</param>
/// <param name="ShuffleWindow">Training: features are shuffled (and spectrogram-mixed) inside windows of this many; ≤ 1 disables the window shuffle.</param>
/// <param name="Seed">Seeds the per-epoch recording shuffle, the window shuffles and every augmentation.</param>
/// <param name="Parallelism">Per-stage degrees of parallelism; null = <see cref="FlowParallelism.ForCores"/> of this machine.</param>
/// <param name="RecordingCapacity">Decoded recordings buffered per stage (decode, chunk).</param>
/// <param name="ChunkCapacity">Chunks buffered per chunk-level stage (flatten, audio augment, feature batching).</param>
/// <param name="BatchCapacity">Finished batches waiting for the consumer.</param>
/// <param name="SignalCacheBytes">Decoded signals kept in memory across epochs up to this many bytes. Small by default:
/// with a <paramref name="CacheRoot"/> the rest is read back from the store (the OS page cache, not this process, holds
/// the file pages), so the process's memory stays flat in the number of recordings (docs/performance.md).</param>
/// <param name="FeatureCacheBytes">Features of un-augmented chunks kept in memory across epochs up to this many bytes.</param>
/// <param name="CacheRoot">The persistent cache (<see cref="CacheStore"/>) shared by jobs: every decoded signal and every
/// un-augmented chunk's features are stored there under their content hash and identity, so later epochs beyond the
/// memory budgets and later jobs read them instead of recomputing; null = no persistent cache.</param>
/// <param name="CacheMaxBytes">Bound of the persistent cache; least recently used entries are evicted beyond it.</param>
/// <param name="Prefetch">Jobs decode the first epoch's recordings (then the validation set's) with
/// <see cref="DataFlow.Prefetch"/> beside the graph. Off by default: it only moves decoding earlier, which pays where
/// cores are idle; on 2 busy cores it made the trainer wait longer (docs/performance.md).</param>
public sealed record FlowParams(
    int BatchSize = 16,
    int ValidationBatchSize = 16,
    int FeatureBatchSize = 32,
    int ShuffleWindow = 64,
    long Seed = 12,
    FlowParallelism? Parallelism = null,
    int RecordingCapacity = 8,
    int ChunkCapacity = 64,
    int BatchCapacity = 4,
    long SignalCacheBytes = 64L << 20,
    long FeatureCacheBytes = 64L << 20,
    string? CacheRoot = null,
    long CacheMaxBytes = 2L << 30,
    bool Prefetch = false)
{
    public FlowParallelism EffectiveParallelism => Parallelism ?? FlowParallelism.ForCores(Environment.ProcessorCount);

    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (BatchSize < 1) p.Add($"batch size must be ≥ 1 (got {BatchSize})");
        if (ValidationBatchSize < 1) p.Add($"validation batch size must be ≥ 1 (got {ValidationBatchSize})");
        if (FeatureBatchSize < 1) p.Add($"feature batch size must be ≥ 1 (got {FeatureBatchSize})");
        if (ShuffleWindow < 0) p.Add($"shuffle window must be ≥ 0 (got {ShuffleWindow})");
        if (RecordingCapacity < 1) p.Add($"recording capacity must be ≥ 1 (got {RecordingCapacity})");
        if (ChunkCapacity < 1) p.Add($"chunk capacity must be ≥ 1 (got {ChunkCapacity})");
        if (BatchCapacity < 1) p.Add($"batch capacity must be ≥ 1 (got {BatchCapacity})");
        if (SignalCacheBytes < 0) p.Add($"signal cache budget must be ≥ 0 (got {SignalCacheBytes})");
        if (FeatureCacheBytes < 0) p.Add($"feature cache budget must be ≥ 0 (got {FeatureCacheBytes})");
        if (CacheMaxBytes < 0) p.Add($"cache bound must be ≥ 0 (got {CacheMaxBytes})");
        if (Parallelism is not null) p.AddRange(Parallelism.Problems());
        return p;
    }
}

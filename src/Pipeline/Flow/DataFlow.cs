namespace DataflowLung.Pipeline.Flow;

/// <summary>The data pipeline of one job: wires <see cref="FlowStages"/> into a bounded TPL Dataflow graph per
/// epoch and keeps what survives epochs (decoded signals, features of un-augmented chunks, known-bad files).
/// Use one instance per split (training, validation) so each split's caches stay warm.
/// <code>
/// var flow = new DataFlow(stages, parameters);
/// await using var run = flow.Epoch(trainRecordings, epoch, training: true, token);
/// await foreach (var batch in run) trainer.Step(batch);
/// FlowReport report = await run.Completion;   // or run.Snapshot() after a cancellation
/// </code></summary>
public sealed class DataFlow
{
    /// <param name="signalCache">Decoded signals shared with other flows of the same decode identity (the folds of a
    /// cross-validation decode each recording once); null = this flow's own cache.</param>
    public DataFlow(FlowStages stages, FlowParams parameters, SpillCache? signalCache = null)
    {
        var problems = parameters.Problems();
        if (problems.Count > 0) throw new ArgumentException("invalid pipeline parameters: " + string.Join("; ", problems), nameof(parameters));
        Stages = stages;
        Params = parameters;
        Parallelism = parameters.EffectiveParallelism;
        SignalCache = signalCache ?? NewSignalCache(stages, parameters);
        FeatureCache = new SpillCache(parameters.FeatureCacheBytes, Store(parameters), "features",
            $"{stages.DecodeIdentity}|{stages.FeatureIdentity}|code={CodeVersion}");
        Decoder = new CachedDecoder(stages.Decode, SignalCache, stages.Streaming);
    }

    public FlowStages Stages { get; }
    public FlowParams Params { get; }
    public FlowParallelism Parallelism { get; }
    public SpillCache SignalCache { get; }
    public SpillCache FeatureCache { get; }

    /// <summary>The decoded-signal cache of a flow (memory tier, then the persistent store under <c>cache_root</c>);
    /// shareable between flows built from stages of the same decode identity.</summary>
    public static SpillCache NewSignalCache(FlowStages stages, FlowParams parameters) =>
        new(parameters.SignalCacheBytes, Store(parameters), "signals", $"{stages.DecodeIdentity}|code={CodeVersion}");

    static CacheStore? Store(FlowParams parameters) =>
        parameters.CacheRoot is { } root ? CacheStore.Shared(root, parameters.CacheMaxBytes) : null;

    /// <summary>Decodes through the signal cache, once per recording (also remembers files that failed, so a bad file is
    /// not re-read every epoch; it is still reported every epoch).</summary>
    internal CachedDecoder Decoder { get; }

    /// <summary>Starts one pass over <paramref name="recordings"/>. Training: recordings in a seeded per-epoch
    /// order, audio and spectrogram augmentation, window shuffle. Validation: input order, no augmentation.
    /// The graph runs as soon as this returns and stops at the first of: the batches are all consumed, the
    /// enumeration is abandoned, the run is disposed, <paramref name="cancellationToken"/> fires.</summary>
    /// <summary>The builds of the decoding and feature code (their deterministic module ids): a persistent cache entry
    /// made by other code is never read, even when someone forgot to bump <c>PipelineStages.DecoderVersion</c>.</summary>
    public static string CodeVersion { get; } =
        $"{typeof(DataFlow).Assembly.ManifestModule.ModuleVersionId:N}"[..12] + "." +
        $"{typeof(Kernels.FeatureParams).Assembly.ManifestModule.ModuleVersionId:N}"[..12];

    public FlowRun Epoch(IReadOnlyList<RecordingRef> recordings, int epoch, bool training, CancellationToken cancellationToken = default) =>
        new(this, Order(recordings, epoch, training), epoch, training, cancellationToken);

    /// <summary>Decodes <paramref name="recordings"/> into the signal cache beside the graph, with the decode stage's
    /// parallelism, outside the graph's bounded queues: started when the job starts, it uses the time before the first
    /// batch and every moment the trainer holds the graph back. It walks the order <see cref="Epoch"/> will feed, from
    /// its end: the decode stage walks it from the start, so the two never queue behind each other on one recording
    /// (in the same order the stage would catch up and wait for each one the prefetcher holds) and meet in the middle,
    /// each recording decoded once (<see cref="CachedDecoder"/>). Stops when cancelled, when done, or when the cache can
    /// keep nothing more (memory budget spent and no persistent store). Long recordings (streamed) are skipped. Faults are not reported here; the epoch
    /// reports them.</summary>
    public Task Prefetch(IReadOnlyList<RecordingRef> recordings, int epoch, bool training, CancellationToken cancellationToken = default)
    {
        var order = Order(recordings, epoch, training).Reverse().ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism.Decode, CancellationToken = cancellationToken };
        return Task.Run(async () =>
        {
            try
            {
                await Parallel.ForEachAsync(order, options, (recording, token) =>
                {
                    if (Decoder.Retains && !token.IsCancellationRequested && !Decoder.Streams(recording)) Decoder.Decode(recording);
                    return ValueTask.CompletedTask;
                }).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // stopped: whatever was decoded stays cached
            }
        }, CancellationToken.None);
    }

    IReadOnlyList<RecordingRef> Order(IReadOnlyList<RecordingRef> recordings, int epoch, bool training) =>
        training ? FlowSeeds.Shuffle(recordings, FlowSeeds.For(Params.Seed, epoch, "recordings", "")) : recordings.ToArray();
}

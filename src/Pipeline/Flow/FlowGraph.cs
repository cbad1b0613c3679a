using System.Threading.Tasks.Dataflow;

namespace DataflowLung.Pipeline.Flow;

/// <summary>The blocks of one epoch, wired and ready (see docs/pipeline.md for the picture):
/// decode → chunk ⇒ (faults → error sink) → flatten → [audio augment] → feature batches → features [+ feature augment]
/// → [stream augment] → [window: spectrogram augment + shuffle] → batch → <see cref="Output"/>.
/// Every block is bounded, ordered, linked with PropagateCompletion and cancelled by the one token; its work is
/// <see cref="EpochWork"/>'s, timed by the stage's <see cref="StageCounters"/>. Nothing runs until
/// recordings are sent to <see cref="Head"/>; <see cref="FlowRun"/> feeds, drains and stops it.</summary>
/// <param name="Head">Where recordings go in (complete it after the last).</param>
/// <param name="Output">The batches.</param>
/// <param name="Blocks">Every block, in graph order, by name.</param>
/// <param name="Counters">Per-stage counters, in graph order; the first (<c>enumerate</c>) is the feeder's.</param>
internal sealed record FlowGraph(
    ITargetBlock<RecordingRef> Head,
    IReceivableSourceBlock<Batch> Output,
    IReadOnlyList<(string Name, IDataflowBlock Block)> Blocks,
    IReadOnlyList<StageCounters> Counters)
{
    public static FlowGraph Build(EpochWork work, CancellationToken token)
    {
        var flow = work.Flow;
        var p = flow.Params;
        var dop = flow.Parallelism;
        bool training = work.Training;
        var link = new DataflowLinkOptions { PropagateCompletion = true };
        var blocks = new List<(string, IDataflowBlock)>();
        var counters = new List<StageCounters>();

        // Items being processed count against a block's capacity, so a capacity below the parallelism would idle workers.
        static int Capacity(int parallelism, int capacity) => Math.Max(parallelism, capacity);
        ExecutionDataflowBlockOptions Options(int parallelism, int capacity) => new()
        {
            MaxDegreeOfParallelism = parallelism,
            BoundedCapacity = Capacity(parallelism, capacity),
            EnsureOrdered = true,
            SingleProducerConstrained = true,
            CancellationToken = token,
        };
        GroupingDataflowBlockOptions Grouping(int size) => new() { BoundedCapacity = size, EnsureOrdered = true, CancellationToken = token };
        StageCounters Counter(string name, int parallelism, int capacity)
        {
            var c = new StageCounters(name, parallelism, Capacity(parallelism, capacity));
            counters.Add(c);
            return c;
        }
        T Add<T>(string name, T block) where T : IDataflowBlock
        {
            blocks.Add((name, block));
            return block;
        }

        // decode: read + resample, parallel but ordered; failures stay values.
        Counter("enumerate", 1, 1);
        var decodeCounter = Counter("decode", dop.Decode, p.RecordingCapacity);
        TransformBlock<RecordingRef, EpochWork.Decoded> decode = null!;
        decode = Add("decode", new TransformBlock<RecordingRef, EpochWork.Decoded>(
            r => Timed(decodeCounter, decode.InputCount, () => work.Decode(r), _ => 1), Options(dop.Decode, p.RecordingCapacity)));

        var chunkCounter = Counter("chunk", dop.Chunk, p.RecordingCapacity);
        TransformBlock<EpochWork.Decoded, EpochWork.RecordingChunks> chunk = null!;
        chunk = Add("chunk", new TransformBlock<EpochWork.Decoded, EpochWork.RecordingChunks>(
            d => Timed(chunkCounter, chunk.InputCount, () => work.Chunk(d), r => r.CutCount),
            Options(dop.Chunk, p.RecordingCapacity)));
        decode.LinkTo(chunk, link);

        // Faults leave the stream here, in recording order, so the fault list is deterministic too.
        var errorSink = Add("faults", new ActionBlock<EpochWork.RecordingChunks>(work.RecordFault, Options(1, p.RecordingCapacity)));
        // flatten: one recording at a time, each chunk sent as the buffer takes it (a TransformManyBlock would enumerate a
        // streamed recording's chunks to the end, whatever its bound): the buffer's bound holds a long recording back.
        var flattened = new BufferBlock<Chunk>(new DataflowBlockOptions { BoundedCapacity = p.ChunkCapacity, EnsureOrdered = true, CancellationToken = token });
        var flatten = Add("flatten", new ActionBlock<EpochWork.RecordingChunks>(
            r => work.Flatten(r, c => flattened.SendAsync(c, token)), Options(1, 1)));
        flatten.Completion.ContinueWith(t =>
        {
            if (t.IsFaulted) ((IDataflowBlock)flattened).Fault(t.Exception!.GetBaseException());
            else flattened.Complete();
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        Add("flattened", flattened);
        chunk.LinkTo(errorSink, link, r => r.Chunks.IsFail);
        chunk.LinkTo(flatten, link, r => r.Chunks.IsSucc);
        ISourceBlock<Chunk> chunkStream = flattened;

        if (training && flow.Stages.AudioAugment is { } audioAugment)
        {
            var augmentCounter = Counter("audio-augment", dop.AudioAugment, p.ChunkCapacity);
            TransformManyBlock<Chunk, Chunk> augment = null!;
            augment = Add("audio-augment", new TransformManyBlock<Chunk, Chunk>(
                c => Timed(augmentCounter, augment.InputCount, () => work.AugmentAudio(audioAugment, c), a => a.Length),
                Options(dop.AudioAugment, p.ChunkCapacity)));
            chunkStream.LinkTo(augment, link);
            chunkStream = augment;
        }

        var featureBatches = Add("feature-batching", new BatchBlock<Chunk>(p.FeatureBatchSize, Grouping(p.FeatureBatchSize)));
        chunkStream.LinkTo(featureBatches, link);
        var featureCounter = Counter("features", dop.Features, dop.Features + 1);
        TransformManyBlock<Chunk[], Features> features = null!;
        features = Add("features", new TransformManyBlock<Chunk[], Features>(
            b => Timed(featureCounter, features.InputCount, () => work.ExtractFeatures(b), f => f.Length),
            Options(dop.Features, dop.Features + 1)));
        featureBatches.LinkTo(features, link);
        ISourceBlock<Features> featureStream = features;

        // Whole-set mixer pairs: one worker in stream order, so the pairs a record completes are timing-free.
        if (training && flow.Stages.StreamAugment is { } streamAugment)
        {
            var next = streamAugment();
            var streamCounter = Counter("stream-augment", 1, p.ChunkCapacity);
            TransformManyBlock<Features, Features> inOrder = null!;
            inOrder = Add("stream-augment", new TransformManyBlock<Features, Features>(
                f => Timed(streamCounter, inOrder.InputCount, () => next(f), m => m.Count), Options(1, p.ChunkCapacity)));
            featureStream.LinkTo(inOrder, link);
            featureStream = inOrder;
        }

        var spectrogramAugment = training ? flow.Stages.SpectrogramAugment : null;
        if (training && (p.ShuffleWindow > 1 || spectrogramAugment is not null))
        {
            int window = Math.Max(1, p.ShuffleWindow);
            var windows = Add("windowing", new BatchBlock<Features>(window, Grouping(window)));
            featureStream.LinkTo(windows, link);
            var windowCounter = Counter("spectrogram-augment", dop.SpectrogramAugment, dop.SpectrogramAugment + 1);
            TransformManyBlock<Features[], Features> mix = null!;
            mix = Add("spectrogram-augment", new TransformManyBlock<Features[], Features>(
                w => Timed(windowCounter, mix.InputCount, () => work.MixAndShuffle(spectrogramAugment, w), m => m.Length),
                Options(dop.SpectrogramAugment, dop.SpectrogramAugment + 1)));
            windows.LinkTo(mix, link);
            featureStream = mix;
        }

        int batchSize = training ? p.BatchSize : p.ValidationBatchSize;
        var grouping = Add("batching", new BatchBlock<Features>(batchSize, Grouping(batchSize)));
        featureStream.LinkTo(grouping, link);
        var batchCounter = Counter("batch", dop.Batch, p.BatchCapacity);
        TransformBlock<Features[], Batch> assemble = null!;
        assemble = Add("batch", new TransformBlock<Features[], Batch>(
            f => Timed(batchCounter, assemble.InputCount, () => work.AssembleBatch(f), _ => 1), Options(dop.Batch, p.BatchCapacity)));
        grouping.LinkTo(assemble, link);

        return new FlowGraph(decode, assemble, blocks, counters);
    }

    static T Timed<T>(StageCounters counter, int queueDepth, Func<T> work, Func<T, int> produced)
    {
        long start = counter.Begin(queueDepth);
        int count = 0;
        try
        {
            var result = work();
            count = produced(result);
            return result;
        }
        finally { counter.End(start, count); }
    }
}

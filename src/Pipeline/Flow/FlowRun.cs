using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Dataflow;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Flow;

/// <summary>One running epoch of the graph (see docs/pipeline.md for the picture):
/// feed → decode → chunk ⇒ (faults → error sink) → flatten → [audio augment] → feature batches → features [+ feature augment]
/// → [stream augment] → [window: spectrogram augment + shuffle] → batch → consumer.
/// Every block is bounded, ordered and linked with PropagateCompletion; one token cancels them all; a block that
/// faults (a bug) cancels the rest. Enumerate it once; the enumeration ends cleanly after the last batch, throws
/// <see cref="OperationCanceledException"/> when cancelled, <see cref="FlowFailedException"/> when every recording
/// failed, or the first stage's exception when a stage has a bug. Abandoning the enumeration stops the graph,
/// and the enumerator's disposal waits until no block is running.</summary>
public sealed class FlowRun : IAsyncEnumerable<Batch>, IAsyncDisposable
{
    sealed record Decoded(RecordingRef Recording, Fin<Signal> Signal);

    sealed record RecordingChunks(RecordingRef Recording, Fin<Seq<Chunk>> Chunks);

    readonly DataFlow flow;
    readonly int epoch;
    readonly bool training;
    readonly int recordingCount;
    readonly CancellationTokenSource cancel;
    readonly List<(string Name, Task Completion)> stages = [];
    readonly List<StageCounters> counters = [];
    readonly List<FlowFault> faults = [];
    readonly ConcurrentDictionary<string, string> recordingKeys = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, long> augmented = new(StringComparer.Ordinal);
    readonly IReceivableSourceBlock<Batch> output;
    readonly long startedAt = Stopwatch.GetTimestamp();
    long finishedAt, consumerWaitTicks, chunks, samples, batches;
    int recordingsOk, enumerated;

    internal FlowRun(DataFlow flow, IReadOnlyList<RecordingRef> order, int epoch, bool training, CancellationToken cancellationToken)
    {
        this.flow = flow;
        this.epoch = epoch;
        this.training = training;
        recordingCount = order.Count;
        cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = cancel.Token;
        var p = flow.Params;
        var dop = flow.Parallelism;
        var link = new DataflowLinkOptions { PropagateCompletion = true };

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

        // decode: read + resample, parallel but ordered; failures stay values.
        var feedCounter = Counter("enumerate", 1, 1);
        var decodeCounter = Counter("decode", dop.Decode, p.RecordingCapacity);
        TransformBlock<RecordingRef, Decoded> decode = null!;
        decode = new TransformBlock<RecordingRef, Decoded>(r => Timed(decodeCounter, decode.InputCount, () => DecodeOne(r), _ => 1),
            Options(dop.Decode, p.RecordingCapacity));
        Track("decode", decode);

        var chunkCounter = Counter("chunk", dop.Chunk, p.RecordingCapacity);
        TransformBlock<Decoded, RecordingChunks> chunk = null!;
        chunk = new TransformBlock<Decoded, RecordingChunks>(d => Timed(chunkCounter, chunk.InputCount, () => ChunkOne(d), r => r.Chunks.Match(s => s.Count, _ => 0)),
            Options(dop.Chunk, p.RecordingCapacity));
        Track("chunk", chunk);
        decode.LinkTo(chunk, link);

        // Faults leave the stream here, in recording order, so the fault list is deterministic too.
        var errorSink = new ActionBlock<RecordingChunks>(r => RecordFault(r), Options(1, p.RecordingCapacity));
        Track("faults", errorSink);
        var flatten = new TransformManyBlock<RecordingChunks, Chunk>(r => Flatten(r), Options(1, p.ChunkCapacity));
        Track("flatten", flatten);
        chunk.LinkTo(errorSink, link, r => r.Chunks.IsFail);
        chunk.LinkTo(flatten, link, r => r.Chunks.IsSucc);
        ISourceBlock<Chunk> chunkStream = flatten;

        if (training && flow.Stages.AudioAugment is { } audioAugment)
        {
            var augmentCounter = Counter("audio-augment", dop.AudioAugment, p.ChunkCapacity);
            TransformManyBlock<Chunk, Chunk> augment = null!;
            augment = new TransformManyBlock<Chunk, Chunk>(c => Timed(augmentCounter, augment.InputCount, () => AugmentAudio(audioAugment, c), a => a.Length),
                Options(dop.AudioAugment, p.ChunkCapacity));
            Track("audio-augment", augment);
            chunkStream.LinkTo(augment, link);
            chunkStream = augment;
        }

        var featureBatches = new BatchBlock<Chunk>(p.FeatureBatchSize, Grouping(p.FeatureBatchSize));
        Track("feature-batching", featureBatches);
        chunkStream.LinkTo(featureBatches, link);
        var featureCounter = Counter("features", dop.Features, dop.Features + 1);
        TransformManyBlock<Chunk[], Features> features = null!;
        features = new TransformManyBlock<Chunk[], Features>(b => Timed(featureCounter, features.InputCount, () => ExtractFeatures(b), f => f.Length),
            Options(dop.Features, dop.Features + 1));
        Track("features", features);
        featureBatches.LinkTo(features, link);
        ISourceBlock<Features> featureStream = features;

        if (training && flow.Stages.StreamAugment is { } streamAugment)
        {
            var next = streamAugment(p.Seed, epoch);
            var streamCounter = Counter("stream-augment", 1, p.ChunkCapacity);
            TransformManyBlock<Features, Features> inOrder = null!;
            inOrder = new TransformManyBlock<Features, Features>(f => Timed(streamCounter, inOrder.InputCount, () => next(f), m => m.Count),
                Options(1, p.ChunkCapacity));
            Track("stream-augment", inOrder);
            featureStream.LinkTo(inOrder, link);
            featureStream = inOrder;
        }

        var spectrogramAugment = training ? flow.Stages.SpectrogramAugment : null;
        if (training && (p.ShuffleWindow > 1 || spectrogramAugment is not null))
        {
            int window = Math.Max(1, p.ShuffleWindow);
            var windows = new BatchBlock<Features>(window, Grouping(window));
            Track("windowing", windows);
            featureStream.LinkTo(windows, link);
            var windowCounter = Counter("spectrogram-augment", dop.SpectrogramAugment, dop.SpectrogramAugment + 1);
            TransformManyBlock<Features[], Features> mix = null!;
            mix = new TransformManyBlock<Features[], Features>(w => Timed(windowCounter, mix.InputCount, () => MixAndShuffle(spectrogramAugment, w), m => m.Length),
                Options(dop.SpectrogramAugment, dop.SpectrogramAugment + 1));
            Track("spectrogram-augment", mix);
            windows.LinkTo(mix, link);
            featureStream = mix;
        }

        int batchSize = training ? p.BatchSize : p.ValidationBatchSize;
        var grouping = new BatchBlock<Features>(batchSize, Grouping(batchSize));
        Track("batching", grouping);
        featureStream.LinkTo(grouping, link);
        var batchCounter = Counter("batch", dop.Batch, p.BatchCapacity);
        TransformBlock<Features[], Batch> assemble = null!;
        assemble = new TransformBlock<Features[], Batch>(f => Timed(batchCounter, assemble.InputCount, () => AssembleBatch(f), _ => 1),
            Options(dop.Batch, p.BatchCapacity));
        Track("batch", assemble);
        grouping.LinkTo(assemble, link);
        output = assemble;

        var feeder = Task.Run(() => Feed(order, decode, feedCounter, token), CancellationToken.None);
        stages.Insert(0, ("enumerate", feeder));
        Completion = Finish();
    }

    /// <summary>Completes with the epoch's report once every block has finished; fails as the enumeration does.</summary>
    public Task<FlowReport> Completion { get; }

    /// <summary>Every block's (and the feeder's) completion, in graph order: all completed means nothing of this run is running.</summary>
    public IReadOnlyList<Task> StageCompletions => stages.Select(s => s.Completion).ToArray();

    /// <summary>The report so far: usable at any time, e.g. to write what a cancelled job had.</summary>
    public FlowReport Snapshot()
    {
        long end = Volatile.Read(ref finishedAt);
        FlowFault[] faultList;
        lock (faults) faultList = [.. faults];
        return new FlowReport(epoch, training,
            counters.Select(c => c.Snapshot()).ToArray(),
            faultList,
            recordingCount,
            Volatile.Read(ref recordingsOk),
            Interlocked.Read(ref chunks),
            Interlocked.Read(ref samples),
            Interlocked.Read(ref batches),
            new SortedDictionary<string, long>(augmented, StringComparer.Ordinal),
            Stopwatch.GetElapsedTime(0, Interlocked.Read(ref consumerWaitTicks)),
            Stopwatch.GetElapsedTime(startedAt, end == 0 ? Stopwatch.GetTimestamp() : end),
            flow.SignalCache.Stats(),
            flow.FeatureCache.Stats(),
            Completion is { IsCompletedSuccessfully: true });
    }

    public async IAsyncEnumerator<Batch> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref enumerated, 1) == 1) throw new InvalidOperationException("a FlowRun can be enumerated only once");
        await using var registration = cancellationToken.Register(RequestStop);
        bool ended = false;
        try
        {
            while (true)
            {
                long waitStart = Stopwatch.GetTimestamp();
                bool more = await output.OutputAvailableAsync().ConfigureAwait(false);
                Interlocked.Add(ref consumerWaitTicks, Stopwatch.GetTimestamp() - waitStart);
                if (!more) break;
                while (output.TryReceive(out var batch)) yield return batch;
            }
            await Completion.ConfigureAwait(false);
            ended = true;
        }
        finally
        {
            if (!ended) await StopAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        cancel.Dispose();
    }

    /// <summary>Cancels every block and waits until none is running; the run's outcome stays in <see cref="Completion"/>.</summary>
    async Task StopAsync()
    {
        if (!Completion.IsCompleted) RequestStop();
        await ((Task)Completion).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
            .ConfigureAwait(false);
    }

    void RequestStop()
    {
        try { cancel.Cancel(); }
        catch (ObjectDisposedException) { /* the run is over and disposed: nothing left to stop */ }
    }

    void Track(string name, IDataflowBlock block)
    {
        stages.Add((name, block.Completion));
        // A bug in one stage must not leave the others blocked on a full neighbour: stop them all.
        block.Completion.ContinueWith(t => { if (t.IsFaulted) RequestStop(); }, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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

    static async Task Feed(IReadOnlyList<RecordingRef> order, ITargetBlock<RecordingRef> head, StageCounters counter, CancellationToken token)
    {
        try
        {
            foreach (var recording in order)
            {
                if (!await head.SendAsync(recording, token).ConfigureAwait(false)) break;
                counter.Passed(1);
            }
        }
        finally
        {
            head.Complete();
        }
    }

    async Task<FlowReport> Finish()
    {
        // Wait for every block whatever its outcome, then decide what the run's outcome is.
        await WhenSettled(Task.WhenAll(stages.Select(s => s.Completion.ContinueWith(_ => { }, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)))).ConfigureAwait(false);
        Volatile.Write(ref finishedAt, Stopwatch.GetTimestamp());
        var bug = stages.Where(s => s.Completion.IsFaulted)
            .SelectMany(s => s.Completion.Exception!.Flatten().InnerExceptions)
            .FirstOrDefault(e => e is not OperationCanceledException);
        if (bug is not null) ExceptionDispatchInfo.Throw(bug);
        if (cancel.IsCancellationRequested || stages.Any(s => s.Completion.IsCanceled))
            throw new OperationCanceledException($"epoch {epoch} stopped before the end of its data", cancel.Token);
        var report = Snapshot() with { Finished = true };
        if (report.Recordings > 0 && report.RecordingsOk == 0)
            throw new FlowFailedException(
                $"every one of the {report.Recordings} recordings failed, nothing to {(training ? "train on" : "validate")}: " +
                string.Join("; ", report.Faults.Take(10)) + (report.Faults.Count > 10 ? $"; … ({report.Faults.Count - 10} more)" : ""),
                report);
        return report;
    }

    /// <summary>Waits for every block; after a stop, also returns once nothing of the run can execute any more.
    /// Why: TPL Dataflow can leave a cancelled bounded TransformBlock's Completion pending for good although none of
    /// its work runs (seen intermittently on Ctrl+C mid-epoch: every thread idle, the block's target side never
    /// completing). Once the stop is requested, the feeder has ended and no stage delegate is running, the remaining
    /// blocks can only drop what they hold, so the run is over.</summary>
    async Task WhenSettled(Task allBlocks)
    {
        await Task.WhenAny(allBlocks, Task.Delay(Timeout.Infinite, cancel.Token)).ConfigureAwait(false);
        while (!allBlocks.IsCompleted)
        {
            bool idle = stages[0].Completion.IsCompleted && counters.All(c => c.Running == 0);
            await Task.WhenAny(allBlocks, Task.Delay(idle ? 250 : 20)).ConfigureAwait(false);
            if (idle && stages[0].Completion.IsCompleted && counters.All(c => c.Running == 0)) return;
        }
    }

    Decoded DecodeOne(RecordingRef recording)
    {
        var key = RecordingKey(recording);
        if (key is not null)
        {
            recordingKeys[recording.Path] = key;
            var cached = flow.SignalCache.TryGet(key);
            if (cached.Case is CachedArray hit) return new Decoded(recording, new Signal(hit.Data, hit.Tag));
            if (flow.KnownDecodeFaults.TryGetValue(key, out var known)) return new Decoded(recording, FinFail<Signal>(LanguageExt.Common.Error.New(known)));
        }
        Fin<Signal> signal;
        try
        {
            signal = flow.Stages.Decode(recording);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A reader that throws instead of returning a failure still only loses this recording.
            signal = FinFail<Signal>(LanguageExt.Common.Error.New($"{e.GetType().Name}: {e.Message}"));
        }
        if (key is not null)
        {
            if (signal.Case is Signal decodedSignal) flow.SignalCache.Put(key, new CachedArray(decodedSignal.Samples, decodedSignal.SampleRate));
            else if (signal.Case is LanguageExt.Common.Error error) flow.KnownDecodeFaults[key] = error.Message;
        }
        return new Decoded(recording, signal);
    }

    /// <summary>What identifies a recording's content: its full path, size and modification time (null when it cannot be read: no caching).</summary>
    static string? RecordingKey(RecordingRef recording)
    {
        try
        {
            var info = new FileInfo(recording.Path);
            return info.Exists ? $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    RecordingChunks ChunkOne(Decoded decoded) =>
        new(decoded.Recording, decoded.Signal.Match(
            Succ: s => flow.Stages.ChunkAndLabel(decoded.Recording, s),
            Fail: e => FinFail<Seq<Chunk>>(e)));

    void RecordFault(RecordingChunks failed)
    {
        string reason = failed.Chunks.Match(_ => "", e => e.Message);
        lock (faults) faults.Add(new FlowFault(failed.Recording.Path, reason));
    }

    IEnumerable<Chunk> Flatten(RecordingChunks ok)
    {
        var list = ok.Chunks.Match(s => s, _ => Seq<Chunk>());
        Interlocked.Increment(ref recordingsOk);
        Interlocked.Add(ref chunks, list.Count);
        return list;
    }

    Chunk[] AugmentAudio(Func<Chunk, long, Seq<Chunk>> augment, Chunk original)
    {
        long seed = FlowSeeds.For(flow.Params.Seed, epoch, "audio", original.Name);
        // Copies are marked as augmented even if the augmenter forgot: their features must never come from the cache.
        // Exact repeats (oversampling: the original's own samples) may share the original's cached features.
        return [original, .. augment(original, seed).Map(c => c.AugmentSeed is null && !ReferenceEquals(c.Samples, original.Samples) ? c with { AugmentSeed = seed } : c)];
    }

    Features[] ExtractFeatures(Chunk[] batch)
    {
        var result = new Features[batch.Length];
        var missing = new List<int>(batch.Length);
        var keys = new string?[batch.Length];
        for (int i = 0; i < batch.Length; i++)
        {
            var c = batch[i];
            keys[i] = c.AugmentSeed is null && recordingKeys.TryGetValue(c.Recording.Path, out var rk)
                ? $"{rk}|{c.Index}|{c.Name}|{c.Samples.Length}|{c.StartSeconds:R}"
                : null;
            if (keys[i] is { } key && flow.FeatureCache.TryGet(key).Case is CachedArray hit)
                result[i] = ChunkFeatures.From(c, hit.Data, hit.Tag, hit.Data.Length / hit.Tag);
            else
                missing.Add(i);
        }
        // The extractor takes equal-length chunks only: consecutive runs of one length (in practice, all of them).
        for (int start = 0; start < missing.Count;)
        {
            int length = batch[missing[start]].Samples.Length, end = start;
            while (end < missing.Count && batch[missing[end]].Samples.Length == length) end++;
            var group = missing.GetRange(start, end - start);
            var computed = flow.Stages.Features.Extract(group.Select(i => batch[i]).ToArray());
            if (computed.Count != group.Count)
                throw new InvalidOperationException($"feature extractor returned {computed.Count} results for {group.Count} chunks");
            for (int j = 0; j < group.Count; j++)
            {
                int i = group[j];
                result[i] = computed[j];
                if (keys[i] is { } key) flow.FeatureCache.Put(key, new CachedArray(computed[j].Values, computed[j].Mels));
            }
            start = end;
        }
        return training && flow.Stages.FeatureAugment is { } augment ? WithFeatureAugments(augment, batch, result) : result;
    }

    /// <summary>Each chunk's features followed by the samples the feature-stage augmenter makes from it, in stream order.</summary>
    Features[] WithFeatureAugments(Func<Chunk, Features, long, Seq<Features>> augment, Chunk[] batch, Features[] computed)
    {
        var all = new List<Features>(computed.Length);
        for (int i = 0; i < batch.Length; i++)
        {
            all.Add(computed[i]);
            long seed = FlowSeeds.For(flow.Params.Seed, epoch, "feature", batch[i].Name);
            all.AddRange(augment(batch[i], computed[i], seed).Map(f => f.AugmentSeed is null ? f with { AugmentSeed = seed } : f));
        }
        return [.. all];
    }

    Features[] MixAndShuffle(Func<IReadOnlyList<Features>, long, IReadOnlyList<Features>>? augment, Features[] window)
    {
        // The window's content is fixed by the ordered stream, so a seed from its first name and size is timing-free.
        long seed = FlowSeeds.For(flow.Params.Seed, epoch, "window", $"{window[0].Name}#{window.Length}");
        var added = augment?.Invoke(window, seed) ?? [];
        var all = window.Concat(added.Select(f => f.AugmentSeed is null ? f with { AugmentSeed = seed } : f)).ToArray();
        return flow.Params.ShuffleWindow > 1 ? FlowSeeds.Shuffle(all, (long)FlowSeeds.Mix((ulong)seed)) : all;
    }

    Batch AssembleBatch(Features[] items)
    {
        var batch = BatchAssembler.Assemble(items);
        Interlocked.Add(ref samples, items.Length);
        Interlocked.Increment(ref batches);
        foreach (var f in items)
            if (f.Augmentation.Length > 0 || f.AugmentSeed is not null)
                augmented.AddOrUpdate(f.Augmentation.Length > 0 ? f.Augmentation : "unnamed", 1, (_, n) => n + 1);
        return batch;
    }
}

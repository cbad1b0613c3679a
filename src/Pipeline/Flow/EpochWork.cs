using System.Collections.Concurrent;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Flow;

/// <summary>What the blocks of one epoch's graph do, around the job's pure <see cref="FlowStages"/>: the caches
/// (signals, features of un-augmented chunks, known-bad files), the seeds of every augmentation, and the epoch's
/// tallies (recordings, chunks, samples, batches, faults, augmented samples by kind). <see cref="FlowGraph"/> wires
/// these functions into blocks; <see cref="FlowRun"/> runs the graph and reports the tallies.</summary>
internal sealed class EpochWork(DataFlow flow, int epoch, bool training)
{
    /// <param name="Streamed">A long recording (<see cref="CachedDecoder.Streams"/>): no signal was decoded; its chunks
    /// are cut from the decode stream when the flatten stage enumerates them.</param>
    internal sealed record Decoded(RecordingRef Recording, Fin<Signal> Signal, bool Streamed = false);

    /// <param name="Chunks">A recording's chunks: a whole-signal recording's all cut, a streamed one's cut lazily.</param>
    internal sealed record RecordingChunks(RecordingRef Recording, Fin<IEnumerable<Chunk>> Chunks)
    {
        /// <summary>The chunks already cut (0 for a streamed recording, whose chunks are counted as they flow).</summary>
        public int CutCount => Chunks.Match(s => s is Seq<Chunk> cut ? cut.Count : 0, _ => 0);
    }

    readonly List<FlowFault> faults = [];
    readonly ConcurrentDictionary<string, string> recordingKeys = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, long> augmented = new(StringComparer.Ordinal);
    long chunks, samples, batches;
    int recordingsOk;

    public DataFlow Flow => flow;
    public int Epoch => epoch;
    public bool Training => training;

    public FlowFault[] Faults()
    {
        lock (faults) return [.. faults];
    }

    public int RecordingsOk => Volatile.Read(ref recordingsOk);
    public long Chunks => Interlocked.Read(ref chunks);
    public long Samples => Interlocked.Read(ref samples);
    public long Batches => Interlocked.Read(ref batches);
    public SortedDictionary<string, long> AugmentedByKind => new(augmented, StringComparer.Ordinal);

    public Decoded Decode(RecordingRef recording)
    {
        if (flow.Decoder.Streams(recording))
        {
            // The content key still names its chunks' features in the feature cache.
            if (RecordingKey.Of(recording.Path) is { } streamedKey) recordingKeys[recording.Path] = streamedKey;
            return new Decoded(recording, FinFail<Signal>(LanguageExt.Common.Error.New("streamed")), Streamed: true);
        }
        var (key, signal) = flow.Decoder.Decode(recording);
        if (key is not null) recordingKeys[recording.Path] = key;
        return new Decoded(recording, signal);
    }

    public RecordingChunks Chunk(Decoded decoded) =>
        decoded.Streamed
            ? new(decoded.Recording, flow.Stages.Streaming!.Chunks(decoded.Recording))
            : new(decoded.Recording, decoded.Signal.Match(
                Succ: s => flow.Stages.ChunkAndLabel(decoded.Recording, s).Map(c => (IEnumerable<Chunk>)c),
                Fail: e => FinFail<IEnumerable<Chunk>>(e)));

    public void RecordFault(RecordingChunks failed) =>
        RecordFault(failed.Recording, failed.Chunks.Match(_ => "", e => e.Message));

    void RecordFault(RecordingRef recording, string reason)
    {
        lock (faults) faults.Add(new FlowFault(recording.Path, reason));
    }

    /// <summary>Sends a recording's chunks on one by one (<paramref name="send"/> waits while the next stage is full, so
    /// a streamed recording is cut only as fast as it is consumed). A streamed recording that fails mid-file becomes a
    /// fault; the chunks sent before stay sent.</summary>
    public async Task Flatten(RecordingChunks ok, Func<Chunk, Task<bool>> send)
    {
        var list = ok.Chunks.Match(s => s, _ => []);
        try
        {
            foreach (var chunk in list)
            {
                if (!await send(chunk).ConfigureAwait(false)) return;
                Interlocked.Increment(ref chunks);
            }
        }
        catch (StreamedRecordingException e)
        {
            RecordFault(ok.Recording, e.Message);
            return;
        }
        Interlocked.Increment(ref recordingsOk);
    }

    public Chunk[] AugmentAudio(Func<Chunk, long, Seq<Chunk>> augment, Chunk original)
    {
        long seed = FlowSeeds.For(flow.Params.Seed, epoch, "audio", original.Name);
        // Copies are marked as augmented even if the augmenter forgot: their features must never come from the cache.
        // Exact repeats (oversampling: the original's own samples) may share the original's cached features.
        return [original, .. augment(original, seed).Map(c => c.AugmentSeed is null && !ReferenceEquals(c.Samples, original.Samples) ? c with { AugmentSeed = seed } : c)];
    }

    public Features[] ExtractFeatures(Chunk[] batch)
    {
        var result = new Features[batch.Length];
        var missing = new List<int>(batch.Length);
        var keys = new string?[batch.Length];
        for (int i = 0; i < batch.Length; i++)
        {
            var c = batch[i];
            keys[i] = c.AugmentSeed is null && recordingKeys.TryGetValue(c.Recording.Path, out var rk) ? FeatureKey(rk, c) : null;
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

    /// <summary>An un-augmented chunk's samples follow from its recording's content (the key), where it starts, how
    /// long it is and its place in the recording (the last one is padded); the chunk and feature parameters are in the
    /// cache's identity. The name is left out so identical files share entries.</summary>
    static string FeatureKey(string recordingKey, Chunk c) =>
        FormattableString.Invariant($"{recordingKey}|{c.Index}|{c.Samples.Length}|{c.StartSeconds:R}");

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

    public Features[] MixAndShuffle(Func<IReadOnlyList<Features>, long, IReadOnlyList<Features>>? augment, Features[] window)
    {
        // The window's content is fixed by the ordered stream, so a seed from its first name and size is timing-free.
        long seed = FlowSeeds.For(flow.Params.Seed, epoch, "window", $"{window[0].Name}#{window.Length}");
        var added = augment?.Invoke(window, seed) ?? [];
        var all = window.Concat(added.Select(f => f.AugmentSeed is null ? f with { AugmentSeed = seed } : f)).ToArray();
        return flow.Params.ShuffleWindow > 1 ? FlowSeeds.Shuffle(all, (long)FlowSeeds.Mix((ulong)seed)) : all;
    }

    public Batch AssembleBatch(Features[] items)
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

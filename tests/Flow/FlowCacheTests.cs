using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Flow;
using LanguageExt;

namespace DataflowLung.Tests.Flow;

public sealed class FlowCacheTests
{
    sealed class CountingDecoder
    {
        int calls;
        public int Calls => Volatile.Read(ref calls);

        public Fin<Signal> Decode(RecordingRef recording)
        {
            Interlocked.Increment(ref calls);
            return FlowTestKit.DecodePcm16(recording);
        }
    }

    [Fact]
    public async Task Recordings_are_decoded_once_and_unaugmented_features_computed_once_across_epochs()
    {
        var recordings = FlowTestKit.WriteCorpus(FlowTestKit.TempFolder("memcache"), 8);
        var decoder = new CountingDecoder();
        var extractor = new EnergyExtractor();
        var flow = new DataFlow(FlowTestKit.Stages(augment: true, extractor: extractor, decode: decoder.Decode), FlowTestKit.SmallParams());

        await using var epoch0 = flow.Epoch(recordings, 0, training: true);
        await FlowTestKit.Collect(epoch0);
        var report0 = await epoch0.Completion;
        Assert.Equal(8, decoder.Calls);
        Assert.Equal(2 * report0.Chunks, extractor.ChunksSeen); // originals + one gain copy each

        await using var epoch1 = flow.Epoch(recordings, 1, training: true);
        await FlowTestKit.Collect(epoch1);
        var report1 = await epoch1.Completion;
        Assert.Equal(8, decoder.Calls);
        Assert.Equal(3 * report0.Chunks, extractor.ChunksSeen); // only the augmented copies again
        Assert.Equal(8, report1.SignalCache.MemoryHits);
    }

    [Fact]
    public async Task Beyond_the_memory_budget_signals_and_features_come_back_from_the_disk_cache_unchanged()
    {
        var recordings = FlowTestKit.WriteCorpus(FlowTestKit.TempFolder("diskcache-data"), 6);
        string cache = FlowTestKit.TempFolder("diskcache");
        var parameters = FlowTestKit.SmallParams() with { SignalCacheBytes = 0, FeatureCacheBytes = 0, CacheRoot = cache };

        async Task<(List<Batch>, FlowReport, int Decodes, int Extracted)> Validate()
        {
            var decoder = new CountingDecoder();
            var extractor = new EnergyExtractor();
            var flow = new DataFlow(FlowTestKit.Stages(extractor: extractor, decode: decoder.Decode), parameters);
            await using var run = flow.Epoch(recordings, 0, training: false);
            var batches = await FlowTestKit.Collect(run);
            return (batches, await run.Completion, decoder.Calls, extractor.ChunksSeen);
        }

        var (cold, coldReport, coldDecodes, coldExtracted) = await Validate();
        var (warm, warmReport, warmDecodes, warmExtracted) = await Validate(); // a new DataFlow: only the disk remembers
        Assert.Equal(6, coldDecodes);
        Assert.Equal(coldReport.Chunks, coldExtracted);
        Assert.Equal(6, coldReport.SignalCache.DiskWrites);
        Assert.Equal(6, coldReport.SignalCache.Misses); // one per recording decoded
        Assert.Equal(0, warmDecodes);
        Assert.Equal(0, warmExtracted);
        Assert.Equal(6, warmReport.SignalCache.DiskHits);
        Assert.Equal(cold.SelectMany(b => b.Inputs), warm.SelectMany(b => b.Inputs));
        Assert.Equal(cold.SelectMany(b => b.ChunkNames), warm.SelectMany(b => b.ChunkNames));

        // The key is the content: a touched file is still a hit, a rewritten one is decoded again, never served stale.
        File.SetLastWriteTimeUtc(recordings[0].Path, DateTime.UtcNow.AddMinutes(1));
        var (_, _, touchedDecodes, _) = await Validate();
        Assert.Equal(0, touchedDecodes);
        var bytes = File.ReadAllBytes(recordings[0].Path);
        bytes[^1] ^= 0x40;
        File.WriteAllBytes(recordings[0].Path, bytes);
        var (_, _, rewrittenDecodes, _) = await Validate();
        Assert.Equal(1, rewrittenDecodes);
    }

    [Fact]
    public async Task Two_jobs_filling_one_cache_at_the_same_time_give_the_batches_of_a_job_without_cache()
    {
        var recordings = FlowTestKit.WriteCorpus(FlowTestKit.TempFolder("shared-cache-data"), 8);
        string cache = FlowTestKit.TempFolder("shared-cache");
        async Task<List<Batch>> Job(string? root, int epochs)
        {
            var flow = new DataFlow(FlowTestKit.Stages(augment: true), FlowTestKit.SmallParams() with { SignalCacheBytes = 0, FeatureCacheBytes = 0, CacheRoot = root });
            var all = new List<Batch>();
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                await using var run = flow.Epoch(recordings, epoch, training: true);
                all.AddRange(await FlowTestKit.Collect(run));
                Assert.Equal(0, (await run.Completion).SignalCache.Corrupt);
            }
            return all;
        }

        var uncached = await Job(null, 2);
        var both = await Task.WhenAll(Task.Run(() => Job(cache, 2)), Task.Run(() => Job(cache, 2)));
        foreach (var job in both)
        {
            Assert.Equal(uncached.SelectMany(b => b.ChunkNames), job.SelectMany(b => b.ChunkNames));
            Assert.Equal(uncached.SelectMany(b => b.Inputs), job.SelectMany(b => b.Inputs));
        }
    }

    [Fact]
    public async Task Prefetching_while_the_epoch_runs_decodes_every_recording_exactly_once_and_changes_no_batch()
    {
        var recordings = FlowTestKit.WriteCorpus(FlowTestKit.TempFolder("prefetch"), 10);
        var plain = new DataFlow(FlowTestKit.Stages(augment: true), FlowTestKit.SmallParams());
        await using var reference = plain.Epoch(recordings, 1, training: true);
        var expected = await FlowTestKit.Collect(reference);

        var decoder = new CountingDecoder();
        var flow = new DataFlow(FlowTestKit.Stages(augment: true, decode: decoder.Decode), FlowTestKit.SmallParams());
        var prefetch = flow.Prefetch(recordings, 1, training: true);
        await using var run = flow.Epoch(recordings, 1, training: true);
        var batches = await FlowTestKit.Collect(run);
        await prefetch;

        Assert.Equal(10, decoder.Calls);
        Assert.Equal(expected.SelectMany(b => b.ChunkNames), batches.SelectMany(b => b.ChunkNames));
        Assert.Equal(expected.SelectMany(b => b.Inputs), batches.SelectMany(b => b.Inputs));
    }
}

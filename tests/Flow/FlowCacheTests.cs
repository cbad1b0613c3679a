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
        var parameters = FlowTestKit.SmallParams() with { SignalCacheBytes = 0, FeatureCacheBytes = 0, CacheFolder = cache };

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
        Assert.Equal(0, warmDecodes);
        Assert.Equal(0, warmExtracted);
        Assert.Equal(6, warmReport.SignalCache.DiskHits);
        Assert.Equal(cold.SelectMany(b => b.Inputs), warm.SelectMany(b => b.Inputs));
        Assert.Equal(cold.SelectMany(b => b.ChunkNames), warm.SelectMany(b => b.ChunkNames));

        // A changed recording is a different key: decoded again, not served stale.
        File.SetLastWriteTimeUtc(recordings[0].Path, DateTime.UtcNow.AddMinutes(1));
        var (_, _, touchedDecodes, _) = await Validate();
        Assert.Equal(1, touchedDecodes);
    }

    [Fact]
    public void A_damaged_cache_file_is_a_miss_not_an_error()
    {
        string folder = FlowTestKit.TempFolder("damaged");
        var cache = new SpillCache(0, folder, "identity");
        cache.Put("key", new CachedArray([1f, 2f, 3f], 8000));
        Assert.Equal(new float[] { 1f, 2f, 3f }, cache.TryGet("key").Map(c => c.Data).IfNone([]));
        foreach (var file in Directory.GetFiles(folder, "*.f32", SearchOption.AllDirectories)) File.WriteAllBytes(file, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
        Assert.True(cache.TryGet("key").IsNone);
        Assert.True(new SpillCache(0, folder, "other identity").TryGet("key").IsNone);
    }
}

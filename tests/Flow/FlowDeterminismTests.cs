using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Flow;

namespace DataflowLung.Tests.Flow;

public sealed class FlowDeterminismTests
{
    static async Task<(List<Batch> Batches, FlowReport Report)> RunOnce(IReadOnlyList<RecordingRef> recordings, FlowParams parameters, int epoch, bool training,
        int extractorDelay = 0)
    {
        var flow = new DataFlow(FlowTestKit.Stages(augment: true, extractor: new EnergyExtractor(extractorDelay)), parameters);
        await using var run = flow.Epoch(recordings, epoch, training);
        var batches = await FlowTestKit.Collect(run);
        return (batches, await run.Completion);
    }

    static void AssertSame(List<Batch> a, List<Batch> b)
    {
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].ChunkNames, b[i].ChunkNames);
            Assert.Equal(a[i].Inputs, b[i].Inputs);
            Assert.Equal(a[i].Labels, b[i].Labels);
        }
    }

    static IEnumerable<string> Names(List<Batch> batches) => batches.SelectMany(b => b.ChunkNames);

    [Fact]
    public async Task Same_seed_gives_the_same_batches_whatever_the_parallelism_and_timing()
    {
        var recordings = FlowTestKit.WriteCorpus(FlowTestKit.TempFolder("determinism"), 14);
        var first = await RunOnce(recordings, FlowTestKit.SmallParams(seed: 3, decodeParallelism: 1), 1, training: true);
        var second = await RunOnce(recordings, FlowTestKit.SmallParams(seed: 3, decodeParallelism: 4) with
        {
            Parallelism = new FlowParallelism(4, 3, 3, 3, 3, 2),
        }, 1, training: true, extractorDelay: 1);

        AssertSame(first.Batches, second.Batches);
        Assert.True(first.Report.AugmentedByKind["gain"] > 0);
        Assert.True(first.Report.AugmentedByKind["mixup"] > 0);
        Assert.Equal(first.Report.AugmentedByKind, second.Report.AugmentedByKind);
        // originals kept, augmented samples added
        Assert.Equal(first.Report.Samples, 2 * first.Report.Chunks + first.Report.AugmentedByKind["mixup"]);
    }

    [Fact]
    public async Task Different_seeds_or_epochs_shuffle_differently_while_validation_keeps_input_order()
    {
        var recordings = FlowTestKit.WriteCorpus(FlowTestKit.TempFolder("seeds"), 10);
        var seed3 = await RunOnce(recordings, FlowTestKit.SmallParams(seed: 3), 0, training: true);
        var seed4 = await RunOnce(recordings, FlowTestKit.SmallParams(seed: 4), 0, training: true);
        var seed3Epoch1 = await RunOnce(recordings, FlowTestKit.SmallParams(seed: 3), 1, training: true);
        Assert.NotEqual(Names(seed3.Batches), Names(seed4.Batches));
        Assert.NotEqual(Names(seed3.Batches), Names(seed3Epoch1.Batches));

        var validation3 = await RunOnce(recordings, FlowTestKit.SmallParams(seed: 3), 0, training: false);
        var validation4 = await RunOnce(recordings, FlowTestKit.SmallParams(seed: 4), 5, training: false);
        AssertSame(validation3.Batches, validation4.Batches);
        var inputOrder = recordings.SelectMany(r => Enumerable.Range(0, FlowTestKit.ExpectedChunks(FlowTestKit.SampleCount(r))).Select(i => $"{r.Name}_{i}"));
        Assert.Equal(inputOrder, Names(validation3.Batches));
        Assert.Empty(validation3.Report.AugmentedByKind);
    }
}

using DataflowLung.Pipeline.Flow;

namespace DataflowLung.Tests.Flow;

public sealed class FlowCancellationTests
{
    [Fact]
    public async Task Cancelling_mid_epoch_throws_OperationCanceled_and_leaves_no_block_running()
    {
        var recordings = FlowTestKit.WriteCorpus(FlowTestKit.TempFolder("cancel"), 30);
        var flow = new DataFlow(FlowTestKit.Stages(augment: true, extractor: new EnergyExtractor(delayMilliseconds: 5)), FlowTestKit.SmallParams());
        using var cts = new CancellationTokenSource();
        await using var run = flow.Epoch(recordings, 0, training: true, cts.Token);
        int received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in run)
                if (++received == 2) cts.Cancel();
        });
        Assert.True(run.Settled, "a stage is still running after the run ended");
        Assert.True(run.Completion.IsCanceled);
        var partial = run.Snapshot();
        Assert.False(partial.Finished);
        Assert.True(partial.Batches >= 2);
        Assert.True(partial.Recordings == 30 && partial.RecordingsOk < 30, "the run stopped before reading every recording");
    }

    [Fact]
    public async Task A_consumer_that_stops_early_stops_the_graph()
    {
        var recordings = FlowTestKit.WriteCorpus(FlowTestKit.TempFolder("early"), 30);
        var flow = new DataFlow(FlowTestKit.Stages(extractor: new EnergyExtractor(delayMilliseconds: 2)), FlowTestKit.SmallParams());
        var run = flow.Epoch(recordings, 0, training: false);
        await foreach (var _ in run) break;
        Assert.True(run.Settled, "a stage is still running after the run ended");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.Completion);
        await run.DisposeAsync();
    }

    [Fact]
    public async Task Disposing_an_unread_run_stops_it()
    {
        var recordings = FlowTestKit.WriteCorpus(FlowTestKit.TempFolder("dispose"), 20);
        var run = new DataFlow(FlowTestKit.Stages(), FlowTestKit.SmallParams()).Epoch(recordings, 0, training: true);
        await run.DisposeAsync();
        Assert.True(run.Settled, "a stage is still running after the run ended");
    }
}

using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Flow;
using LanguageExt;

namespace DataflowLung.Tests.Flow;

public sealed class FlowBackpressureTests
{
    /// <summary>Memory stays flat whatever the dataset size: with the consumer stalled, reading stops after a
    /// number of recordings fixed by the capacities (here at most ~40), not after the whole dataset.</summary>
    [Fact]
    public async Task A_stalled_consumer_stops_the_reading_after_a_bounded_number_of_recordings()
    {
        var recordings = FlowTestKit.WriteCorpus(FlowTestKit.TempFolder("backpressure"), 200);
        int decoded = 0;
        Fin<Signal> Decode(RecordingRef r)
        {
            Interlocked.Increment(ref decoded);
            return FlowTestKit.DecodePcm16(r);
        }
        var flow = new DataFlow(FlowTestKit.Stages(augment: true, decode: Decode), FlowTestKit.SmallParams());
        await using var run = flow.Epoch(recordings, 0, training: true);
        await using var batches = run.GetAsyncEnumerator();
        Assert.True(await batches.MoveNextAsync());

        // Wait until the graph is full and reading has stopped (no new decode for 200 ms).
        int last = -1;
        for (int i = 0; i < 50 && Volatile.Read(ref decoded) != last; i++)
        {
            last = Volatile.Read(ref decoded);
            await Task.Delay(200);
        }
        int whileStalled = Volatile.Read(ref decoded);
        Assert.InRange(whileStalled, 2, 40);
        var report = run.Snapshot();
        Assert.All(report.Stages, s => Assert.InRange(s.MaxQueueDepth, 0, s.Capacity));

        int count = 1;
        while (await batches.MoveNextAsync()) count++;
        Assert.Equal(200, Volatile.Read(ref decoded));
        Assert.Equal((await run.Completion).Batches, count);
    }
}

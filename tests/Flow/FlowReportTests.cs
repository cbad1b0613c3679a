using DataflowLung.Pipeline.Flow;

namespace DataflowLung.Tests.Flow;

public sealed class FlowReportTests
{
    [Fact]
    public async Task Every_stage_reports_items_busy_time_and_queue_depth()
    {
        var recordings = FlowTestKit.WriteCorpus(FlowTestKit.TempFolder("counters"), 9);
        var flow = new DataFlow(FlowTestKit.Stages(augment: true), FlowTestKit.SmallParams());
        await using var run = flow.Epoch(recordings, 0, training: true);
        var batches = await FlowTestKit.Collect(run);
        var report = await run.Completion;
        var stages = report.Stages.ToDictionary(s => s.Name);

        Assert.Equal(["enumerate", "decode", "chunk", "audio-augment", "features", "spectrogram-augment", "batch"], report.Stages.Select(s => s.Name));
        Assert.Equal(9, stages["enumerate"].ItemsOut);
        Assert.Equal(9, stages["decode"].ItemsIn);
        Assert.Equal(report.Chunks, stages["chunk"].ItemsOut);
        Assert.Equal(report.Chunks, stages["audio-augment"].ItemsIn);
        Assert.Equal(2 * report.Chunks, stages["features"].ItemsOut);
        Assert.Equal(report.Samples, stages["spectrogram-augment"].ItemsOut);
        Assert.Equal(batches.Count, stages["batch"].ItemsOut);
        Assert.All(report.Stages.Skip(1), s => Assert.True(s.Busy > TimeSpan.Zero, s.Name));
        Assert.All(report.Stages.Skip(1), s => Assert.InRange(s.MaxQueueDepth, 0, Math.Max(s.Capacity, 1)));
        Assert.True(report.ConsumerWait > TimeSpan.Zero && report.ConsumerWait <= report.Elapsed);
        Assert.Contains(report.Bottleneck, stages.Keys);
        Assert.Contains("bottleneck", report.Describe());
    }
}

using System.Diagnostics;
using System.Runtime.CompilerServices;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Flow;

namespace DataflowLung.Experiments.Jobs;

/// <summary>Enumerates one epoch of the graph for a consumer while reporting each batch (for progress) and,
/// when the epoch ends or is abandoned, the graph's report (stage counters, faults, consumer wait).</summary>
public static class TrackedRun
{
    public static async IAsyncEnumerable<Batch> Of(FlowRun run, Action<Batch, TimeSpan> onBatch, Action<FlowReport> onReport,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var reported = false;
        await using (run)
        {
            try
            {
                await foreach (var batch in run.WithCancellation(ct))
                {
                    onBatch(batch, clock.Elapsed);
                    yield return batch;
                }
                onReport(await run.Completion);
                reported = true;
            }
            finally
            {
                if (!reported) onReport(run.Snapshot());
            }
        }
    }
}

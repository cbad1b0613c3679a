using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Dataflow;

namespace DataflowLung.Pipeline.Flow;

/// <summary>One running epoch of the graph that <see cref="FlowGraph"/> built: feeds the recordings, hands the
/// batches to one consumer (measuring how long it waits), stops everything on a cancel, an abandoned enumeration or
/// a block's bug, and reports. Enumerate it once; the enumeration ends cleanly after the last batch, throws
/// <see cref="OperationCanceledException"/> when cancelled, <see cref="FlowFailedException"/> when every recording
/// failed, or the first stage's exception when a stage has a bug. Abandoning the enumeration stops the graph,
/// and the enumerator's disposal waits until no block is running.</summary>
public sealed class FlowRun : IAsyncEnumerable<Batch>, IAsyncDisposable
{
    readonly EpochWork work;
    readonly FlowGraph graph;
    readonly int recordingCount;
    readonly CancellationTokenSource cancel;
    readonly List<(string Name, Task Completion)> stages = [];
    readonly long startedAt = Stopwatch.GetTimestamp();
    long finishedAt, consumerWaitTicks;
    int enumerated;

    internal FlowRun(DataFlow flow, IReadOnlyList<RecordingRef> order, int epoch, bool training, CancellationToken cancellationToken)
    {
        recordingCount = order.Count;
        cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        work = new EpochWork(flow, epoch, training);
        graph = FlowGraph.Build(work, cancel.Token);
        foreach (var (name, block) in graph.Blocks) Track(name, block);
        var feeder = Task.Run(() => Feed(order, graph.Head, graph.Counters[0], cancel.Token), CancellationToken.None);
        stages.Insert(0, ("enumerate", feeder));
        Completion = Finish();
    }

    /// <summary>Completes with the epoch's report once every block has finished; fails as the enumeration does.</summary>
    public Task<FlowReport> Completion { get; }

    /// <summary>Nothing of this run can do work any more: every block completed, or the feeder has ended and no stage
    /// delegate is running (TPL Dataflow may leave a cancelled bounded block's completion pending for good although it is
    /// idle, see <see cref="WhenSettled"/>). What a stop, a fault or the end of the data guarantees once the enumeration
    /// has ended.</summary>
    public bool Settled => stages.All(s => s.Completion.IsCompleted) || Idle();

    bool Idle() => stages[0].Completion.IsCompleted && graph.Counters.All(c => c.Running == 0);

    /// <summary>The report so far: usable at any time, e.g. to write what a cancelled job had.</summary>
    public FlowReport Snapshot()
    {
        long end = Volatile.Read(ref finishedAt);
        return new FlowReport(work.Epoch, work.Training,
            graph.Counters.Select(c => c.Snapshot()).ToArray(),
            work.Faults(),
            recordingCount,
            work.RecordingsOk,
            work.Chunks,
            work.Samples,
            work.Batches,
            work.AugmentedByKind,
            Stopwatch.GetElapsedTime(0, Interlocked.Read(ref consumerWaitTicks)),
            Stopwatch.GetElapsedTime(startedAt, end == 0 ? Stopwatch.GetTimestamp() : end),
            work.Flow.SignalCache.Stats(),
            work.Flow.FeatureCache.Stats(),
            Completion is { IsCompletedSuccessfully: true });
    }

    public async IAsyncEnumerator<Batch> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref enumerated, 1) == 1) throw new InvalidOperationException("a FlowRun can be enumerated only once");
        await using var registration = cancellationToken.Register(RequestStop);
        bool ended = false;
        try
        {
            var output = graph.Output;
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
            throw new OperationCanceledException($"epoch {work.Epoch} stopped before the end of its data", cancel.Token);
        var report = Snapshot() with { Finished = true };
        if (report.Recordings > 0 && report.RecordingsOk == 0)
            throw new FlowFailedException(
                $"every one of the {report.Recordings} recordings failed, nothing to {(work.Training ? "train on" : "validate")}: " +
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
            bool idle = Idle();
            await Task.WhenAny(allBlocks, Task.Delay(idle ? 250 : 20)).ConfigureAwait(false);
            if (idle && Idle()) return;
        }
    }
}

using System.Diagnostics;

namespace DataflowLung.Pipeline.Flow;

/// <summary>Thread-safe live counters of one stage; the report reads them through <see cref="Snapshot"/>.
/// Queue depth is sampled each time the stage takes an item (no timer task to stop).</summary>
public sealed class StageCounters(string name, int parallelism, int capacity)
{
    long itemsIn, itemsOut, busyTicks, queueSamples, queueSum;
    int maxQueue, running;

    public string Name => name;

    /// <summary>Work items of this stage executing right now.</summary>
    public int Running => Volatile.Read(ref running);

    public long Begin(int queueDepth)
    {
        Interlocked.Increment(ref running);
        Interlocked.Increment(ref itemsIn);
        Interlocked.Increment(ref queueSamples);
        Interlocked.Add(ref queueSum, queueDepth);
        int seen = Volatile.Read(ref maxQueue);
        while (queueDepth > seen)
        {
            int prior = Interlocked.CompareExchange(ref maxQueue, queueDepth, seen);
            if (prior == seen) break;
            seen = prior;
        }
        return Stopwatch.GetTimestamp();
    }

    public void End(long startTimestamp, int produced)
    {
        Interlocked.Add(ref busyTicks, Stopwatch.GetTimestamp() - startTimestamp);
        Interlocked.Add(ref itemsOut, produced);
        Interlocked.Decrement(ref running);
    }

    /// <summary>For stages that only pass items on (the recording feeder).</summary>
    public void Passed(int produced)
    {
        Interlocked.Add(ref itemsIn, produced);
        Interlocked.Add(ref itemsOut, produced);
    }

    public StageSnapshot Snapshot()
    {
        long samples = Interlocked.Read(ref queueSamples);
        return new StageSnapshot(name, parallelism, capacity,
            Interlocked.Read(ref itemsIn), Interlocked.Read(ref itemsOut),
            Stopwatch.GetElapsedTime(0, Interlocked.Read(ref busyTicks)),
            Volatile.Read(ref maxQueue),
            samples == 0 ? 0 : (double)Interlocked.Read(ref queueSum) / samples);
    }
}

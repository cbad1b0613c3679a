namespace DataflowLung.Pipeline.Flow;

/// <summary>One stage's counters at a moment. <see cref="Busy"/> sums all workers, so
/// <see cref="Utilisation"/> near 1 over the wall time marks the bottleneck; a full input queue
/// (<see cref="MaxQueueDepth"/> ≈ capacity) marks a stage that cannot keep up with its producer.</summary>
public sealed record StageSnapshot(
    string Name,
    int Parallelism,
    int Capacity,
    long ItemsIn,
    long ItemsOut,
    TimeSpan Busy,
    int MaxQueueDepth,
    double MeanQueueDepth)
{
    /// <summary>Busy time per worker over <paramref name="wall"/>: 1 means every worker was busy all the time.</summary>
    public double Utilisation(TimeSpan wall) =>
        wall <= TimeSpan.Zero ? 0 : Busy.TotalSeconds / (Parallelism * wall.TotalSeconds);

    public override string ToString() =>
        $"{Name,-20} in {ItemsIn,8} out {ItemsOut,8} busy {Busy.TotalSeconds,9:F3}s ×{Parallelism,-2} queue max {MaxQueueDepth,4}/{Capacity,-4} mean {MeanQueueDepth,7:F2}";
}

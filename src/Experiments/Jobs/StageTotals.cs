namespace DataflowLung.Experiments.Jobs;

/// <summary>One pipeline stage summed over several runs of the graph (the training epochs, or the validation
/// passes): items in and out, busy seconds of all its workers, their utilisation over the runs' wall time, and
/// its input queue (mean weighted by run length, maximum against capacity).</summary>
public sealed record StageTotals(
    string Name,
    int Parallelism,
    int Capacity,
    long In,
    long Out,
    double BusySeconds,
    double Utilisation,
    double MeanQueueDepth,
    int MaxQueueDepth);

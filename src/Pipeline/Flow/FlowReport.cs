using System.Text;

namespace DataflowLung.Pipeline.Flow;

/// <summary>Everything one epoch of the graph did, for the job report: per-stage counters (the bottleneck is
/// the stage with the highest utilisation or the fullest queue), the skipped recordings and why, counts, the
/// augmented samples by kind, and how long the consumer waited for batches.</summary>
public sealed record FlowReport(
    int Epoch,
    bool Training,
    IReadOnlyList<StageSnapshot> Stages,
    IReadOnlyList<FlowFault> Faults,
    int Recordings,
    int RecordingsOk,
    long Chunks,
    long Samples,
    long Batches,
    IReadOnlyDictionary<string, long> AugmentedByKind,
    TimeSpan ConsumerWait,
    TimeSpan Elapsed,
    CacheStats SignalCache,
    CacheStats FeatureCache,
    bool Finished)
{
    public int RecordingsFailed => Faults.Count;

    /// <summary>Share of the epoch the consumer spent waiting for the next batch (the issue asks &lt; 5 %).</summary>
    public double ConsumerWaitFraction => Elapsed <= TimeSpan.Zero ? 0 : ConsumerWait.TotalSeconds / Elapsed.TotalSeconds;

    /// <summary>The stage whose workers were busiest over the epoch.</summary>
    public string Bottleneck => Stages.Count == 0 ? "" : Stages.MaxBy(s => s.Utilisation(Elapsed))!.Name;

    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine($"epoch {Epoch} ({(Training ? "training" : "validation")}){(Finished ? "" : " — stopped early")}: " +
                        $"{RecordingsOk}/{Recordings} recordings, {Chunks} chunks, {Samples} samples, {Batches} batches in {Elapsed.TotalSeconds:F2}s; " +
                        $"consumer waited {ConsumerWait.TotalSeconds:F2}s ({ConsumerWaitFraction:P1}); bottleneck: {Bottleneck}");
        foreach (var s in Stages) text.AppendLine($"  {s}  utilisation {s.Utilisation(Elapsed):P0}");
        foreach (var (kind, n) in AugmentedByKind.OrderBy(k => k.Key, StringComparer.Ordinal)) text.AppendLine($"  augmented {kind}: {n}");
        text.AppendLine($"  signal cache: {SignalCache}");
        text.AppendLine($"  feature cache: {FeatureCache}");
        foreach (var f in Faults) text.AppendLine($"  skipped {f}");
        return text.ToString();
    }
}

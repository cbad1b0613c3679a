namespace DataflowLung.Experiments.Jobs;

/// <summary>One row of metrics.csv: losses, learning rate, time, how long training waited for data (seconds, and as a
/// share of the epoch's training phase; null when the pipeline did not report), and every
/// validation metric the trainer computed that epoch (its flattened report; undefined values are null), and how many
/// validation recordings and chunks that epoch scored (issue 23: a recording that became unreadable mid-run shows as a
/// smaller count here and in files_skipped with the epoch, never silently).</summary>
public sealed record EpochMetrics(
    int Epoch,
    double TrainLoss,
    double? ValLoss,
    double LearningRate,
    double Seconds,
    double WaitSeconds,
    int TrainSamples,
    IReadOnlyDictionary<string, double?> Metrics,
    bool IsBest,
    double? WaitFraction = null,
    int? ValRecordings = null,
    int? ValChunks = null)
{
    public double SamplesPerSecond => Seconds > 0 ? TrainSamples / Seconds : 0;
}

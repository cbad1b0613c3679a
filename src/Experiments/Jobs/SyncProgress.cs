namespace DataflowLung.Experiments.Jobs;

/// <summary>Receives each report synchronously on the trainer's thread (System.Progress would post to the thread
/// pool and could reorder reports or outlive the run).</summary>
public sealed class SyncProgress<T>(Action<T> onReport) : IProgress<T>
{
    public void Report(T value) => onReport(value);
}

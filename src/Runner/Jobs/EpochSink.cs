using DataflowLung.Model.Training;

namespace DataflowLung.Runner.Jobs;

/// <summary>Receives each finished epoch synchronously on the trainer's thread (System.Progress would post
/// to the thread pool and could reorder or outlive the run).</summary>
public sealed class EpochSink(Action<EpochResult> onEpoch) : IProgress<EpochResult>
{
    public void Report(EpochResult value) => onEpoch(value);
}

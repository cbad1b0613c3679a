using DataflowLung.Pipeline.Flow;

namespace DataflowLung.Experiments.Jobs;

/// <summary>Collects the graph's reports during a job (training epochs and validation passes, which arrive from
/// the trainer's and the evaluator's threads) and turns them into the report's pipeline block.</summary>
public sealed class FlowLog
{
    private readonly object gate = new();
    private readonly List<FlowReport> training = [];
    private readonly List<FlowReport> validation = [];
    private readonly List<EpochPipeline> epochs = [];

    public void Training(FlowReport report)
    {
        lock (gate) training.Add(report);
    }

    public void Validation(FlowReport report)
    {
        lock (gate) validation.Add(report);
    }

    /// <summary>Closes a finished training epoch: the trainer's wait over the wall time of that epoch's training
    /// graph, its bottleneck and augmentation counts. Null when the graph did not report that epoch.</summary>
    public EpochPipeline? EndEpoch(int epoch, double trainerWaitSeconds)
    {
        lock (gate)
        {
            var run = training.LastOrDefault(r => r.Epoch == epoch);
            if (run is null) return null;
            var elapsed = run.Elapsed.TotalSeconds;
            var fraction = elapsed > 0 ? Math.Round(Math.Min(1, trainerWaitSeconds / elapsed), 4) : 0;
            var result = new EpochPipeline(epoch, Math.Round(trainerWaitSeconds, 3), fraction, run.Bottleneck,
                run.AugmentedByKind.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
            epochs.Add(result);
            return result;
        }
    }

    public PipelineTiming Timing()
    {
        lock (gate) return new PipelineTiming(FlowTotals.Of(training.ToArray()), FlowTotals.Of(validation.ToArray()), epochs.ToArray());
    }
}

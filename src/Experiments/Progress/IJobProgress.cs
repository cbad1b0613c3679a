namespace DataflowLung.Experiments.Progress;

/// <summary>What a running job reports while it trains: epochs and batches (with the running loss and
/// throughput). The console decides how to show it: a live bar on a terminal, plain lines otherwise.</summary>
public interface IJobProgress
{
    void StartEpoch(int epoch, int totalEpochs, int? totalBatches);

    /// <summary><paramref name="loss"/> is the latest known training loss (NaN before the first epoch ends).</summary>
    void Batch(int batchesDone, double loss, double samplesPerSecond);

    void EndEpoch();
}

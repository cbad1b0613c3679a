namespace DataflowLung.Model.Training;

/// <summary>Where training met its first non-finite loss or gradient: the epoch, the 1-based batch of that epoch,
/// what was not finite, and the recordings (<c>dataset:name</c>) and chunks of that batch, so the input can be
/// inspected. The step on that batch was refused, so the weights are still those after the previous batch.</summary>
public sealed record Divergence(int Epoch, int Batch, string What, IReadOnlyList<string> Recordings, IReadOnlyList<string> Chunks)
{
    public string Describe() =>
        $"training diverged at epoch {Epoch}, batch {Batch}: {What}; recordings in the batch: {string.Join(", ", Recordings)}";
}

namespace DataflowLung.Experiments.Jobs;

/// <summary>How many augmented samples of each kind the training graph produced: summed over the epochs this
/// run trained, and per epoch (issue 6: "the job report states how many of each kind were produced").</summary>
public sealed record AugmentationReport(
    IReadOnlyDictionary<string, long> Total,
    IReadOnlyList<EpochAugmentation> PerEpoch)
{
    public static AugmentationReport None { get; } = new(new Dictionary<string, long>(), []);

    public static AugmentationReport Of(IReadOnlyList<EpochPipeline> epochs) => new(
        epochs.SelectMany(e => e.AugmentedByKind)
            .GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal),
        epochs.Select(e => new EpochAugmentation(e.Epoch, e.AugmentedByKind)).ToArray());
}

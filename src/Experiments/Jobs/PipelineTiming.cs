namespace DataflowLung.Experiments.Jobs;

/// <summary>The pipeline's observability block of report.json (<c>timing.pipeline</c>): the training epochs'
/// runs of the graph summed, the validation passes summed separately (they run without augmentation and with a
/// different consumer), and each training epoch's wait and bottleneck.</summary>
public sealed record PipelineTiming(
    FlowTotals? Training,
    FlowTotals? Validation,
    IReadOnlyList<EpochPipeline> Epochs);

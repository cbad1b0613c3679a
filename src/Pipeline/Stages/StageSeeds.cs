using DataflowLung.Pipeline.Flow;

namespace DataflowLung.Pipeline.Stages;

/// <summary>Independent sub-seeds of one per-item seed the flow hands a stage, one per purpose (an augmenter entry,
/// a copy), so adding an augmenter never shifts the random draws of another.</summary>
public static class StageSeeds
{
    public static long Sub(long seed, string purpose) =>
        (long)FlowSeeds.Mix(FlowSeeds.Mix((ulong)seed) ^ FlowSeeds.HashName(purpose));
}

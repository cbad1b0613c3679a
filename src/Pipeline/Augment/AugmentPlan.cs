namespace DataflowLung.Pipeline.Augment;

/// <summary>How the training chunks that MixUp, CutMix and AugMix use are chosen.
/// <see cref="Streaming"/> (ours): mixer pairs per shuffle window, AugMix a seeded draw per chunk (expected counts,
/// new every epoch). <see cref="WholeSet"/> (the original's): planned once per job over the whole training set from
/// the chunk catalogue, with its exact counts: int(min(n1, n2) · quantity) pairs per mixer entry and int(n · quantity)
/// AugMix chunks, the same samples every epoch (the original augmented its dataset once before training).</summary>
public enum AugmentPlan
{
    Streaming,
    WholeSet,
}

using DataflowLung.Pipeline.Augment;

namespace DataflowLung.Pipeline.Stages;

/// <summary>The streaming form of the original's "int(n × quantity) items, by cyclic repetition": each item, seen
/// once, gets ⌊q⌋ copies plus one more with probability q − ⌊q⌋ (a seeded Bernoulli draw). The expected total is
/// n × q exactly, each item gets ⌊q⌋ or ⌈q⌉ copies as under cyclic repetition, and no item needs to know the others,
/// so selection works chunk by chunk inside the flow. The realised count varies around n × q (binomially) where
/// the original's was fixed.</summary>
public static class StreamingDraw
{
    public static int Copies(double quantity, SeededRandom rng)
    {
        if (!(quantity >= 0) || !double.IsFinite(quantity)) throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "must be finite and ≥ 0");
        double whole = Math.Floor(quantity);
        return (int)whole + (rng.NextDouble() < quantity - whole ? 1 : 0);
    }
}

using DataflowLung.Pipeline.Augment;

namespace DataflowLung.Pipeline.Stages;

/// <summary>Makes a <see cref="WholeSetPlan"/>'s MixUp / CutMix pairs in one streaming pass over an epoch's features
/// (one instance per epoch, called in stream order by one worker): each original chunk passes on at once; a pair is
/// mixed as soon as its second chunk arrives, the first one's features being held until then and dropped when all
/// its pairs are made. Memory: at most the features of the chunks still waiting for a partner (no more than the
/// distinct chunks of the plan). A pair whose chunk never arrives (its recording faulted) is not made.
/// Deterministic: the stream order is, and λ and the CutMix box come from the pair's planned seed.</summary>
public sealed class PairMixer
{
    readonly WholeSetPlan plan;
    readonly Dictionary<string, List<int>> pairsOf = new(StringComparer.Ordinal);
    readonly Dictionary<string, int> unmade = new(StringComparer.Ordinal);
    readonly Dictionary<string, Features> held = new(StringComparer.Ordinal);
    readonly bool[] made;

    public PairMixer(WholeSetPlan plan)
    {
        this.plan = plan;
        made = new bool[plan.Pairs.Count];
        for (int i = 0; i < plan.Pairs.Count; i++)
            foreach (var key in new[] { plan.Pairs[i].A, plan.Pairs[i].B }.Distinct(StringComparer.Ordinal))
            {
                if (!pairsOf.TryGetValue(key, out var list)) pairsOf[key] = list = [];
                list.Add(i);
                unmade[key] = unmade.GetValueOrDefault(key) + 1;
            }
    }

    /// <summary>Features held now, waiting for a partner.</summary>
    public int Held => held.Count;

    public IReadOnlyList<Features> Next(Features f)
    {
        if (f.Augmentation.Length > 0) return [f];
        var key = CensusChunk.KeyOf(f);
        if (!pairsOf.TryGetValue(key, out var pairs)) return [f];
        var output = new List<Features> { f };
        foreach (int i in pairs)
        {
            if (made[i]) continue;
            var pair = plan.Pairs[i];
            var partnerKey = pair.A == key ? pair.B : pair.A;
            var partner = partnerKey == key ? f : held.GetValueOrDefault(partnerKey);
            if (partner is null) continue;
            var (a, b) = pair.A == key ? (f, partner) : (partner, f);
            output.Add(pair.Kind == CutMix.Kind ? CutMix.Mix(a, b, pair.Lambda, pair.Seed) : Mixup.Mix(a, b, pair.Lambda, pair.Seed));
            made[i] = true;
            Done(key);
            if (partnerKey != key) Done(partnerKey);
        }
        if (unmade.GetValueOrDefault(key) > 0) held[key] = f;
        return output;
    }

    void Done(string key)
    {
        int left = unmade[key] - 1;
        unmade[key] = left;
        if (left == 0) held.Remove(key);
    }
}

using DataflowLung.Pipeline.Augment;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Stages;

/// <summary>The original's augmentation selection, made once per job over the whole training set (its
/// <see cref="ClassCensus.Identities"/>, no audio needed): for each MixUp / CutMix entry the original's pairs
/// (<see cref="Mixup.PlanPairs"/>: int(min(n1, n2) × quantity) pairs by cyclic repetition, one λ each), and for each
/// AugMix entry exactly int(n × quantity) chunks of its class (<see cref="AudioAugMix.PlanSelection"/>). Every pair
/// and AugMix sample has its own seed, fixed for the job, so each epoch makes the same samples (the original
/// augmented its data set once before training). Only identities and seeds are held, never features.</summary>
public sealed class WholeSetPlan
{
    /// <summary>One mixed sample to make: <paramref name="A"/> (label one) mixed with <paramref name="B"/> (label two).</summary>
    public sealed record MixPair(string Kind, int Entry, string A, string B, double Lambda, long Seed);

    readonly Dictionary<string, Seq<AugMixAugmentation.PlannedMix>> augMix;

    WholeSetPlan(IReadOnlyList<MixPair> pairs, Dictionary<string, Seq<AugMixAugmentation.PlannedMix>> augMix)
    {
        Pairs = pairs;
        this.augMix = augMix;
    }

    public IReadOnlyList<MixPair> Pairs { get; }

    /// <summary>AugMix samples planned in total.</summary>
    public int AugMixCount => augMix.Values.Sum(s => s.Count);

    /// <summary>The AugMix samples planned for one chunk (by <see cref="CensusChunk.KeyOf(Chunk)"/>), in entry order.</summary>
    public Seq<AugMixAugmentation.PlannedMix> AugMixFor(string key) => augMix.TryGetValue(key, out var s) ? s : Empty;

    public static WholeSetPlan Create(Seq<CensusChunk> chunks, AugmentParams p, long seed)
    {
        var all = chunks.ToArray();
        var pool = all.Select((c, i) => (Index: i, Label: (float)c.Class, c.Padded)).ToArray();
        long planSeed = StageSeeds.Sub(seed, "whole_set_plan");
        var pairs = new List<MixPair>();
        void Add(string kind, int entry, IReadOnlyList<(int A, int B, double Lambda)> planned, long entrySeed)
        {
            for (int j = 0; j < planned.Count; j++)
                pairs.Add(new MixPair(kind, entry, all[planned[j].A].Key, all[planned[j].B].Key, planned[j].Lambda, StageSeeds.Sub(entrySeed, $"pair#{j}")));
        }
        for (int e = 0; e < p.Mixups.Count; e++)
        {
            long entrySeed = StageSeeds.Sub(planSeed, $"{Mixup.Kind}#{e}");
            Add(Mixup.Kind, e, Mixup.PlanPairs(pool, p.Mixups[e], entrySeed), entrySeed);
        }
        for (int e = 0; e < p.CutMixes.Count; e++)
        {
            long entrySeed = StageSeeds.Sub(planSeed, $"{CutMix.Kind}#{e}");
            Add(CutMix.Kind, e, CutMix.PlanPairs(pool, p.CutMixes[e], entrySeed), entrySeed);
        }
        var augMix = new Dictionary<string, List<AugMixAugmentation.PlannedMix>>(StringComparer.Ordinal);
        for (int e = 0; e < p.AugMixes.Count; e++)
        {
            long entrySeed = StageSeeds.Sub(planSeed, $"augmix#{e}");
            // Per dataset (the original's AugMix ran on each dataset's chunks): int(n_d × q) of each, each with its own seed.
            var chosen = p.AugMixes[e].PerDataset
                ? all.Select((c, i) => (c.Dataset, Index: i)).GroupBy(x => x.Dataset).OrderBy(g => g.Key, StringComparer.Ordinal)
                    .SelectMany(g => AudioAugMix.PlanSelection(g.Select(x => (x.Index, pool[x.Index].Label)).ToArray(), p.AugMixes[e],
                        StageSeeds.Sub(entrySeed, $"dataset:{g.Key}"))).ToArray()
                : AudioAugMix.PlanSelection(pool.Select(x => (x.Index, x.Label)).ToArray(), p.AugMixes[e], entrySeed);
            for (int k = 0; k < chosen.Count; k++)
            {
                var key = all[chosen[k]].Key;
                if (!augMix.TryGetValue(key, out var list)) augMix[key] = list = [];
                list.Add(new AugMixAugmentation.PlannedMix(e, StageSeeds.Sub(entrySeed, $"copy#{k}")));
            }
        }
        return new WholeSetPlan(pairs, augMix.ToDictionary(kv => kv.Key, kv => toSeq(kv.Value), StringComparer.Ordinal));
    }
}

using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Flow;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Stages;

/// <summary>The flow's feature-augment seam: AugMix samples of one original training chunk, made in the feature
/// stage because their output is a feature, out = (1 − m)·melDb(x) + m·Σ wᵢ·melDb(chainᵢ(x)) (see
/// <see cref="AudioAugMix"/>). melDb(x) is the chunk's own features, already computed; each chain's audio goes
/// through the same extractor. Selection: the original took int(n × quantity) chunks of <c>label</c>; here each
/// original chunk of that class (−1 = any) gets <see cref="StreamingDraw.Copies"/>(quantity) AugMix samples,
/// drawn from the per-chunk seed (run seed, epoch, chunk name). Kind <c>augmix</c>, name <c>augmix(&lt;chunk&gt;)</c>,
/// label unchanged.</summary>
public static class AugMixAugmentation
{
    public const string Kind = "augmix";

    /// <summary>One planned sample: which AugMix entry and the seed that makes it.</summary>
    public readonly record struct PlannedMix(int Entry, long Seed);

    public static Seq<PlannedMix> Plan(Chunk chunk, long seed, LearningTask task, AugmentParams p)
    {
        if (chunk.Augmentation.Length > 0 || p.AugMixes.IsEmpty) return Empty;
        int cls = task.ClassOf(chunk.Labels);
        var mixes = new List<PlannedMix>();
        for (int i = 0; i < p.AugMixes.Count; i++)
        {
            var entry = p.AugMixes[i];
            if (entry.Label != -1 && entry.Label != cls) continue;
            var rng = SeededRandom.For(StageSeeds.Sub(seed, $"augmix#{i}"));
            int n = StreamingDraw.Copies(entry.Quantity, rng);
            for (int k = 0; k < n; k++) mixes.Add(new PlannedMix(i, rng.NextSeed()));
        }
        return toSeq(mixes);
    }

    public static Seq<Features> Apply(Chunk chunk, Features features, long seed, LearningTask task, AugmentParams p, IFeatureExtractor extractor) =>
        Make(chunk, features, Plan(chunk, seed, task, p), p, extractor);

    /// <summary>The AugMix samples of one chunk for mixes planned elsewhere (a <see cref="WholeSetPlan"/>); none for
    /// chunks that are already augmented.</summary>
    public static Seq<Features> Make(Chunk chunk, Features features, Seq<PlannedMix> mixes, AugmentParams p, IFeatureExtractor extractor)
    {
        if (chunk.Augmentation.Length > 0) return Empty;
        float[] MelDb(float[] audio) =>
            ReferenceEquals(audio, chunk.Samples) ? features.Values : extractor.Extract([chunk with { Samples = audio }])[0].Values;

        return toSeq(mixes.Select((mix, k) => features with
        {
            Values = AudioAugMix.Apply(chunk.Samples, chunk.SampleRate, p.AugMixes[mix.Entry], MelDb, mix.Seed),
            Name = $"{Kind}({chunk.Name})" + (k > 0 ? $"#{k}" : ""),
            Augmentation = Kind,
            AugmentSeed = mix.Seed,
        }).ToArray());
    }
}

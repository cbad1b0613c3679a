using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Augment;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Stages;

/// <summary>The flow's audio-augment seam: for one original training chunk, the extra chunks of this epoch.
/// <list type="bullet">
/// <item>Oversampling (when rates are given): <see cref="StreamingDraw.Copies"/>(rate of the chunk's class) exact
/// repeats, same name and samples, kind <c>oversampled</c>; being exact they reuse the original's cached features.</item>
/// <item>Each <see cref="AugmentParams.AudioAugments"/> entry whose label matches the chunk's class (−1 = any):
/// <see cref="StreamingDraw.Copies"/>(quantity) copies through its op, kind = the op's name (<c>noise</c>,
/// <c>gain</c>, <c>time_shift</c>, <c>stretch_time</c>, <c>shift_pitch</c>), named <c>&lt;kind&gt;(&lt;chunk&gt;)</c>
/// (<c>#k</c> appended for the k-th further copy), each with its own seed.</item>
/// </list>
/// Every draw comes from the per-chunk seed the flow derives from (run seed, epoch, chunk name), so a new epoch
/// draws new copies and the same seed replays them. Chunks that are already augmented get nothing.</summary>
public static class AudioAugmentation
{
    /// <summary>One planned copy: which entry (−1 = oversampling), its kind and the seed that makes it.</summary>
    public readonly record struct PlannedCopy(int Entry, string Kind, long Seed);

    public static Seq<PlannedCopy> Plan(Chunk chunk, long seed, LearningTask task, AugmentParams p, IReadOnlyList<double>? oversampleRates)
    {
        if (chunk.Augmentation.Length > 0) return Empty;
        int cls = task.ClassOf(chunk.Labels);
        var copies = new List<PlannedCopy>();
        if (oversampleRates is not null)
        {
            var rng = SeededRandom.For(StageSeeds.Sub(seed, AugmentationCounts.Oversampled));
            int n = StreamingDraw.Copies(oversampleRates[cls], rng);
            for (int k = 0; k < n; k++) copies.Add(new PlannedCopy(-1, AugmentationCounts.Oversampled, seed));
        }
        for (int i = 0; i < p.AudioAugments.Count; i++)
        {
            var entry = p.AudioAugments[i];
            if (entry.Label != -1 && entry.Label != cls) continue;
            var rng = SeededRandom.For(StageSeeds.Sub(seed, $"audio_augment#{i}"));
            int n = StreamingDraw.Copies(entry.Quantity, rng);
            for (int k = 0; k < n; k++) copies.Add(new PlannedCopy(i, entry.Op.Name(), rng.NextSeed()));
        }
        return toSeq(copies);
    }

    public static Seq<Chunk> Apply(Chunk chunk, long seed, LearningTask task, AugmentParams p, IReadOnlyList<double>? oversampleRates)
    {
        var plan = Plan(chunk, seed, task, p, oversampleRates);
        var copies = new Chunk[plan.Count];
        var madeOfKind = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < copies.Length; i++)
        {
            var copy = plan[i];
            int k = madeOfKind[copy.Kind] = madeOfKind.GetValueOrDefault(copy.Kind) + 1;
            copies[i] = copy.Entry < 0
                ? chunk with { Augmentation = AugmentationCounts.Oversampled }
                : chunk with
                {
                    Samples = AudioOps.Apply(p.AudioAugments[copy.Entry].Op, chunk.Samples, chunk.SampleRate, p.AudioOps, copy.Seed),
                    Name = $"{copy.Kind}({chunk.Name})" + (k > 1 ? $"#{k - 1}" : ""),
                    Augmentation = copy.Kind,
                    AugmentSeed = copy.Seed,
                };
        }
        return toSeq(copies);
    }
}

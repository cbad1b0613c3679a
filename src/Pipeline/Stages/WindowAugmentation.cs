using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Augment;

namespace DataflowLung.Pipeline.Stages;

/// <summary>The flow's spectrogram-augment seam: the samples added to one window of features (the flow's seeded
/// shuffle window), from the window's original chunks only (no copies of copies, no oversampled repeats):
/// <list type="bullet">
/// <item>each MixUp and CutMix entry: the original's pair selection (<see cref="Mixup.PlanPairs"/>: classes
/// label_one × label_two, int(min(n1, n2) × quantity) pairs by cyclic repetition) applied to the window, so the
/// pool is a window rather than the whole training set;</item>
/// <item>SpecAugment: int(n × quantity) masked copies of the window's chunks of its label
/// (<see cref="SpecAugment.PlanSelection"/>).</item>
/// </list>
/// Kinds <c>mixup</c>, <c>cutmix</c>, <c>specaugment</c>. All draws come from the window seed (run seed, epoch,
/// window), one independent sub-seed per entry and per sample.</summary>
public static class WindowAugmentation
{
    public static IReadOnlyList<Features> Apply(IReadOnlyList<Features> window, long seed, LearningTask task, AugmentParams p)
    {
        var originals = Enumerable.Range(0, window.Count).Where(i => window[i].Augmentation.Length == 0).ToArray();
        var pairPool = originals.Select(i => (Index: i, Label: (float)task.ClassOf(window[i].Labels), window[i].Padded)).ToArray();
        var added = new List<Features>();

        for (int e = 0; e < p.Mixups.Count; e++)
        {
            long entrySeed = StageSeeds.Sub(seed, $"{Mixup.Kind}#{e}");
            foreach (var (pair, j) in Mixup.PlanPairs(pairPool, p.Mixups[e], entrySeed).Select((pair, j) => (pair, j)))
                added.Add(Mixup.Mix(window[pair.A], window[pair.B], pair.Lambda, StageSeeds.Sub(entrySeed, $"pair#{j}")));
        }
        for (int e = 0; e < p.CutMixes.Count; e++)
        {
            long entrySeed = StageSeeds.Sub(seed, $"{CutMix.Kind}#{e}");
            foreach (var (pair, j) in CutMix.PlanPairs(pairPool, p.CutMixes[e], entrySeed).Select((pair, j) => (pair, j)))
                added.Add(CutMix.Mix(window[pair.A], window[pair.B], pair.Lambda, StageSeeds.Sub(entrySeed, $"pair#{j}")));
        }
        if (p.SpecAugment is { } spec)
        {
            long entrySeed = StageSeeds.Sub(seed, SpecAugment.Kind);
            var pool = pairPool.Select(x => (x.Index, x.Label)).ToArray();
            foreach (var (i, k) in SpecAugment.PlanSelection(pool, spec, entrySeed).Select((i, k) => (i, k)))
                added.Add(SpecAugment.Augment(window[i], spec, StageSeeds.Sub(entrySeed, $"copy#{k}")));
        }
        return added;
    }
}

using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Flow;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Runner.Jobs;

/// <summary>The augmentation parameters as the graph's two training-only seams. The graph streams, so the
/// original's whole-set counts become per-window (spectrogram mixers: the original's pair planning inside each
/// shuffle window) and per-chunk (audio augmenters: <c>quantity</c> copies per chunk on average, the fraction
/// drawn with the chunk's seed). Originals always pass on; these only add samples. AugMix and oversampling are
/// not wired into the graph (see <see cref="Unsupported"/>).</summary>
public static class JobAugmentation
{
    public static Seq<string> Unsupported(AugmentParams a) =>
        (a.AugMixes.IsEmpty ? Seq<string>() : Seq1("augmix: not available in the streaming graph yet (it needs the features of augmented audio inside the audio stage)"))
        + (a.Oversample ? Seq1("oversampling: not available in the streaming graph yet; use class_weights") : Seq<string>());

    public static Func<Chunk, long, Seq<Chunk>>? Audio(AugmentParams a, LearningTask task)
    {
        if (a.AudioAugments.IsEmpty) return null;
        return (chunk, seed) =>
        {
            var added = new List<Chunk>();
            var cls = ClassIndex.Of(Hard(chunk.Labels), task);
            foreach (var (entry, k) in a.AudioAugments.Select((e, k) => (e, k)))
            {
                if (entry.Label != -1 && entry.Label != cls) continue;
                var entrySeed = FlowSeeds.For(seed, 0, entry.Op.Name(), k.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var rng = SeededRandom.For(entrySeed);
                var copies = (int)Math.Floor(entry.Quantity) + (rng.NextDouble() < entry.Quantity - Math.Floor(entry.Quantity) ? 1 : 0);
                for (var c = 0; c < copies; c++)
                {
                    var copySeed = rng.NextSeed();
                    var samples = FitTo(AudioOps.Apply(entry.Op, chunk.Samples, chunk.SampleRate, a.AudioOps, copySeed), chunk.Samples.Length);
                    added.Add(chunk with { Samples = samples, Name = $"{entry.Op.Name()}({chunk.Name})#{c}", Augmentation = entry.Op.Name(), AugmentSeed = copySeed });
                }
            }
            return toSeq(added);
        };
    }

    public static Func<IReadOnlyList<Features>, long, IReadOnlyList<Features>>? Spectrogram(AugmentParams a, LearningTask task)
    {
        if (a.Mixups.IsEmpty && a.CutMixes.IsEmpty && a.SpecAugment is null) return null;
        return (window, seed) =>
        {
            var pool = window.Select((f, i) => (Index: i, Label: (float)ClassIndex.Of(Hard(f.Labels), task), f.Padded)).ToArray();
            var added = new List<Features>();
            long Seed(string kind, int k) => FlowSeeds.For(seed, 0, kind, k.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var (m, k) in a.Mixups.Select((m, k) => (m, k)))
                foreach (var (x, y, lambda) in Mixup.PlanPairs(pool, m, Seed(Mixup.Kind, k)))
                    added.Add(Mixup.Mix(window[x], window[y], lambda, Seed(Mixup.Kind, k) ^ (x * 31L + y)));
            foreach (var (c, k) in a.CutMixes.Select((c, k) => (c, k)))
                foreach (var (x, y, lambda) in CutMix.PlanPairs(pool, c, Seed(CutMix.Kind, k)))
                    added.Add(CutMix.Mix(window[x], window[y], lambda, Seed(CutMix.Kind, k) ^ (x * 31L + y)));
            if (a.SpecAugment is { } s)
            {
                var eligible = pool.Where(e => s.Label == -1 || (int)e.Label == s.Label).Select(e => e.Index).ToArray();
                var chosen = FlowSeeds.Shuffle(eligible, Seed(SpecAugment.Kind, 0)).Take((int)(eligible.Length * s.Quantity));
                added.AddRange(chosen.Select(i => SpecAugment.Augment(window[i], s, Seed(SpecAugment.Kind, i + 1))));
            }
            return added;
        };
    }

    private static float[] Hard(float[] labels) => labels.Select(l => l >= 0.5f ? 1f : 0f).ToArray();

    // Pitch and tempo changes may return a slightly different length; the window length is fixed.
    private static float[] FitTo(float[] samples, int length) =>
        samples.Length == length ? samples : samples.AsSpan(0, Math.Min(samples.Length, length)).ToArray().Concat(new float[Math.Max(0, length - samples.Length)]).ToArray();
}

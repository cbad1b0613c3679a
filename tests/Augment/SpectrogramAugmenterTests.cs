using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Augment;

public class SpectrogramAugmenterTests
{
    static readonly RecordingRef Recording = new("test", "r.wav", "r", "p1", new RecordingLabels(0), None);

    static Features Spectrogram(int mels, int frames, long seed, float label, string name = "s")
    {
        var rng = SeededRandom.For(seed);
        var values = new float[mels * frames];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(-80 * rng.NextDouble());
        return new Features(values, mels, frames, [label], name, Recording, Padded: false, IsLast: false);
    }

    static Arbitrary<(int Mels, int Frames)> Shapes => Gen.Choose(1, 24).SelectMany(m => Gen.Choose(1, 40), (m, f) => (m, f)).ToArbitrary();

    [Property(MaxTest = 100)]
    public Property MixupIsTheConvexCombinationWithSoftLabels() =>
        Prop.ForAll(Shapes, Signals.Seeds, (shape, seed) =>
        {
            var a = Spectrogram(shape.Mels, shape.Frames, seed, 1, "a");
            var b = Spectrogram(shape.Mels, shape.Frames, seed + 1, 0, "b");
            var p = new MixupParams(MinVal: 0.2, MaxVal: 0.6);
            var mixed = Mixup.Augment(a, b, p, seed);
            double lambda = mixed.Labels[0]; // y1 = 1, y2 = 0: the label is λ itself
            Assert.InRange(lambda, 0.2 - 1e-6, 0.6 + 1e-6);
            for (int i = 0; i < a.Values.Length; i++) Assert.Equal(lambda * a.Values[i] + (1 - lambda) * b.Values[i], mixed.Values[i], 1e-3);
            Assert.Equal("mixup(a,b)", mixed.Name);
            Assert.Equal(Mixup.Kind, mixed.Augmentation);
            Assert.Equal(seed, mixed.AugmentSeed);
        });

    [Property(MaxTest = 100)]
    public Property MixupLabelsLieBetweenTheTwoLabels() =>
        Prop.ForAll(Gen.Choose(0, 100).Select(v => v / 100f).Two().ToArbitrary(), Gen.Choose(0, 1000).Select(v => v / 1000.0).ToArbitrary(), (labels, lambda) =>
        {
            var a = Spectrogram(2, 3, 1, labels.Item1) with { Labels = [labels.Item1, labels.Item2] };
            var b = Spectrogram(2, 3, 2, labels.Item2) with { Labels = [labels.Item2, labels.Item1] };
            var mixed = Mixup.Mix(a, b, lambda);
            for (int k = 0; k < 2; k++)
                Assert.InRange(mixed.Labels[k], Math.Min(a.Labels[k], b.Labels[k]) - 1e-6f, Math.Max(a.Labels[k], b.Labels[k]) + 1e-6f);
        });

    [Fact]
    public void MixupWithLambdaOneGivesTheFirstInputBack()
    {
        var a = Spectrogram(4, 5, 1, 1);
        var mixed = Mixup.Mix(a, Spectrogram(4, 5, 2, 0), 1.0);
        Assert.Equal(a.Values, mixed.Values);
        Assert.Equal(a.Labels, mixed.Labels);
    }

    [Fact]
    public void MixersRejectDifferentShapesNamingBothSamples()
    {
        var error = Assert.Throws<ArgumentException>(() => Mixup.Mix(Spectrogram(4, 5, 1, 1, "left"), Spectrogram(4, 6, 2, 0, "right"), 0.5));
        Assert.Contains("left", error.Message);
        Assert.Contains("right", error.Message);
    }

    [Property(MaxTest = 100)]
    public Property PairsFollowTheOriginalSelection() =>
        Prop.ForAll(Gen.Choose(0, 40).Two().ToArbitrary(), Gen.Choose(0, 30).SelectMany(q => Gen.Elements(true, false), (q, b) => (q / 10.0, b)).ToArbitrary(), Signals.Seeds,
            (sizes, options, seed) =>
            {
                var (quantity, noPad) = options;
                // Class 1 at even positions 0..2n1, class 0 after; every third entry padded; a class-2 distractor.
                var pool = new List<(int Index, float Label, bool Padded)>();
                for (int i = 0; i < sizes.Item1; i++) pool.Add((pool.Count, 1f, pool.Count % 3 == 0));
                for (int i = 0; i < sizes.Item2; i++) pool.Add((pool.Count, 0f, pool.Count % 3 == 0));
                pool.Add((pool.Count, 2f, false));
                var p = new MixupParams(LabelOne: 1, LabelTwo: 0, Quantity: quantity, MinVal: 0.1, MaxVal: 0.9, NoPad: noPad);
                var pairs = Mixup.PlanPairs(pool, p, seed);

                var one = pool.Where(e => e.Label == 1 && !(noPad && e.Padded)).Select(e => e.Index).ToList();
                var two = pool.Where(e => e.Label == 0 && !(noPad && e.Padded)).Select(e => e.Index).ToList();
                int count = (int)(Math.Min(one.Count, two.Count) * quantity);
                Assert.Equal(count, pairs.Count);
                Assert.All(pairs, pair =>
                {
                    Assert.Contains(pair.A, one);
                    Assert.Contains(pair.B, two);
                    Assert.InRange(pair.Lambda, 0.1, 0.9);
                });
                // Cyclic repetition: every member of a pool is used ⌊count/n⌋ or ⌈count/n⌉ times.
                foreach (var (members, used) in new[] { (one, pairs.Select(x => x.A)), (two, pairs.Select(x => x.B)) })
                {
                    if (members.Count == 0) continue;
                    var uses = members.Select(m => used.Count(u => u == m)).ToList();
                    Assert.All(uses, u => Assert.InRange(u, count / members.Count, (count + members.Count - 1) / members.Count));
                }
                Assert.Equal(pairs, Mixup.PlanPairs(pool, p, seed));
            });

    [Property(MaxTest = 100)]
    public Property CutMixPastesExactlyTheBoxAndWeighsLabelsByArea() =>
        Prop.ForAll(Shapes, Signals.Seeds, (shape, seed) =>
        {
            var a = Spectrogram(shape.Mels, shape.Frames, seed, 1, "a");
            var b = Spectrogram(shape.Mels, shape.Frames, seed + 1, 0, "b");
            var rng = SeededRandom.For(seed);
            double lambda = rng.Uniform(0.2, 0.8);
            var box = CutMix.DrawBox(shape.Mels, shape.Frames, lambda, rng);
            Assert.True(box.Mel1 - box.Mel0 <= (int)(shape.Mels * Math.Sqrt(1 - lambda)) && box.Frame1 - box.Frame0 <= (int)(shape.Frames * Math.Sqrt(1 - lambda)));
            var mixed = CutMix.Mix(a, b, box);
            for (int m = 0; m < shape.Mels; m++)
                for (int f = 0; f < shape.Frames; f++)
                    Assert.Equal(box.Contains(m, f) ? b.Values[m * shape.Frames + f] : a.Values[m * shape.Frames + f], mixed.Values[m * shape.Frames + f]);
            Assert.Equal(1 - (double)box.Area / (shape.Mels * shape.Frames), mixed.Labels[0], 1e-6);
            Assert.Equal("cutmix(a,b)", mixed.Name);
        });

    [Fact]
    public void CutMixWithLambdaOneGivesTheFirstInputBack()
    {
        var a = Spectrogram(8, 10, 1, 1);
        var mixed = CutMix.Mix(a, Spectrogram(8, 10, 2, 0), 1.0, seed: 5);
        Assert.Equal(a.Values, mixed.Values);
        Assert.Equal(a.Labels, mixed.Labels);
    }

    [Property(MaxTest = 100)]
    public Property MasksSetExactlyTheMaskedArea() =>
        Prop.ForAll(Shapes, Signals.Seeds, ArbMap.Default.ArbFor<bool>(), (shape, seed, zero) =>
        {
            var x = Spectrogram(shape.Mels, shape.Frames, seed, 0);
            var p = new SpecAugmentParams(TimeMasks: 2, MaxTimeWidth: 8, FreqMasks: 2, MaxFreqWidth: 5, MaskValue: zero ? SpecMaskValue.Zero : SpecMaskValue.Mean);
            var masks = SpecAugment.PlanMasks(shape.Mels, shape.Frames, p, seed);
            Assert.All(masks.Time, b => Assert.True(b.Width <= 8 && b.Start >= 0 && b.Start + b.Width <= shape.Frames));
            Assert.All(masks.Frequency, b => Assert.True(b.Width <= 5 && b.Start >= 0 && b.Start + b.Width <= shape.Mels));
            var y = SpecAugment.Apply(x.Values, shape.Mels, shape.Frames, masks, p.MaskValue);
            float fill = zero ? 0f : (float)x.Values.Average();
            for (int m = 0; m < shape.Mels; m++)
                for (int f = 0; f < shape.Frames; f++)
                    Assert.Equal(masks.Masks(m, f) ? fill : x.Values[m * shape.Frames + f], y[m * shape.Frames + f], 1e-3f);
        });

    [Property(MaxTest = 50)]
    public Property NoMasksAndNoWarpGiveTheInputBack() =>
        Prop.ForAll(Shapes, Signals.Seeds, (shape, seed) =>
        {
            var x = Spectrogram(shape.Mels, shape.Frames, seed, 0);
            var y = SpecAugment.Augment(x, new SpecAugmentParams(TimeMasks: 0, FreqMasks: 0, TimeWarp: 0), seed);
            Assert.Equal(x.Values, y.Values);
            Assert.Equal("specaugment(s)", y.Name);
        });

    [Property(MaxTest = 50)]
    public Property TimeWarpMovesTheCentreAndKeepsTheEnds() =>
        Prop.ForAll(Gen.Choose(20, 60).ToArbitrary(), Signals.Seeds, (frames, seed) =>
        {
            // One mel row holding its own frame index: warped values read back the source position.
            var ramp = Enumerable.Range(0, frames).Select(i => (float)i).ToArray();
            var p = new SpecAugmentParams(TimeMasks: 0, FreqMasks: 0, TimeWarp: 5);
            var masks = SpecAugment.PlanMasks(1, frames, p, seed);
            var y = SpecAugment.Apply(ramp, 1, frames, masks, SpecMaskValue.Zero);
            Assert.Equal(0f, y[0]);
            Assert.Equal(frames - 1, y[^1], 1e-4f);
            Assert.Equal(masks.WarpCentre, y[masks.WarpCentre + masks.WarpShift], 1e-4f);
            Assert.True(y.Zip(y.Skip(1), (u, v) => v >= u).All(ok => ok)); // monotone: a warp, not a shuffle
        });

    [Property(MaxTest = 50)]
    public Property SameSeedSameOutputDifferentSeedDifferentOutput() =>
        Prop.ForAll(Signals.Seeds, seed =>
        {
            var a = Spectrogram(16, 32, 1, 1);
            var b = Spectrogram(16, 32, 2, 0);
            Assert.Equal(Mixup.Augment(a, b, new MixupParams(), seed).Values, Mixup.Augment(a, b, new MixupParams(), seed).Values);
            Assert.NotEqual(Mixup.Augment(a, b, new MixupParams(), seed).Values, Mixup.Augment(a, b, new MixupParams(), seed + 1).Values);
            Assert.Equal(CutMix.Augment(a, b, new CutMixParams(), seed).Values, CutMix.Augment(a, b, new CutMixParams(), seed).Values);
            var sp = new SpecAugmentParams(TimeWarp: 4);
            Assert.Equal(SpecAugment.Augment(a, sp, seed).Values, SpecAugment.Augment(a, sp, seed).Values);
            Assert.Contains(Enumerable.Range(1, 3), k => !SpecAugment.Augment(a, sp, seed + k).Values.SequenceEqual(SpecAugment.Augment(a, sp, seed).Values));
        });
}

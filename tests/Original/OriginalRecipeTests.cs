using DataflowLung.Experiments.Parameters;
using DataflowLung.Kernels;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Stages;
using FsCheck.Xunit;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Original;

/// <summary>The original's recipe under the preset: hop 254 (311 frames), the template's MixUp and AugMix, PitchAug's
/// whole-semitone shifts in ±10.</summary>
public sealed class OriginalRecipeTests
{
    static JobParameters Original() =>
        ParameterResolver.Resolve(new ParameterSources(TaskRegistry.Pneumonia, None, Seq1(("preset", "original")), "data", "runs")).ThrowIfFail();

    [Fact]
    public void The_preset_holds_the_templates_recipe()
    {
        var p = Original();
        Assert.Equal(254, p.Features.HopLength);
        // librosa, center off: 1 + (80000 − 1024) / 254 = 311 frames for 10 s at 8 kHz.
        Assert.Equal(311, 1 + (int)(p.Chunk.AudioLengthSeconds * p.Features.SampleRate - p.Features.NFft) / p.Features.HopLength);
        Assert.Equal(new MixupParams(1, 0, 0.2, 0.3, 0.7, NoPad: true), p.Augment.Mixups.Single());
        var augmix = p.Augment.AugMixes.Single();
        Assert.Equal((0.2, -1), (augmix.Quantity, augmix.Label));
        Assert.Equal(new[] { AudioOpKind.ShiftPitch, AudioOpKind.StretchTime }, augmix.AugFunctions.ToArray());
        Assert.Equal(new PitchShiftParams(-10, 10, WholeSemitones: true), augmix.Ops.ShiftPitch);
        Assert.Equal(AugmentParams.Default.Mixups, ParameterResolver.Resolve(new ParameterSources(TaskRegistry.Pneumonia, None,
            Seq(("preset", "original"), ("preset", "default")), "data", "runs")).ThrowIfFail().Augment.Mixups);
    }

    [Property(MaxTest = 300)]
    public bool Whole_semitone_shifts_are_whole_numbers_in_the_range(long seed)
    {
        double s = PitchShift.DrawSemitones(Presets.OriginalPitch, seed);
        return s == Math.Round(s) && s is >= -10 and <= 10;
    }

    [Fact]
    public void Whole_semitone_shifts_reach_both_ends_and_continuous_ones_are_not_whole()
    {
        var draws = Enumerable.Range(0, 2000).Select(i => PitchShift.DrawSemitones(Presets.OriginalPitch, i)).ToHashSet();
        Assert.Equal(21, draws.Count); // every integer in −10 … 10
        Assert.Contains(Enumerable.Range(0, 50), i => PitchShift.DrawSemitones(new PitchShiftParams(), i) is var s && s != Math.Round(s));
        Assert.NotEmpty(new PitchShiftParams(0.2, 0.8, WholeSemitones: true).Problems());
    }

    // 30 icbhi chunks (6 positive), 11 jordan chunks (1 positive): class of chunk k by the index.
    static Seq<CensusChunk> Chunks() => toSeq(
        Enumerable.Range(0, 30).Select(k => new CensusChunk($"i{k}", k % 5 == 0 ? 1 : 0, false, "icbhi"))
            .Concat(Enumerable.Range(0, 11).Select(k => new CensusChunk($"j{k}", k == 3 ? 1 : 0, false, "jordan"))));

    [Fact]
    public void Per_dataset_augmix_takes_int_n_times_q_of_each_dataset()
    {
        var chunks = Chunks();
        var entry = Presets.OriginalAugMix;
        var perDataset = WholeSetPlan.Create(chunks, AugmentParams.Default with { AugMixes = Seq1(entry), Plan = AugmentPlan.WholeSet }, 7);
        int Planned(WholeSetPlan plan, string prefix) => chunks.Filter(c => c.Key.StartsWith(prefix)).Sum(c => plan.AugMixFor(c.Key).Count);
        Assert.Equal((6, 2), (Planned(perDataset, "i"), Planned(perDataset, "j")));   // int(30 × 0.2), int(11 × 0.2)
        var pooled = WholeSetPlan.Create(chunks, AugmentParams.Default with { AugMixes = Seq1(entry with { PerDataset = false }), Plan = AugmentPlan.WholeSet }, 7);
        Assert.Equal(8, pooled.AugMixCount);                                             // int(41 × 0.2)
        Assert.NotEmpty((AugmentParams.Default with { AugMixes = Seq1(entry) }).Problems()); // streaming cannot plan per dataset
    }

    [Fact]
    public void Class_weights_after_augmentation_count_augmix_in_its_class_and_mixed_pairs_as_class_0()
    {
        var chunks = Chunks();
        var census = new ClassCensus(TaskRegistry.Pneumonia, [34, 7], 41, Empty, chunks);
        var augment = AugmentParams.Default with { AugMixes = Seq1(Presets.OriginalAugMix), Mixups = Seq1(Presets.OriginalMixup), Plan = AugmentPlan.WholeSet };
        var plan = WholeSetPlan.Create(chunks, augment, 11);
        int positiveAugMix = chunks.Filter(c => c.Class == 1).Sum(c => plan.AugMixFor(c.Key).Count);
        Assert.Single(plan.Pairs);                                                      // int(min(7, 34) × 0.2)
        var counts = ClassBalance.CountsAfterAugmentation(census, plan);
        Assert.Equal(new long[] { 34 + (8 - positiveAugMix) + 1, 7 + positiveAugMix }, counts);
        // Balanced: n / (2 · count_c) over the augmented counts.
        var weights = ClassWeights.FromCounts(counts, TaskRegistry.Pneumonia).ThrowIfFail();
        Assert.Equal((double)counts.Sum() / (2 * counts[1]), weights.PerClass[1], 5);
    }
}

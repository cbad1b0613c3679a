using DataflowLung.Experiments.Parameters;
using DataflowLung.Kernels;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Tasks;
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
}

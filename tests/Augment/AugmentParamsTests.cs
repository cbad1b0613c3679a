using DataflowLung.Pipeline.Augment;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Augment;

public class AugmentParamsTests
{
    [Fact]
    public void DefaultsAugmentNothing()
    {
        var p = AugmentParams.Default;
        Assert.Empty(p.Problems());
        Assert.False(p.AugmentsAnything);
        Assert.False(p.Oversample);
        Assert.True(p.Mixups.IsEmpty && p.AugMixes.IsEmpty && p.CutMixes.IsEmpty && p.AudioAugments.IsEmpty);
    }

    [Fact]
    public void ProblemsSayWhichEntryIsWrong()
    {
        var p = new AugmentParams
        {
            Mixups = Seq(new MixupParams(), new MixupParams(MinVal: 0.8, MaxVal: 0.2)),
            AugMixes = Seq1(new AugMixParams { AugFunctions = LanguageExt.Seq<AudioOpKind>.Empty, Width = 0 }),
            SpecAugment = new SpecAugmentParams(TimeMasks: -1),
            AudioOps = new AudioOpsParams { Noise = new NoiseParams(30, 10) },
        };
        var problems = p.Problems();
        Assert.True(p.AugmentsAnything);
        Assert.Contains(problems, m => m.StartsWith("mixup[1]: minval/maxval"));
        Assert.DoesNotContain(problems, m => m.StartsWith("mixup[0]"));
        Assert.Contains(problems, m => m.StartsWith("augmix[0]: aug_functions"));
        Assert.Contains(problems, m => m.StartsWith("augmix[0]: width"));
        Assert.Contains(problems, m => m.StartsWith("specaugment: mask counts"));
        Assert.Contains(problems, m => m.StartsWith("audio_ops: noise: noise SNR"));
    }

    [Fact]
    public void CountsAddUpPerKind()
    {
        var counts = AugmentationCounts.Empty.Add(AugmentationCounts.Original, 10).Add(Mixup.Kind, 3).Add(Mixup.Kind);
        var more = AugmentationCounts.Empty.Add(AugmentationCounts.Oversampled, 2).Add(Mixup.Kind, 1);
        var total = counts.Plus(more);
        Assert.Equal(5, total[Mixup.Kind]);
        Assert.Equal(0, total[CutMix.Kind]);
        Assert.Equal(17, total.Total);
        Assert.Equal(7, total.Added);
        Assert.Equal("mixup: 5, original: 10, oversampled: 2", total.ToString());
    }
}

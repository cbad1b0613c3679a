using DataflowLung.Pipeline.Augment;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Augment;

public class AudioAugMixTests
{
    const int Rate = 8000;

    /// <summary>A stand-in feature function that is not linear, so the mixing formula is visible.</summary>
    static float[] Squares(float[] x) => x.Select(v => v * v).ToArray();

    [Property(MaxTest = 10)]
    public Property BlendFactorZeroGivesTheOriginalFeatures() =>
        Prop.ForAll(Signals.Seeds, seed =>
        {
            var x = Signals.Noise(1000, seed);
            var p = new AugMixParams { MinVal = 0, MaxVal = 0, AugFunctions = Seq(AudioOpKind.Gain, AudioOpKind.Noise) };
            Assert.Equal(Squares(x), AudioAugMix.Apply(x, Rate, p, Squares, seed));
        });

    [Property(MaxTest = 20)]
    public Property MixIsOneMinusMTimesOriginalPlusMTimesWeightedChains() =>
        Prop.ForAll(Signals.Seeds, Gen.Choose(0, 100).Select(v => v / 100.0).ToArbitrary(), (seed, m) =>
        {
            // Every chain is gain 2 twice (fixed), so each chain's features are 16·x² whatever the Dirichlet
            // weights (they sum to 1): out = (1 − m)·x² + m·16·x².
            var x = Signals.Noise(500, seed);
            var p = new AugMixParams
            {
                MinVal = m, MaxVal = m,
                AugFunctions = Seq(AudioOpKind.Gain, AudioOpKind.Gain),
                Ops = new AudioOpsParams { Gain = new GainParams(2, 2) },
            };
            var y = AudioAugMix.Apply(x, Rate, p, Squares, seed);
            for (int i = 0; i < x.Length; i++) Assert.Equal((1 - m) * x[i] * x[i] + m * 16 * x[i] * x[i], y[i], 1e-4);
        });

    [Fact]
    public void EveryChainAppliesEveryFunction()
    {
        // time_shift (by 0) then gain 2: each chain is 2·x; with melDb = identity and m = 1 the output is
        // Σ wᵢ·2·x = 2·x exactly when every op ran and the weights sum to one.
        var x = Signals.Noise(800, 4);
        var p = new AugMixParams
        {
            MinVal = 1, MaxVal = 1,
            AugFunctions = Seq(AudioOpKind.TimeShift, AudioOpKind.Gain),
            Ops = new AudioOpsParams { Gain = new GainParams(2, 2), TimeShift = new TimeShiftParams(0) },
        };
        var y = AudioAugMix.Apply(x, Rate, p, v => v, 77);
        for (int i = 0; i < x.Length; i++) Assert.Equal(2 * x[i], y[i], 1e-5f);
    }

    [Property(MaxTest = 10)]
    public Property SameSeedSameOutputDifferentSeedDifferentOutput() =>
        Prop.ForAll(Signals.Seeds, seed =>
        {
            var x = Signals.Noise(1200, 1);
            var p = new AugMixParams { AugFunctions = Seq(AudioOpKind.Noise, AudioOpKind.Gain, AudioOpKind.TimeShift) };
            Assert.Equal(AudioAugMix.Apply(x, Rate, p, Squares, seed), AudioAugMix.Apply(x, Rate, p, Squares, seed));
            Assert.NotEqual(AudioAugMix.Apply(x, Rate, p, Squares, seed), AudioAugMix.Apply(x, Rate, p, Squares, seed + 1));
        });

    [Fact]
    public void DefaultChainOfPitchAndStretchRuns()
    {
        var x = Signals.Sine(400, Rate, Rate);
        var y = AudioAugMix.Apply(x, Rate, new AugMixParams(), Squares, 3);
        Assert.Equal(x.Length, y.Length);
        Assert.All(y, v => Assert.True(float.IsFinite(v)));
    }

    [Property(MaxTest = 50)]
    public Property SelectionTakesQuantityOfTheLabelledClass() =>
        Prop.ForAll(Gen.Choose(0, 60).ToArbitrary(), Gen.Choose(-1, 1).ToArbitrary(), Signals.Seeds, (n, label, seed) =>
        {
            var pool = Enumerable.Range(0, n).Select(i => (Index: 100 + i, Label: (float)(i % 3 == 0 ? 1 : 0))).ToList();
            var p = new AugMixParams { Quantity = 0.4, Label = label };
            var chosen = AudioAugMix.PlanSelection(pool, p, seed);
            var eligible = pool.Where(e => label == -1 || (int)e.Label == label).Select(e => e.Index).ToList();
            Assert.Equal((int)(eligible.Count * 0.4), chosen.Count);
            Assert.All(chosen, i => Assert.Contains(i, eligible));
            Assert.Equal(chosen.Count, chosen.Distinct().Count()); // quantity ≤ 1: no repeats
        });

    [Fact]
    public void AugFunctionNamesAreTheOriginals()
    {
        Assert.Equal(AudioOpKind.ShiftPitch, AudioOpNames.Parse("shift_pitch").ThrowIfFail());
        Assert.Equal(AudioOpKind.StretchTime, AudioOpNames.Parse(" Stretch_Time ").ThrowIfFail());
        Assert.All(Enum.GetValues<AudioOpKind>(), op => Assert.Equal(op, AudioOpNames.Parse(op.Name()).ThrowIfFail()));
        var bad = AudioOpNames.Parse("reverb");
        Assert.True(bad.IsFail);
        Assert.Contains("reverb", bad.Match(_ => "", e => e.Message));
    }
}

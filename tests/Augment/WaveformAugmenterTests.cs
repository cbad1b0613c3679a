using DataflowLung.Pipeline.Augment;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DataflowLung.Tests.Augment;

public class WaveformAugmenterTests
{
    static Arbitrary<float[]> Audio => Gen.Choose(1, 2000).Select(n => Signals.Noise(n, n * 31L)).ToArbitrary();

    [Property(MaxTest = 50)]
    public Property IdentityParametersGiveTheInputBack() =>
        Prop.ForAll(Audio, Signals.Seeds, (x, seed) =>
        {
            Assert.Equal(x, Gain.Apply(x, 1, 1, seed));
            Assert.Equal(x, TimeShift.Roll(x, 0, seed));
            Assert.Equal(x, TimeShift.Shift(x, 0, seed));
            Assert.Equal(x, Noise.AddAtSnr(x, double.PositiveInfinity, seed));
        });

    [Property(MaxTest = 30)]
    public Property NoiseReachesTheTargetSnr() =>
        Prop.ForAll(Gen.Choose(0, 40).ToArbitrary(), Signals.Seeds, (snr, seed) =>
        {
            var x = Signals.Sine(300, 8000, 16000);
            var y = Noise.AddAtSnr(x, snr, seed);
            var noise = y.Zip(x, (a, b) => a - b).ToArray();
            double measured = 10 * Math.Log10(Signals.Power(x) / Signals.Power(noise));
            Assert.InRange(measured, snr - 0.2, snr + 0.2);
        });

    [Fact]
    public void SilenceStaysSilentUnderNoise() => Assert.Equal(new float[100], Noise.AddAtSnr(new float[100], 10, 1));

    [Property(MaxTest = 50)]
    public Property GainScalesByOneFactorWithinBounds() =>
        Prop.ForAll(Audio, Signals.Seeds, (x, seed) =>
        {
            var y = Gain.Apply(x, 0.5, 2.0, seed);
            int i = Array.FindIndex(x, v => Math.Abs(v) > 1e-3f);
            if (i < 0) return;
            float gain = y[i] / x[i];
            Assert.InRange(gain, 0.5f - 1e-5f, 2.0f + 1e-5f);
            for (int k = 0; k < x.Length; k++) Assert.Equal(x[k] * gain, y[k], 1e-4f);
        });

    [Property(MaxTest = 50)]
    public Property RollIsACircularShiftAndShiftFillsWithSilence() =>
        Prop.ForAll(Audio, Signals.Seeds, (x, seed) =>
        {
            int max = x.Length / 2, shift = TimeShift.DrawShift(max, seed);
            Assert.InRange(shift, -max, max);
            var rolled = TimeShift.Roll(x, max, seed);
            var shifted = TimeShift.Shift(x, max, seed);
            for (int i = 0; i < x.Length; i++)
            {
                Assert.Equal(x[i], rolled[((i + shift) % x.Length + x.Length) % x.Length]);
                int source = i - shift;
                Assert.Equal(source >= 0 && source < x.Length ? x[source] : 0f, shifted[i]);
            }
        });

    [Property(MaxTest = 50)]
    public Property SameSeedSameOutputDifferentSeedDifferentOutput() =>
        Prop.ForAll(Gen.Choose(400, 2000).Select(n => Signals.Noise(n, n)).ToArbitrary(), Signals.Seeds, (x, seed) =>
        {
            var ops = new AudioOpsParams();
            Assert.Equal(Noise.Augment(x, ops.Noise, seed), Noise.Augment(x, ops.Noise, seed));
            Assert.NotEqual(Noise.Augment(x, ops.Noise, seed), Noise.Augment(x, ops.Noise, seed + 1));
            Assert.Equal(Gain.Augment(x, ops.Gain, seed), Gain.Augment(x, ops.Gain, seed));
            Assert.NotEqual(Gain.Augment(x, ops.Gain, seed), Gain.Augment(x, ops.Gain, seed + 1));
            Assert.Equal(TimeShift.Augment(x, ops.TimeShift, seed), TimeShift.Augment(x, ops.TimeShift, seed));
            // Two different seeds may draw the same shift (1 in 2·max+1): compare over a few seeds instead.
            Assert.Contains(Enumerable.Range(1, 4), k => !TimeShift.Augment(x, ops.TimeShift, seed + k).SequenceEqual(TimeShift.Augment(x, ops.TimeShift, seed)));
        });
}

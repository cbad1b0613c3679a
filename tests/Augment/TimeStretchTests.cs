using DataflowLung.Pipeline.Augment;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DataflowLung.Tests.Augment;

public class TimeStretchTests
{
    const int Rate = 8000;

    static Arbitrary<double> StretchRates => Gen.Choose(800, 1250).Select(r => r / 1000.0).ToArbitrary();

    [Property(MaxTest = 8)]
    public Property RateOneGivesTheInputBack() =>
        Prop.ForAll(Gen.Choose(300, 16000).ToArbitrary(), length =>
        {
            var x = Signals.Noise(length, length);
            var y = TimeStretch.Apply(x, 1.0);
            Assert.Equal(x.Length, y.Length);
            Assert.True(Signals.MaxAbsDifference(x, y) < 1e-4, $"max difference {Signals.MaxAbsDifference(x, y)}");
        });

    [Property(MaxTest = 6)]
    public Property StretchChangesDurationByOneOverRate() =>
        Prop.ForAll(StretchRates, rate =>
        {
            // A 1 s tone then 1 s of silence: the tone must end near 1/rate seconds.
            var x = new float[2 * Rate];
            Signals.Sine(440, Rate, Rate).CopyTo(x, 0);
            var y = TimeStretch.Apply(x, rate, nFft: 512, hop: 128, keepLength: false);
            Assert.Equal((int)Math.Round(x.Length / rate, MidpointRounding.ToEven), y.Length);

            double end = ToneEnd(y);
            double expected = Rate / rate;
            Assert.True(Math.Abs(end - expected) < 256, $"rate {rate}: tone ends at {end}, expected {expected}");
        });

    [Property(MaxTest = 6)]
    public Property StretchKeepsPitchAndRestoresLength() =>
        Prop.ForAll(StretchRates, Gen.Choose(150, 1500).ToArbitrary(), (rate, frequency) =>
        {
            var x = Signals.Sine(frequency, Rate, 2 * Rate);
            var y = TimeStretch.Apply(x, rate);
            Assert.Equal(x.Length, y.Length);
            double before = Signals.DominantFrequency(x, 4000, 2048, Rate);
            double after = Signals.DominantFrequency(y, 4000, 2048, Rate);
            Assert.True(Math.Abs(before - after) <= Rate / 2048.0 + 1e-9, $"rate {rate}: {before} Hz became {after} Hz");
        });

    [Property(MaxTest = 20)]
    public bool SameSeedSameRateDifferentSeedDifferentRate(long seed) =>
        TimeStretch.DrawRate(new TimeStretchParams(), seed) == TimeStretch.DrawRate(new TimeStretchParams(), seed)
        && TimeStretch.DrawRate(new TimeStretchParams(), seed) != TimeStretch.DrawRate(new TimeStretchParams(), seed + 1)
        && TimeStretch.DrawRate(new TimeStretchParams(), seed) is >= 0.6 and < 1.2;

    [Fact]
    public void AugmentIsReplayableFromItsSeed()
    {
        var x = Signals.Noise(4000, 3);
        var p = new TimeStretchParams(NFft: 512, HopLength: 128);
        Assert.Equal(TimeStretch.Augment(x, p, 11), TimeStretch.Augment(x, p, 11));
        Assert.NotEqual(TimeStretch.Augment(x, p, 11), TimeStretch.Augment(x, p, 12));
    }

    [Fact]
    public void BadParametersAreNamed()
    {
        Assert.Contains(new TimeStretchParams(MinRate: 0).Problems(), m => m.Contains("stretch rates"));
        Assert.Contains(new TimeStretchParams(NFft: 1000).Problems(), m => m.Contains("n_fft"));
        Assert.Empty(new TimeStretchParams().Problems());
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeStretch.Apply([1f], 0));
    }

    /// <summary>Last sample where a 256-sample moving RMS is above half the tone's RMS.</summary>
    static double ToneEnd(float[] y)
    {
        const int w = 256;
        double threshold = 0.5 * 0.5 / Math.Sqrt(2);
        double sum = 0;
        int last = 0;
        for (int i = 0; i < y.Length; i++)
        {
            sum += (double)y[i] * y[i];
            if (i >= w) sum -= (double)y[i - w] * y[i - w];
            if (i >= w && Math.Sqrt(sum / w) > threshold) last = i - w / 2;
        }
        return last;
    }
}

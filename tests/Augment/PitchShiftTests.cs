using DataflowLung.Pipeline.Augment;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DataflowLung.Tests.Augment;

public class PitchShiftTests
{
    const int Rate = 8000;

    [Property(MaxTest = 8)]
    public Property ShiftByNSemitonesMovesAToneByTwoToTheNOverTwelve() =>
        Prop.ForAll(Gen.Choose(-40, 40).Select(t => t / 10.0).ToArbitrary(), Gen.Choose(200, 1000).ToArbitrary(), (semitones, frequency) =>
        {
            var x = Signals.Sine(frequency, Rate, 2 * Rate);
            var y = PitchShift.Apply(x, Rate, semitones);
            Assert.Equal(x.Length, y.Length);
            double expected = frequency * Math.Pow(2, semitones / 12.0);
            double measured = Signals.DominantFrequency(y, 6000, 2048, Rate);
            Assert.True(Math.Abs(measured - expected) <= Rate / 2048.0, $"{semitones} st: {frequency} Hz → {measured} Hz, expected {expected}");
            // The applied ratio is the integer-rate approximation of 2^(n/12).
            Assert.InRange(PitchShift.Ratio(Rate, semitones), Math.Pow(2, semitones / 12.0) - 0.5 / Rate, Math.Pow(2, semitones / 12.0) + 0.5 / Rate);
        });

    [Fact]
    public void ZeroSemitonesGivesTheInputBack()
    {
        var x = Signals.Noise(6000, 5);
        Assert.True(Signals.MaxAbsDifference(x, PitchShift.Apply(x, Rate, 0)) < 1e-4);
    }

    [Fact]
    public void ShiftKeepsDurationOfAToneBurst()
    {
        // A 0.5 s tone in 1.5 s: after a +3 semitone shift the energy still sits in the first third.
        var x = new float[3 * Rate / 2];
        Signals.Sine(500, Rate, Rate / 2).CopyTo(x, 0);
        var y = PitchShift.Apply(x, Rate, 3);
        double early = Signals.Power(y[..(Rate / 2)]), late = Signals.Power(y[(Rate * 3 / 4)..]);
        Assert.True(early > 100 * late, $"energy before 0.5 s {early}, after 0.75 s {late}");
        Assert.InRange(early, 0.5 * Signals.Power(x[..(Rate / 2)]), 1.5 * Signals.Power(x[..(Rate / 2)]));
    }

    [Fact]
    public void AugmentIsReplayableFromItsSeed()
    {
        var x = Signals.Noise(4000, 9);
        var p = new PitchShiftParams(NFft: 512, HopLength: 128);
        Assert.Equal(PitchShift.Augment(x, Rate, p, 21), PitchShift.Augment(x, Rate, p, 21));
        Assert.NotEqual(PitchShift.Augment(x, Rate, p, 21), PitchShift.Augment(x, Rate, p, 22));
        Assert.InRange(PitchShift.DrawSemitones(p, 21), -3, 3);
    }
}

using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using FsCheck.Fluent;

namespace DataflowLung.Tests.Audio;

public class ResamplerPropertyTests
{
    // Rates the lung-sound datasets use, a pitch-shift style pair, and a coprime pair whose phase count
    // is too large for an exact table (exercises the interpolated filter grid).
    static readonly int[] DatasetRates = [4000, 8000, 10000, 22050, 44100, 48000];
    static readonly (int From, int To)[] RatePairs =
        DatasetRates.SelectMany(a => DatasetRates.Where(b => b != a).Select(b => (a, b)))
            .Concat([(8000, 8476), (8476, 8000), (44100, 8001), (8001, 44100)]).ToArray();

    const double SignalSeconds = 0.5;
    const double EdgeSeconds = 0.03; // longer than any Default filter half-length (≈ 17 ms); samples there see zero padding

    [Fact]
    public void Output_length_is_rounded_ratio()
    {
        var gen = from n in Gen.Choose(0, 3000)
                  from from_ in Gen.Choose(1, 60000)
                  from to in Gen.Choose(1, 60000)
                  select (n, from_, to);
        SeededProperty.Check(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            long expected = (long)Math.Floor((decimal)c.n * c.to / c.from_ + 0.5m);
            return Resampler.OutputLength(c.n, c.from_, c.to) == expected;
        }), 500, 11);
    }

    [Fact]
    public void Output_length_holds_for_actual_output()
    {
        var gen = from n in Gen.Choose(0, 2000) from pair in Gen.Elements(RatePairs) select (n, pair);
        SeededProperty.Check(Prop.ForAll(gen.ToArbitrary(), c =>
            Resampler.Resample(new float[c.n], c.pair.From, c.pair.To).Length == (long)Math.Floor((decimal)c.n * c.pair.To / c.pair.From + 0.5m)), 60, 12);
    }

    [Fact]
    public void Equal_rates_are_the_identity()
    {
        var gen = from xs in Gen.ArrayOf(Gen.Choose(-1000, 1000).Select(v => v / 1000f)) from rate in Gen.Elements(DatasetRates) select (xs, rate);
        SeededProperty.Check(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var y = Resampler.Resample(c.xs, c.rate, c.rate);
            var signal = new Signal(c.xs, c.rate);
            return y.AsSpan().SequenceEqual(c.xs) && !ReferenceEquals(y, c.xs) && ReferenceEquals(Resampler.Resample(signal, c.rate), signal);
        }), 100, 13);
    }

    [Fact]
    public void Dc_is_preserved_away_from_the_edges()
    {
        var gen = from pair in Gen.Elements(RatePairs) from level in Gen.Choose(-1000, 1000) select (pair, level: level / 1000f);
        SeededProperty.Check(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var x = Enumerable.Repeat(c.level, (int)(SignalSeconds * c.pair.From)).ToArray();
            var y = Interior(Resampler.Resample(x, c.pair.From, c.pair.To), c.pair.To);
            return y.All(v => Math.Abs(v - c.level) <= 1e-5);
        }), 40, 14);
    }

    public static TheoryData<string> Presets => new() { nameof(ResamplerQuality.Default), nameof(ResamplerQuality.Fast) };

    static (ResamplerQuality Quality, double PassEdge, double PassDb) Preset(string name) => name switch
    {
        nameof(ResamplerQuality.Default) => (ResamplerQuality.Default, 0.9, 0.1),
        _ => (ResamplerQuality.Fast, 0.7, 0.05),
    };

    /// <summary>A sine in the pass band comes out at the same frequency and amplitude (0.1 dB for Default):
    /// the least-squares fit of a sine at the input frequency has that amplitude and leaves a residual
    /// (aliases, images, frequency error) at least 60 dB below it.</summary>
    [Theory]
    [MemberData(nameof(Presets))]
    public void Pass_band_sine_keeps_frequency_and_amplitude(string preset)
    {
        var (quality, passEdge, passDb) = Preset(preset);
        var gen = from pair in Gen.Elements(RatePairs)
                  from fraction in Gen.Choose(10, 1000).Select(v => v / 1000.0 * passEdge)
                  from amplitude in Gen.Choose(100, 1000).Select(v => v / 1000.0)
                  from phase in Gen.Choose(0, 628).Select(v => v / 100.0)
                  select (pair, fraction, amplitude, phase);
        SeededProperty.Check(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            double freq = c.fraction * Math.Min(c.pair.From, c.pair.To) / 2.0;
            var x = Sine(c.pair.From, freq, c.amplitude, c.phase);
            var y = Resampler.Resample(x, c.pair.From, c.pair.To, quality);
            var (amplitude, residualRms) = FitSine(y, c.pair.To, freq);
            double gainDb = 20 * Math.Log10(amplitude / c.amplitude);
            double residualDb = 20 * Math.Log10(residualRms * Math.Sqrt(2) / c.amplitude);
            return Math.Abs(gainDb) <= passDb && residualDb <= -60;
        }), 40, 15);
    }

    /// <summary>Content between the new Nyquist and the old one is attenuated by at least 60 dB.</summary>
    [Theory]
    [MemberData(nameof(Presets))]
    public void Content_above_the_new_nyquist_is_removed(string preset)
    {
        var (quality, _, _) = Preset(preset);
        var downPairs = RatePairs.Where(p => p.To < p.From).ToArray();
        var gen = from pair in Gen.Elements(downPairs)
                  from position in Gen.Choose(0, 1000).Select(v => v / 1000.0)
                  from phase in Gen.Choose(0, 628).Select(v => v / 100.0)
                  select (pair, position, phase);
        SeededProperty.Check(Prop.ForAll(gen.ToArbitrary(), c =>
        {
            double newNyquist = c.pair.To / 2.0, oldNyquist = c.pair.From / 2.0;
            double freq = newNyquist + c.position * (0.98 * oldNyquist - newNyquist);
            var x = Sine(c.pair.From, freq, 1.0, c.phase);
            var y = Interior(Resampler.Resample(x, c.pair.From, c.pair.To, quality), c.pair.To);
            double rms = Math.Sqrt(y.Sum(v => (double)v * v) / y.Length);
            return 20 * Math.Log10(rms * Math.Sqrt(2)) <= -60;
        }), 40, 16);
    }

    [Fact]
    public void Invalid_arguments_are_bugs()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample(new float[4], 0, 8000));
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample(new float[4], 8000, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample(new float[4], 8000, 4000, new ResamplerQuality(0, 5, 0.9)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample(new float[4], 8000, 4000, new ResamplerQuality(8, 5, 1.5)));
    }

    internal static float[] Sine(int rate, double freq, double amplitude, double phase)
    {
        var x = new float[(int)(SignalSeconds * rate)];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * freq * i / rate + phase));
        return x;
    }

    internal static float[] Interior(float[] y, int rate)
    {
        int edge = (int)Math.Ceiling(EdgeSeconds * rate);
        return y[edge..^edge];
    }

    /// <summary>Least-squares fit of a·sin + b·cos at <paramref name="freq"/> over the interior;
    /// returns the fitted amplitude and the RMS of what the fit leaves.</summary>
    internal static (double Amplitude, double ResidualRms) FitSine(float[] y, int rate, double freq)
    {
        int edge = (int)Math.Ceiling(EdgeSeconds * rate);
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (int k = edge; k < y.Length - edge; k++)
        {
            double w = 2 * Math.PI * freq * k / rate, s = Math.Sin(w), c = Math.Cos(w);
            ss += s * s; cc += c * c; sc += s * c; ys += y[k] * s; yc += y[k] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det, b = (yc * ss - ys * sc) / det;
        double residual = 0;
        int count = 0;
        for (int k = edge; k < y.Length - edge; k++, count++)
        {
            double w = 2 * Math.PI * freq * k / rate;
            double r = y[k] - (a * Math.Sin(w) + b * Math.Cos(w));
            residual += r * r;
        }
        return (Math.Sqrt(a * a + b * b), Math.Sqrt(residual / count));
    }
}

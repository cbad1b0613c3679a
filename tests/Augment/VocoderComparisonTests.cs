using DataflowLung.Pipeline.Augment;
using NWaves.Effects;
using NWaves.Operations.Tsm;
using NWaves.Signals;
using Xunit.Abstractions;
using static DataflowLung.Tests.Audio.ResamplerPropertyTests;

namespace DataflowLung.Tests.Augment;

/// <summary>The project's phase vocoder (time stretch, and pitch shift = stretch + resample, librosa's recipe)
/// against NWaves 0.9.6 (PhaseVocoder, PitchShiftVocoderEffect) on sines at 8 kHz: does the tone come out at the
/// right frequency and level, how much else comes out, and is the length right. docs/audio.md has the table.</summary>
public sealed class VocoderComparisonTests(ITestOutputHelper output)
{
    const int Rate = 8000, NFft = 2048, Hop = 512;

    static (double GainDb, double ResidualDb) Tone(float[] y, double freq, double amplitude)
    {
        // Sine(…) signals are 0.5 s; use a longer one and fit over the middle.
        var (a, r) = FitSine(y, Rate, freq);
        return (20 * Math.Log10(a / amplitude), 20 * Math.Log10(r * Math.Sqrt(2) / amplitude));
    }

    static float[] LongSine(double freq, double seconds) =>
        Enumerable.Range(0, (int)(seconds * Rate)).Select(n => (float)(0.5 * Math.Sin(2 * Math.PI * freq * n / Rate))).ToArray();

    [Fact]
    public void Pitch_shift_and_time_stretch_against_nwaves()
    {
        var rows = new List<string>();
        double oursWorstResidual = double.NegativeInfinity, theirsWorstResidual = double.NegativeInfinity;
        foreach (double semitones in new[] { -2.0, 2.0 })
            foreach (double freq in new[] { 200.0, 600.0, 1500.0 })
            {
                var x = LongSine(freq, 2.0);
                double ratio = PitchShift.Ratio(Rate, semitones), target = freq * ratio;
                var ours = PitchShift.Apply(x, Rate, semitones, NFft, Hop);
                var theirs = new PitchShiftVocoderEffect(Rate, ratio, NFft, Hop).ApplyTo(new DiscreteSignal(Rate, x)).Samples;
                var (og, or) = Tone(Mid(ours), target, 0.5);
                var (tg, tr) = Tone(Mid(theirs), target, 0.5);
                oursWorstResidual = Math.Max(oursWorstResidual, or);
                theirsWorstResidual = Math.Max(theirsWorstResidual, tr);
                rows.Add($"| pitch {semitones:+0;-0} st, {freq:0} Hz | {og:0.00} dB / {or:0.0} dB / {ours.Length} | {tg:0.00} dB / {tr:0.0} dB / {theirs.Length} |");
            }
        foreach (double rate in new[] { 0.8, 1.25 })
        {
            var x = LongSine(600, 2.0);
            var ours = TimeStretch.Apply(x, rate, NFft, Hop, keepLength: false);
            var theirs = new PhaseVocoder(1 / rate, Hop, NFft).ApplyTo(new DiscreteSignal(Rate, x)).Samples;
            var (og, or) = Tone(Mid(ours), 600, 0.5);
            var (tg, tr) = Tone(Mid(theirs), 600, 0.5);
            rows.Add($"| stretch ×{rate}, 600 Hz (expected length {(int)Math.Round(x.Length / rate)}) | {og:0.00} dB / {or:0.0} dB / {ours.Length} | {tg:0.00} dB / {tr:0.0} dB / {theirs.Length} |");
        }
        output.WriteLine("| case | project: gain / residual / length | NWaves: gain / residual / length |");
        foreach (var row in rows) output.WriteLine(row);
        // Keeping ours is only right while it is at least as clean as NWaves.
        Assert.True(oursWorstResidual <= theirsWorstResidual + 1, $"NWaves is cleaner: {theirsWorstResidual:0.0} dB vs ours {oursWorstResidual:0.0} dB");
    }

    /// <summary>The middle second (the vocoders' start-up and tail are not what is compared).</summary>
    static float[] Mid(float[] y) => y.Length > 2 * Rate ? y[(Rate / 2)..(Rate / 2 + Rate)] : y[(y.Length / 4)..(3 * y.Length / 4)];
}

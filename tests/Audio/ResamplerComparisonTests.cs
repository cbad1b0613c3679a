using DataflowLung.Pipeline.Audio;
using Xunit.Abstractions;
using static DataflowLung.Tests.Audio.ResamplerPropertyTests;

namespace DataflowLung.Tests.Audio;

/// <summary>The project's polyphase resampler against NAudio's WdlResampler (both modes) on the quality measures
/// the property tests phrase: pass-band gain and residual of sines, stop-band level of tones above the new Nyquist,
/// and what a sweep across the whole old band leaves (aliases) in the new one. The table goes to docs/audio.md;
/// the test keeps the decision honest: the default must be at least as good as WDL on every measure.</summary>
public sealed class ResamplerComparisonTests(ITestOutputHelper output)
{
    public sealed record Quality(double PassGainDb, double PassResidualDb, double StopDb, double SweepAliasDb);

    static readonly (string Name, Func<float[], int, int, float[]> Run)[] Resamplers =
    [
        ("project polyphase (Default)", (x, from, to) => Resampler.Resample(x, from, to)),
        ("project polyphase (Fast)", (x, from, to) => Resampler.Resample(x, from, to, ResamplerQuality.Fast)),
        ("NAudio WDL linear+IIR", (x, from, to) => WdlResampling.Resample(x, from, to, WdlResampling.Mode.Linear)),
        ("NAudio WDL sinc 64", (x, from, to) => WdlResampling.Resample(x, from, to, WdlResampling.Mode.Sinc)),
    ];

    static Quality Measure(Func<float[], int, int, float[]> run, int from, int to)
    {
        double lowNyquist = Math.Min(from, to) / 2.0;
        double worstGain = 0, worstResidual = double.NegativeInfinity;
        for (int i = 1; i <= 18; i++)
        {
            double freq = i / 20.0 * lowNyquist; // 0.05 … 0.9 of the lower Nyquist
            var y = run(Sine(from, freq, 0.5, 0.3), from, to);
            var (amplitude, residual) = FitSine(y, to, freq);
            worstGain = Math.Max(worstGain, Math.Abs(20 * Math.Log10(amplitude / 0.5)));
            worstResidual = Math.Max(worstResidual, 20 * Math.Log10(residual * Math.Sqrt(2) / 0.5));
        }
        double stop = double.NaN, sweep = double.NaN;
        if (to < from)
        {
            stop = double.NegativeInfinity;
            for (int i = 0; i <= 20; i++)
            {
                double freq = to / 2.0 + i / 20.0 * (0.98 * from / 2.0 - to / 2.0);
                var y = Interior(run(Sine(from, freq, 1.0, 0.1), from, to), to);
                stop = Math.Max(stop, Db(Rms(y) * Math.Sqrt(2)));
            }
            sweep = SweepAlias(run, from, to);
        }
        return new Quality(worstGain, worstResidual, stop, sweep);
    }

    /// <summary>A linear sweep from the new Nyquist to 0.98 × the old one (unit amplitude): everything that comes
    /// out is alias (a perfect resampler outputs silence), as dB re full scale, over the interior.</summary>
    static double SweepAlias(Func<float[], int, int, float[]> run, int from, int to)
    {
        double f0 = to / 2.0, f1 = 0.98 * from / 2.0, seconds = 2.0;
        var x = new float[(int)(seconds * from)];
        for (int n = 0; n < x.Length; n++)
        {
            double t = (double)n / from;
            x[n] = (float)Math.Sin(2 * Math.PI * (f0 * t + (f1 - f0) * t * t / (2 * seconds)));
        }
        return Db(Rms(Interior(run(x, from, to), to)) * Math.Sqrt(2));
    }

    static double Rms(float[] y) => Math.Sqrt(y.Sum(v => (double)v * v) / y.Length);

    static double Db(double v) => 20 * Math.Log10(Math.Max(v, 1e-12));

    [Theory]
    [InlineData(44100, 8000)]
    [InlineData(4000, 8000)]
    public void The_default_resampler_is_at_least_as_good_as_NAudios_wdl(int from, int to)
    {
        var results = Resamplers.Select(r => (r.Name, Q: Measure(r.Run, from, to))).ToArray();
        output.WriteLine($"| {from} → {to} Hz | pass-band gain error (dB, ≤ 0.9·Nyquist) | pass-band residual (dB) | stop band (dB) | sweep alias (dB) |");
        foreach (var (name, q) in results)
            output.WriteLine($"| {name} | {q.PassGainDb:0.0000} | {q.PassResidualDb:0.0} | {q.StopDb:0.0} | {q.SweepAliasDb:0.0} |");

        var ours = results[0].Q;
        Assert.True(ours.PassGainDb <= 0.1 && ours.PassResidualDb <= -60, $"{ours}");
        if (to < from) Assert.True(ours.StopDb <= -60 && ours.SweepAliasDb <= -60, $"{ours}");
        foreach (var (name, q) in results.Skip(2))
        {
            Assert.True(ours.PassGainDb <= q.PassGainDb + 1e-3, $"{name} has a flatter pass band: {q}");
            Assert.True(ours.PassResidualDb <= q.PassResidualDb + 1, $"{name} leaves less residual: {q}");
            if (to < from) Assert.True(ours.StopDb <= q.StopDb + 1 && ours.SweepAliasDb <= q.SweepAliasDb + 1, $"{name} attenuates more: {q}");
        }
    }
}

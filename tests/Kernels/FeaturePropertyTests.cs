using DataflowLung.Kernels;
using DataflowLung.Tests.Kernels.Support;
using FsCheck;
using FsCheck.Xunit;

namespace DataflowLung.Tests.Kernels;

/// <summary>Properties of whole feature computations (CPU backend, checked against the reference where a
/// number is involved).</summary>
public class FeaturePropertyTests
{
    [Property(MaxTest = 25)]
    public bool Pure_tone_peaks_in_a_mel_band_that_contains_it(PositiveInt hzSeed, bool slaney)
    {
        var p = FeatureParams.Default with { Log = LogMode.None, MelScale = slaney ? MelScale.Slaney : MelScale.Htk };
        double hz = 60 + hzSeed.Get % 3880;
        const int clipSamples = 4096;
        var output = Backends.Run(FeatureBackendKind.Cpu, p, Signals.Tone(hz, p.SampleRate, clipSamples), clipSamples);
        int frames = p.Frames(clipSamples), middle = frames / 2;
        int best = Enumerable.Range(0, p.NMels).MaxBy(m => output[m * frames + middle]);
        var filter = MelFilterbank.Create(p).Filters[best];
        double binHz = (double)p.SampleRate / p.NFft;
        double lowHz = (filter.FirstBin - 1) * binHz, highHz = (filter.FirstBin + filter.Count) * binHz; // the triangle's zero ends
        return lowHz <= hz && hz <= highHz;
    }

    [Theory]
    [InlineData(FeatureBackendKind.Reference)]
    [InlineData(FeatureBackendKind.Cpu)]
    [InlineData(FeatureBackendKind.Ilgpu)]
    public void Silence_gives_log_epsilon_everywhere(FeatureBackendKind kind)
    {
        var p = FeatureParams.Default;
        var output = Backends.Run(kind, p, new float[2 * 3000], 3000);
        float expected = MathF.Log((float)p.LogEpsilon);
        Assert.All(output, v => Assert.Equal(expected, v, 4));
    }

    [Property(MaxTest = 15)]
    public bool Any_clip_length_gives_the_documented_shape_and_the_reference_values(PositiveInt lengthSeed, int seed, bool center)
    {
        var p = FeatureParams.Default with { NFft = 256, HopLength = 64, NMels = 40, Center = center };
        int length = (center ? 1 : p.NFft) + lengthSeed.Get % 3000;
        var clips = Signals.Concat(Signals.Random(seed, length), Signals.Random(seed + 1, length));
        using var cpu = FeatureBackends.Create(FeatureBackendKind.Cpu, p, length);
        int expectedFrames = center ? 1 + length / p.HopLength : 1 + (length - p.NFft) / p.HopLength;
        var actual = Backends.Run(cpu, clips);
        var reference = Backends.Run(FeatureBackendKind.Reference, p, clips, length);
        return cpu.Frames == expectedFrames && actual.Length == 2 * p.NMels * expectedFrames
            && Closeness.WorstLogMelExcess(actual, reference, p.NMels * expectedFrames, p.LogEpsilon, 1e-4) <= 1.0;
    }

    [Property(MaxTest = 20)]
    public bool Scaling_the_signal_by_a_scales_mel_power_by_a_squared(int seed, PositiveInt scaleSeed)
    {
        float a = 0.05f + scaleSeed.Get % 100 / 10f;
        var p = FeatureParams.Default with { Log = LogMode.None };
        const int clipSamples = 2000;
        var x = Signals.Random(seed, clipSamples);
        var mel = Backends.Run(FeatureBackendKind.Cpu, p, x, clipSamples);
        var scaled = Backends.Run(FeatureBackendKind.Cpu, p, x.Select(v => a * v).ToArray(), clipSamples);
        double max = mel.Max();
        return mel.Zip(scaled).All(t => Math.Abs(t.Item2 - a * a * t.Item1) <= 1e-5 * a * a * max);
    }

    [Property(MaxTest = 15)]
    public bool Kaldi_features_ignore_a_constant_offset_and_count_frames_by_window_length(int seed, PositiveInt lengthSeed, NormalFloat offset)
    {
        var p = FeatureParams.Kaldi with { Log = LogMode.None };
        int length = p.EffectiveWinLength + lengthSeed.Get % 2000;
        float c = (float)Math.Clamp(offset.Get, -2.0, 2.0);
        var x = Signals.Random(seed, length, 0.5f);
        using var cpu = FeatureBackends.Create(FeatureBackendKind.Cpu, p, length);
        var plain = Backends.Run(cpu, x);
        var shifted = Backends.Run(cpu, x.Select(v => v + c).ToArray());
        double max = plain.Max();
        // Each frame's mean is removed before anything else, so a DC offset disappears (up to float32 rounding of x + c).
        return cpu.Frames == 1 + (length - p.EffectiveWinLength) / p.HopLength
            && plain.Zip(shifted).All(t => Math.Abs(t.Item1 - t.Item2) <= 1e-4 * max);
    }
}

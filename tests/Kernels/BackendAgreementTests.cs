using DataflowLung.Pipeline.Audio;
using DataflowLung.Kernels;
using DataflowLung.Tests.Kernels.Support;
using DataflowLung.Tests.Support;

namespace DataflowLung.Tests.Kernels;

/// <summary>Fast backends equal the double-precision reference to 1e-4 relative (absolute below 1) on every
/// option, on random batches and on real recordings.</summary>
public class BackendAgreementTests
{
    const double Tolerance = 1e-4;

    static readonly Dictionary<string, FeatureParams> Variants = new()
    {
        ["default"] = FeatureParams.Default,
        ["original"] = FeatureParams.Original,
        ["magnitude-slaney"] = FeatureParams.Default with { Power = 1.0, MelScale = MelScale.Slaney, MelNorm = MelNorm.Slaney, NMels = 40 },
        ["cube-root"] = FeatureParams.Default with { Log = LogMode.None, CubeRoot = true },
        ["no-log"] = FeatureParams.Default with { Log = LogMode.None },
        ["normalized-log"] = FeatureParams.Default with { Normalize = true },
        ["normalized-db-magnitude"] = FeatureParams.Default with { Log = LogMode.Decibel, Power = 1.0, TopDb = 60, Normalize = true },
        ["small-fft-short-window"] = FeatureParams.Default with { NFft = 256, WinLength = 200, HopLength = 100, NMels = 32, FMin = 100, FMax = 3000 },
        ["kaldi"] = FeatureParams.Kaldi,
        ["kaldi-magnitude-cube-root-8k"] = FeatureParams.Kaldi with
        {
            SampleRate = 8000, NFft = 256, WinLength = 200, HopLength = 80, NMels = 40, Power = 1.0, Log = LogMode.None, CubeRoot = true, Preemphasis = 0.5,
        },
        ["kaldi-normalized-no-preemphasis"] = FeatureParams.Kaldi with { Preemphasis = 0, Normalize = true },
    };

    public static TheoryData<FeatureBackendKind, string> Cases()
    {
        var data = new TheoryData<FeatureBackendKind, string>();
        foreach (var kind in new[] { FeatureBackendKind.Cpu, FeatureBackendKind.Ilgpu })
            foreach (var name in Variants.Keys) data.Add(kind, name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backend_equals_reference_on_a_random_batch(FeatureBackendKind kind, string variant)
    {
        var p = Variants[variant];
        const int clipSamples = 3001; // not a multiple of the hop; reflect padding at both ends
        var clips = Signals.Concat(Signals.Random(1, clipSamples), Signals.Random(2, clipSamples, 0.01f), Signals.Random(3, clipSamples, 3f));
        var expected = Backends.Run(FeatureBackendKind.Reference, p, clips, clipSamples);
        var actual = Backends.Run(kind, p, clips, clipSamples);
        Closeness.AssertClose(actual, expected, Tolerance, $"{kind} {variant}");
    }

    [SkippableTheory]
    [InlineData(FeatureBackendKind.Cpu)]
    [InlineData(FeatureBackendKind.Ilgpu)]
    public void Backend_equals_reference_on_real_recordings(FeatureBackendKind kind)
    {
        string? icbhi = TestData.Dataset("icbhi");
        Skip.If(icbhi is null, TestData.SkipReason);
        const int clipSamples = 80000; // 10 s at 8 kHz: 313 frames (the recordings' own rate does not matter here)
        int recordings = kind == FeatureBackendKind.Ilgpu ? 1 : 3; // ILGPU's CPU accelerator is slow here
        var clips = Directory.GetFiles(icbhi!, "*.wav").Order().Take(recordings)
            .Select(f => FirstSamples(f, clipSamples))
            .Where(x => x.Length == clipSamples).ToArray();
        Skip.If(clips.Length == 0, "no recording of at least 10 s in " + icbhi);
        var batch = Signals.Concat(clips);
        var p = FeatureParams.Default;
        var expected = Backends.Run(FeatureBackendKind.Reference, p, batch, clipSamples);
        var actual = Backends.Run(kind, p, batch, clipSamples);
        Assert.Equal(313, p.Frames(clipSamples));
        double worst = Closeness.WorstLogMelExcess(actual, expected, p.NMels * 313, p.LogEpsilon, Tolerance);
        Assert.True(worst <= 1.0, $"{kind} on real recordings: error is {worst:F2}× the allowed 1e-4 relative + float32 FFT floor");
    }

    [Theory]
    [InlineData(FeatureBackendKind.Cpu)]
    [InlineData(FeatureBackendKind.Ilgpu)]
    public void Backend_reused_across_batches_of_different_sizes_gives_the_same_answers(FeatureBackendKind kind)
    {
        const int clipSamples = 2500;
        var p = FeatureParams.Default;
        using var backend = FeatureBackends.Create(kind, p, clipSamples);
        var one = Backends.Run(backend, Signals.Random(7, clipSamples));
        var three = Backends.Run(backend, Signals.Concat(Signals.Random(8, clipSamples), Signals.Random(7, clipSamples), Signals.Random(9, clipSamples)));
        var oneAgain = Backends.Run(backend, Signals.Random(7, clipSamples));
        int size = p.NMels * backend.Frames;
        Assert.Equal(one, three.AsSpan(size, size).ToArray());
        Assert.Equal(one, oneAgain);
    }

    /// <summary>The recording's first <paramref name="count"/> samples at its own rate, through the project's reader.</summary>
    static float[] FirstSamples(string path, int count)
    {
        var samples = WavReader.Read(path).Match(s => s.Samples, e => throw new InvalidDataException(e.Message));
        return samples.Length >= count ? samples[..count] : samples;
    }
}

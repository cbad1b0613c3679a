using DataflowLung.Kernels;
using DataflowLung.Tests.Kernels.Support;

namespace DataflowLung.Tests.Kernels;

/// <summary>Every backend against torchaudio.transforms.MelSpectrogram and torchaudio.compliance.kaldi.fbank (fixtures
/// written offline in double precision from the same float32 signal), to the 1e-4 relative on log-mel.</summary>
public class TorchaudioFixtureTests
{
    const double Tolerance = 1e-4;

    public static TheoryData<FeatureBackendKind, string> Cases()
    {
        var data = new TheoryData<FeatureBackendKind, string>();
        foreach (var kind in new[] { FeatureBackendKind.Reference, FeatureBackendKind.Cpu, FeatureBackendKind.Ilgpu })
            foreach (var fixture in new[] { "logmel_default", "logmel_variant", "db_original", "fbank_kaldi", "fbank_kaldi_variant" })
                data.Add(kind, fixture);
        return data;
    }

    static FeatureParams ParamsFor(string fixture) => fixture switch
    {
        "logmel_default" => FeatureParams.Default,
        "logmel_variant" => FeatureParams.Default with
        {
            WinLength = 800, FMin = 50, FMax = 3500, NMels = 64, Power = 1.0, MelScale = MelScale.Slaney, MelNorm = MelNorm.Slaney,
        },
        "db_original" => FeatureParams.Original,
        "fbank_kaldi" => FeatureParams.Kaldi,
        "fbank_kaldi_variant" => FeatureParams.Kaldi with
        {
            SampleRate = 8000, NFft = 256, WinLength = 256, HopLength = 64, NMels = 40, FMin = 50, FMax = 3500, Power = 1.0, Preemphasis = 0.5,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(fixture), fixture, "unknown fixture"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backend_matches_torchaudio_fixture(FeatureBackendKind kind, string fixture)
    {
        var p = ParamsFor(fixture);
        var signal = KernelFixtures.Signal();
        int frames = p.Frames(signal.Length);
        var expected = KernelFixtures.Dense(fixture + ".csv", p.NMels, frames);
        var actual = Backends.Run(kind, p, signal, signal.Length);
        Closeness.AssertClose(actual, expected, Tolerance, $"{kind} vs torchaudio {fixture}");
    }
}

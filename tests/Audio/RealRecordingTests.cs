using DataflowLung.Pipeline.Audio;
using DataflowLung.Tests.Support;

namespace DataflowLung.Tests.Audio;

/// <summary>Decodes every real recording under DATAFLOWLUNG_DATA (see shared/data/SOURCES.md for the
/// expected counts and formats) and resamples a few to the 8 kHz default target.</summary>
public class RealRecordingTests
{
    public static TheoryData<string, int, double, double, string> Datasets => new()
    {
        // folder, wav count, min and max seconds, expected "rate/bits" histogram
        { "icbhi", 14, 15.0, 25.7, "4000/16×6, 44100/16×1, 44100/24×7" },
        { "jordan", 234, 5.0, 30.0, "4000/16×234" },
        { "respanno-44k", 3, 20.0, 20.0, "44100/24×3" },
    };

    [SkippableTheory]
    [MemberData(nameof(Datasets))]
    public void Every_recording_decodes_with_its_rate_duration_and_finite_samples(string folder, int count, double minSeconds, double maxSeconds, string formats)
    {
        string? dir = TestData.Dataset(folder);
        Skip.If(dir is null, TestData.SkipReason);

        var files = Directory.GetFiles(dir, "*.wav").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(count, files.Length);
        var histogram = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var decoded = WavReaderPropertyTests.Succ(WavReader.Decode(file));
            var info = decoded.Info;
            var probe = WavReader.Probe(file).Match(Succ: i => i, Fail: e => throw new Xunit.Sdk.XunitException(e.Message));
            Assert.Equal(info, probe);
            Assert.Equal(1, info.Channels);
            Assert.False(info.Truncated, file);
            Assert.True(decoded.Warnings.IsEmpty, string.Join("; ", decoded.Warnings));
            Assert.Equal(info.SampleRate, decoded.Signal.SampleRate);
            Assert.Equal(info.Frames, decoded.Signal.Samples.Length);
            Assert.InRange(decoded.Signal.DurationSeconds, minSeconds - 0.01, maxSeconds + 0.01);
            Assert.All(decoded.Signal.Samples, s => Assert.True(float.IsFinite(s) && s >= -1 && s < 1));
            Assert.True(decoded.Signal.Samples.Any(s => s != 0), file + " is all zeros");
            string key = $"{info.SampleRate}/{info.ValidBits}";
            histogram[key] = histogram.GetValueOrDefault(key) + 1;
        }
        Assert.Equal(formats, string.Join(", ", histogram.Select(kv => $"{kv.Key}×{kv.Value}")));
    }

    [SkippableTheory]
    [InlineData("respanno-44k/001_orig.wav")]
    [InlineData("icbhi/102_1b1_Ar_sc_Meditron.wav")]
    [InlineData("icbhi/104_1b1_Al_sc_Litt3200.wav")]
    public void Loading_at_8_kHz_keeps_duration_and_energy(string relative)
    {
        Skip.If(TestData.Root is null, TestData.SkipReason);
        string path = Path.Combine(TestData.Root, relative);
        var original = WavReader.Read(path).Match(Succ: s => s, Fail: e => throw new Xunit.Sdk.XunitException(e.Message));
        var loaded = AudioLoader.LoadMono(path, 8000).Match(Succ: s => s, Fail: e => throw new Xunit.Sdk.XunitException(e.Message));

        Assert.Equal(8000, loaded.SampleRate);
        Assert.Equal(Resampler.OutputLength(original.Samples.Length, original.SampleRate, 8000), loaded.Samples.Length);
        Assert.Equal(original.DurationSeconds, loaded.DurationSeconds, 3);
        Assert.All(loaded.Samples, s => Assert.True(float.IsFinite(s)));
        // Lung sounds live well below 3.6 kHz, so the mean power barely changes (it would not for white noise).
        double Power(float[] x) => x.Sum(v => (double)v * v) / x.Length;
        Assert.InRange(Power(loaded.Samples) / Power(original.Samples), 0.9, 1.02);
    }
}

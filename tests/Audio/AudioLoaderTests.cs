using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;

namespace DataflowLung.Tests.Audio;

public class AudioLoaderTests
{
    /// <summary>Stereo 44.1 kHz file, 440 Hz at amplitude 0.8 on the left and silence on the right: the
    /// loader's mean down-mix halves it, picking the left channel keeps it, and both arrive at 8 kHz.</summary>
    [Fact]
    public void Load_mono_decodes_mixes_and_resamples_in_one_call()
    {
        string dir = Directory.CreateTempSubdirectory("dataflowlung-audio-").FullName;
        try
        {
            string path = Path.Combine(dir, "stereo.wav");
            var left = ResamplerPropertyTests.Sine(44100, 440, 0.8, 0);
            var interleaved = new float[left.Length * 2];
            for (int i = 0; i < left.Length; i++) interleaved[2 * i] = left[i];
            WavWriter.Write(path, interleaved, 44100, WavSampleFormat.Float32, channels: 2, extensible: true);

            Signal Load(WavReadOptions? o) => AudioLoader.LoadMono(path, 8000, o).Match(Succ: s => s, Fail: e => throw new Xunit.Sdk.XunitException(e.Message));
            var mean = Load(null);
            var picked = Load(new WavReadOptions(new ChannelMode.Pick(0)));

            foreach (var s in new[] { mean, picked })
            {
                Assert.Equal(8000, s.SampleRate);
                Assert.Equal(Resampler.OutputLength(left.Length, 44100, 8000), s.Samples.Length);
            }
            Assert.Equal(0.4, PeakInInterior(mean), 3);
            Assert.Equal(0.8, PeakInInterior(picked), 3);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Load_mono_passes_audio_errors_through()
    {
        string path = Path.Combine(Path.GetTempPath(), "dataflowlung-no-such-file.wav");
        var message = AudioLoader.LoadMono(path, 8000).Match(Succ: _ => "", Fail: e => { Assert.IsType<AudioError>(e); return e.Message; });
        Assert.StartsWith(path + ": cannot open", message);
    }

    static double PeakInInterior(Signal s) => s.Samples.AsSpan(s.SampleRate / 20, s.Samples.Length - s.SampleRate / 10).ToArray().Max(v => Math.Abs(v));
}

using DataflowLung.Experiments.Explain;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Tasks;
using DataflowLung.Tests.Runner;
using static LanguageExt.Prelude;

namespace DataflowLung.Tests.Stages;

/// <summary>The report's chunk audio is cut again from the decode stream (issue 23): each chunk written equals the
/// whole-signal chunk of that name, the last (<c>_99</c>) included, and a name the recording has not is an error.</summary>
public sealed class ChunkAudioTests
{
    [Fact]
    public void A_chunk_cut_again_from_the_stream_is_the_whole_signal_chunk()
    {
        using var tmp = new TempFolder();
        var wav = tmp.Combine("rec.wav");
        var rng = new Random(8);
        WavWriter.Write(wav, Enumerable.Range(0, 23 * 44100).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(), 44100);
        var recording = new RecordingRef("test", wav, "rec", "1", new RecordingLabels(1), None);
        var p = new ChunkParams(AudioLengthSeconds: 4, StepSeconds: 3);
        var signal = AudioLoader.LoadMono(wav, 8000).ThrowIfFail();
        var whole = Chunker.Chunk(recording, signal.Samples, 8000, p, TaskRegistry.Pneumonia);
        Assert.True(whole.Count > 3);
        foreach (var chunk in new[] { whole[0], whole[2], whole.Last })
        {
            var path = tmp.Combine("out", chunk.Name + ".wav");
            ChunkAudio.Write(recording, chunk.Name, 8000, p, TaskRegistry.Pneumonia, path).ThrowIfFail();
            var written = WavReader.Read(path).ThrowIfFail();
            // Written as 16-bit PCM: compare after the same quantisation.
            var expected = tmp.Combine("expected", chunk.Name + ".wav");
            Directory.CreateDirectory(Path.GetDirectoryName(expected)!);
            WavWriter.Write(expected, chunk.Samples, 8000);
            Assert.Equal(WavReader.Read(expected).ThrowIfFail().Samples, written.Samples);
        }
        Assert.EndsWith("_99", whole.Last.Name, StringComparison.Ordinal);
        Assert.True(ChunkAudio.Write(recording, "rec_77", 8000, p, TaskRegistry.Pneumonia, tmp.Combine("out", "x.wav")).IsFail);
    }
}

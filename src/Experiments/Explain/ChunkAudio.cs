using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Explain;

/// <summary>A validation chunk's audio again, as the model heard it: the recording decoded and resampled as the
/// pipeline does, cut by the chunker with the job's parameters, the chunk found by name and written as a 16-bit
/// WAV at the job's rate (8 kHz by default). For the few chunks the report page plays.</summary>
public static class ChunkAudio
{
    public static Fin<Unit> Write(RecordingRef recording, string chunkName, int sampleRate, ChunkParams chunks, LearningTask task, string path) =>
        from signal in AudioLoader.LoadMono(recording.Path, sampleRate)
        from chunk in Chunker.Chunk(recording, signal.Samples, signal.SampleRate, chunks, task).Find(c => c.Name == chunkName)
            .ToFin(Error.New($"{recording.Path}: no chunk named {chunkName} when cut again"))
        from _ in Save(path, chunk)
        select unit;

    static Fin<Unit> Save(string path, Chunk chunk)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            WavWriter.Write(path, chunk.Samples, chunk.SampleRate);
            return unit;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.New($"{path}: cannot write the chunk's audio ({e.Message})");
        }
    }
}

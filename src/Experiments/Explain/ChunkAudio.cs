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
/// WAV at the job's rate (8 kHz by default). For the few chunks the report page plays. Sliding windows are cut from the
/// decode stream (<see cref="StreamingChunker"/>, the same chunks) and the reading stops at the chunk, so an hour-long
/// validation recording is never held whole (issue 23); per-cycle chunks are cut from the whole signal.</summary>
public static class ChunkAudio
{
    public static Fin<Unit> Write(RecordingRef recording, string chunkName, int sampleRate, ChunkParams chunks, LearningTask task, string path) =>
        from chunk in Find(recording, chunkName, sampleRate, chunks, task)
        from _ in Save(path, chunk)
        select unit;

    static Fin<Chunk> Find(RecordingRef recording, string chunkName, int sampleRate, ChunkParams chunks, LearningTask task)
    {
        var missing = Error.New($"{recording.Path}: no chunk named {chunkName} when cut again");
        if (!StreamingChunker.Streams(recording, chunks, task))
            return from signal in AudioLoader.LoadMono(recording.Path, sampleRate)
                   from chunk in Chunker.Chunk(recording, signal.Samples, signal.SampleRate, chunks, task).Find(c => c.Name == chunkName).ToFin(missing)
                   select chunk;
        Chunk? found = null;
        var chunker = new StreamingChunker(recording, sampleRate, chunks, task, c => { if (c.Name == chunkName) found = c; });
        var opened = WavStreamDecoder.Open(recording.Path, sampleRate, chunker.Push);
        if (opened.Case is not WavStreamDecoder decoder) return opened.Map(_ => default(Chunk)!);
        using (decoder)
        {
            while (found is null)
            {
                var step = decoder.Step();
                if (step.IsFail) return step.Map(_ => default(Chunk)!);
                if (!(bool)step) break;
            }
            if (found is not null) return found;
            var finished = decoder.Finish();
            if (finished.IsFail) return finished.Map(_ => default(Chunk)!);
        }
        chunker.Finish();
        return found is null ? missing : found;
    }

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

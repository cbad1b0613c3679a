using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Stages;

/// <summary>The job's <see cref="ChunkStreaming"/>: decode → resample → <see cref="StreamingChunker"/> one 64 KiB
/// block at a time, so a recording costs one window and one block whatever its length. The chunks are those of
/// <see cref="PipelineStages.Decode"/> + <see cref="PipelineStages.ChunkAndLabel"/> (the resampler and the chunker
/// are bit-identical to their whole-signal forms). Everything that would fail the whole-signal path before a chunk
/// is cut fails here before the first chunk too: the task's label problem, the header, and a float file without one
/// finite sample (found by a scan that stops at the first finite frame).</summary>
public static class StreamedChunks
{
    public static ChunkStreaming For(StageParams p, Action<string>? onWarning) =>
        new(r => DecodedBytes(p, r), r => Chunks(p, r, onWarning));

    /// <summary>The target-rate signal's size in bytes, from the header; null for per-cycle recordings and unreadable headers.</summary>
    public static long? DecodedBytes(StageParams p, RecordingRef recording)
    {
        if (!StreamingChunker.Streams(recording, p.Chunks, p.Task)) return null;
        using var probe = WavStreamDecoder.Open(recording.Path, p.SampleRate, _ => { }).Match(d => d, _ => null!);
        if (probe is null) return null;
        return Resampler.OutputLength(probe.ExpectedFrames, probe.SourceRate, p.SampleRate) * sizeof(float);
    }

    public static Fin<IEnumerable<Chunk>> Chunks(StageParams p, RecordingRef recording, Action<string>? onWarning)
    {
        if (!StreamingChunker.Streams(recording, p.Chunks, p.Task))
            return FinFail<IEnumerable<Chunk>>(Error.New($"{recording.Path}: per-cycle chunks are not streamed"));
        // In the whole-signal path's order: the file's problems first, then the labels'.
        if (Check(recording.Path, p.SampleRate).Case is Error unreadable) return FinFail<IEnumerable<Chunk>>(unreadable);
        if (p.Task.LabelProblem(recording).Case is string problem) return FinFail<IEnumerable<Chunk>>(Error.New(problem));
        return FinSucc(Lazy(p, recording, onWarning));
    }

    /// <summary>Opens the file as the lazy pass will and, for a float file, reads up to its first finite frame.</summary>
    static Fin<Unit> Check(string path, int rate)
    {
        var opened = WavStreamDecoder.Open(path, rate, _ => { });
        if (opened.Case is not WavStreamDecoder decoder) return opened.Map(_ => unit);
        using (decoder)
        {
            if (!decoder.IsFloat) return unit;
            while (decoder.FiniteFrames == 0)
            {
                var step = decoder.Step();
                if (step.IsFail) return step.Map(_ => unit);
                if (!(bool)step) return decoder.Finish().Map(_ => unit);
            }
            return unit;
        }
    }

    static IEnumerable<Chunk> Lazy(StageParams p, RecordingRef recording, Action<string>? onWarning)
    {
        var ready = new Queue<Chunk>();
        var chunker = new StreamingChunker(recording, p.SampleRate, p.Chunks, p.Task, ready.Enqueue);
        var opened = WavStreamDecoder.Open(recording.Path, p.SampleRate, chunker.Push);
        if (opened.Case is not WavStreamDecoder decoder)
            throw new StreamedRecordingException(opened.Match(_ => "", e => e.Message));
        using (decoder)
        {
            while (true)
            {
                var step = decoder.Step();
                if (step.IsFail) throw new StreamedRecordingException(step.Match(_ => "", e => e.Message));
                while (ready.Count > 0) yield return ready.Dequeue();
                if (!(bool)step) break;
            }
            var done = decoder.Finish();
            if (done.Case is not ValueTuple<WavInfo, Seq<string>> (_, var warnings))
                throw new StreamedRecordingException(done.Match(_ => "", e => e.Message));
            foreach (var warning in warnings) onWarning?.Invoke(warning);
        }
        chunker.Finish();
        while (ready.Count > 0) yield return ready.Dequeue();
    }
}

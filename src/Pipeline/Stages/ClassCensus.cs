using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Stages;

/// <summary>How many chunks of each class (indexed as <see cref="LearningTask.ClassOf"/>) a split gives, counted without
/// holding any audio: each recording's length comes from its WAV header (<see cref="WavReader.Probe"/>), is
/// converted to the target rate exactly as the resampler sizes its output, and <see cref="Chunker.LabelsOnly"/>
/// labels the chunks the flow will cut. The trainer needs class weights before the first batch, and streaming
/// oversampling needs the class sizes up front; this is that first, cheap pass. Recordings the flow would fault
/// for their labels, or whose header cannot be read, are left out and listed in <see cref="Skipped"/>. (A file
/// whose header reads but whose samples do not decode is counted here and faulted by the flow.)
/// <see cref="Identities"/> lists each counted chunk's identity and class (small records, no audio) for whole-set
/// augmentation plans.</summary>
public sealed record ClassCensus(LearningTask Task, IReadOnlyList<long> PerClass, int Recordings, Seq<FlowFault> Skipped, Seq<CensusChunk> Identities = default)
{
    public long Chunks => PerClass.Sum();

    public static ClassCensus Count(IEnumerable<RecordingRef> recordings, LearningTask task, int sampleRate, ChunkParams chunks)
    {
        var counts = new long[task.ClassCount];
        var skipped = new List<FlowFault>();
        var identities = new List<CensusChunk>();
        int seen = 0;
        foreach (var recording in recordings)
        {
            seen++;
            var problem = task.LabelProblem(recording);
            if (problem.Case is string reason)
            {
                skipped.Add(new FlowFault(recording.Path, reason));
                continue;
            }
            var probe = WavReader.Probe(recording.Path);
            if (probe.Case is WavInfo info)
            {
                int samples = (int)Math.Min(int.MaxValue, Resampler.OutputLength(info.Frames, info.SampleRate, sampleRate));
                if (Chunker.NoSegmentInside(recording, samples, sampleRate, chunks, task) is { } outside)
                {
                    skipped.Add(new FlowFault(recording.Path, outside));
                    continue;
                }
                foreach (var chunk in Describe(recording, samples, sampleRate, chunks, task))
                {
                    counts[chunk.Class]++;
                    identities.Add(chunk);
                }
            }
            else
                skipped.Add(new FlowFault(recording.Path, probe.Match(_ => "", e => e.Message)));
        }
        return new ClassCensus(task, counts, seen, toSeq(skipped), toSeq(identities));
    }

    /// <summary>The chunks <see cref="Chunker.Chunk"/> cuts from a recording of <paramref name="samples"/> samples, as
    /// identities: names, classes and padding from the same windows and cycle pieces, without audio.</summary>
    public static IEnumerable<CensusChunk> Describe(RecordingRef recording, int samples, int sampleRate, ChunkParams p, LearningTask task) =>
        Chunker.Outline(recording, samples, sampleRate, p, task)
            .Select(c => new CensusChunk(CensusChunk.KeyOf(recording, c.Name), task.ClassOf(c.Labels), c.Padded, recording.Dataset));

    /// <summary>Counts by class name (<see cref="LearningTask.ClassNames"/>: pneumonia negative/pneumonia; cw and cycles
    /// none/crackles/wheezes/both; 2-class cycles normal/abnormal) for reports.</summary>
    public Seq<ClassCount> ByName() =>
        toSeq(Task.ClassNames).Zip(toSeq(PerClass)).Map(p => new ClassCount(p.Item1, (int)p.Item2));
}

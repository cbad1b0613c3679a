using DataflowLung.Pipeline.Tasks;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>The labels recordings carry, as the tasks read them: which recordings a task can use, and the
/// crackles/wheezes of a recording or a window (cycle annotations where a dataset has them, recording-level flags
/// where it labels whole recordings, as Jordan does).</summary>
public static class TaskLabels
{
    /// <summary>Every recording of <paramref name="scans"/> that carries a label for <paramref name="task"/>.</summary>
    public static LanguageExt.Seq<RecordingRef> Usable(LanguageExt.Seq<DatasetScan> scans, LearningTask task) =>
        scans.Bind(s => s.Recordings).Filter(task.IsUsable);

    /// <summary>Cycle annotations or recording-level crackle/wheeze flags (a cycles job reads only cycle-annotated
    /// datasets; recording-level flags serve unannotated inputs of <c>predict</c>).</summary>
    public static bool HasSoundLabels(RecordingRef rec) =>
        rec.Cycles.IsSome || rec.Labels.Crackles.HasValue || rec.Labels.Wheezes.HasValue;

    /// <summary>The recording-level crackles/wheezes: any annotated cycle, else the recording's flags.</summary>
    public static (bool Crackles, bool Wheezes) RecordingCracklesWheezes(RecordingRef rec) =>
        rec.Cycles.Match(
            Some: cs => (cs.Exists(c => c.Crackles), cs.Exists(c => c.Wheezes)),
            None: () => (rec.Labels.Crackles ?? false, rec.Labels.Wheezes ?? false));

    /// <summary>The crackles/wheezes of the window [start, end) seconds (<see cref="CycleLabeler"/>), or the recording's
    /// flags where it has no cycles.</summary>
    public static (bool Crackles, bool Wheezes) WindowCracklesWheezes(RecordingRef rec, ChunkParams p, double start, double end) =>
        rec.Cycles.Match(
            Some: cs => CycleLabeler.Label(cs, start, end, p),
            None: () => (rec.Labels.Crackles ?? false, rec.Labels.Wheezes ?? false));
}

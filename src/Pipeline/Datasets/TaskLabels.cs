namespace DataflowLung.Pipeline.Datasets;

/// <summary>Whether a recording carries the labels a task needs: pneumonia needs a 0/1 label (BD's -1 rows
/// are excluded, as the original did); crackles/wheezes and the cycles tasks need cycle annotations or recording-level flags (a cycles job reads only
/// cycle-annotated datasets; recording-level flags serve unannotated inputs of <c>predict</c>).</summary>
public static class TaskLabels
{
    /// <summary>Every recording of <paramref name="scans"/> that carries a label for <paramref name="task"/>.</summary>
    public static LanguageExt.Seq<RecordingRef> Usable(LanguageExt.Seq<DatasetScan> scans, LearningTask task) =>
        scans.Bind(s => s.Recordings).Filter(r => IsUsable(r, task));

    public static bool IsUsable(RecordingRef rec, LearningTask task) => task switch
    {
        LearningTask.Pneumonia => rec.Labels.HasPneumoniaLabel,
        _ => rec.Cycles.IsSome || rec.Labels.Crackles.HasValue || rec.Labels.Wheezes.HasValue,
    };

    /// <summary>The recording-level crackles/wheezes: any annotated cycle, else the recording's flags.</summary>
    public static (bool Crackles, bool Wheezes) RecordingCracklesWheezes(RecordingRef rec) =>
        rec.Cycles.Match(
            Some: cs => (cs.Exists(c => c.Crackles), cs.Exists(c => c.Wheezes)),
            None: () => (rec.Labels.Crackles ?? false, rec.Labels.Wheezes ?? false));

    /// <summary>The label a patient-grouped split stratifies on: pneumonia positive if any recording is;
    /// cw abnormal if any recording has crackles or wheezes.</summary>
    public static bool PatientPositive(IEnumerable<RecordingRef> recordings, LearningTask task) => task switch
    {
        LearningTask.Pneumonia => recordings.Any(r => r.Labels.Pneumonia == 1),
        _ => recordings.Any(r => RecordingCracklesWheezes(r) is (true, _) or (_, true)),
    };
}

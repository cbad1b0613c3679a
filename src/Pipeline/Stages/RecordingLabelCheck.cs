using DataflowLung.Pipeline.Datasets;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Stages;

/// <summary>Why a recording cannot give labelled chunks for a task, if it cannot. The chunker alone would return
/// zero chunks for such a recording, silently; the stages turn it into a fault of that file instead:
/// <list type="bullet">
/// <item>pneumonia: the recording has no 0/1 pneumonia label (unknown diagnosis, BD's unusable rows);</item>
/// <item>crackles/wheezes and cycles: a recording of a cycle-annotated dataset (ICBHI, PERCH, Antwerp) without its cycle
/// annotations, or any recording with neither cycles nor recording-level crackle/wheeze flags (Jordan-style).</item>
/// </list>
/// A recording too short for one chunk is not a fault (zero chunks), as the flow defines.</summary>
public static class RecordingLabelCheck
{
    /// <summary>Datasets whose crackle/wheeze labels come only from per-cycle annotation files.</summary>
    public static readonly Seq<string> CycleAnnotatedDatasets =
        Seq(IcbhiAdapter.Name, PerchAdapter.Name, AntwerpAdapter.Name, AntwerpAdapter.SimulatedName);

    public static Option<string> Problem(RecordingRef recording, LearningTask task) => task switch
    {
        LearningTask.Pneumonia when !recording.Labels.HasPneumoniaLabel =>
            $"no usable pneumonia label (label {recording.Labels.Pneumonia}" +
            (recording.Labels.Diagnosis.Length > 0 ? $", diagnosis '{recording.Labels.Diagnosis}'" : ", no diagnosis") +
            "): it cannot be used for the pneumonia task",
        not LearningTask.Pneumonia when recording.Cycles.IsNone && CycleAnnotatedDatasets.Exists(d => d == recording.Dataset) =>
            $"no cycle annotations: {recording.Dataset} recordings are labelled per respiratory cycle " +
            $"(expected {Path.ChangeExtension(recording.Path, ".txt")}), so its chunks have no crackle/wheeze labels",
        not LearningTask.Pneumonia when !TaskLabels.IsUsable(recording, task) =>
            "no crackle/wheeze labels: neither cycle annotations nor recording-level crackle/wheeze flags",
        _ => None,
    };
}

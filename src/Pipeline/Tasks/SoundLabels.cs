using DataflowLung.Pipeline.Datasets;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Tasks;

/// <summary>What the tasks learning adventitious sounds (crackles, wheezes) share about labels: which datasets serve
/// them, which recordings are usable, why one is not, and the patient label the splits stratify on (abnormal when
/// any recording has crackles or wheezes).</summary>
public static class SoundLabels
{
    /// <summary>Cycle annotations, or crackles/wheezes per recording.</summary>
    public static bool CanLearnFrom(DatasetLabels provided) => provided.CycleAnnotations || provided.RecordingSounds;

    public static bool PatientPositive(IEnumerable<RecordingRef> recordings) =>
        recordings.Any(r => TaskLabels.RecordingCracklesWheezes(r) is (true, _) or (_, true));

    /// <summary>A recording of a cycle-annotated dataset (ICBHI, PERCH, Antwerp) without its annotations, or any
    /// recording with neither cycles nor recording-level crackle/wheeze flags (Jordan-style).</summary>
    public static Option<string> Problem(RecordingRef recording) =>
        recording.Cycles.IsNone && DatasetRegistry.Provides(recording.Dataset).CycleAnnotations
            ? Some($"no cycle annotations: {recording.Dataset} recordings are labelled per respiratory cycle " +
                   $"(expected {Path.ChangeExtension(recording.Path, ".txt")}), so its chunks have no crackle/wheeze labels")
            : !TaskLabels.HasSoundLabels(recording)
                ? Some("no crackle/wheeze labels: neither cycle annotations nor recording-level crackle/wheeze flags")
                : None;
}

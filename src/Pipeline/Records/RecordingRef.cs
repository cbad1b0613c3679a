using LanguageExt;

namespace DataflowLung.Pipeline;

/// <summary>A recording as a dataset adapter found it: where it is, whose it is, what it is labelled.
/// Nothing is decoded yet. <see cref="Name"/> is the file name without .wav (chunk names derive from it).
/// The last three fields are dataset-neutral annotations a dataset may carry (None where it does not):
/// <see cref="Events"/>, annotated events in the annotation file's order (not necessarily time order; a
/// recording annotated as having none holds an empty sequence); <see cref="RecordAnnotation"/>, a label the
/// annotators gave the whole recording, in the dataset's words; <see cref="OfficialPart"/>, the part of the
/// dataset's own train/test partition the recording belongs to (<see cref="OfficialParts"/>).</summary>
public sealed record RecordingRef(
    string Dataset,
    string Path,
    string Name,
    string Patient,
    RecordingLabels Labels,
    Option<Seq<CycleAnnotation>> Cycles,
    Option<Seq<EventAnnotation>> Events = default,
    Option<string> RecordAnnotation = default,
    Option<string> OfficialPart = default)
{
    /// <summary>Patient id unique across datasets (patients of two datasets never merge).</summary>
    public string PatientKey => $"{Dataset}:{Patient}";
}

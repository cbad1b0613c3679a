using LanguageExt;

namespace DataflowLung.Pipeline;

/// <summary>A recording as a dataset adapter found it: where it is, whose it is, what it is labelled.
/// Nothing is decoded yet. <see cref="Name"/> is the file name without .wav (chunk names derive from it).</summary>
public sealed record RecordingRef(
    string Dataset,
    string Path,
    string Name,
    string Patient,
    RecordingLabels Labels,
    Option<Seq<CycleAnnotation>> Cycles)
{
    /// <summary>Patient id unique across datasets (patients of two datasets never merge).</summary>
    public string PatientKey => $"{Dataset}:{Patient}";
}

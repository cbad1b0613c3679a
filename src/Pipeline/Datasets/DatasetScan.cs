using LanguageExt;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>What a dataset adapter found in its folder: the usable recordings (labelled, grouped by
/// patient), the files it skipped with the reason, warnings (unknown codes, missing diagnoses), the
/// dataset's own official split when the folder carries one, and summary rows only this adapter can give
/// (<see cref="Notes"/>: facts about files that are not recordings, such as a diagnosis table or event clips).
/// <see cref="TestParts"/>: the official parts (<see cref="RecordingRef.OfficialPart"/>) that are test sets every job
/// holds out of training and model choice (<see cref="PatientSplit.HoldOutTests"/>).</summary>
public sealed record DatasetScan(
    string Dataset,
    Seq<RecordingRef> Recordings,
    Seq<SkippedFile> Skipped,
    Seq<string> Warnings,
    Option<OfficialSplit> OfficialSplit = default,
    Seq<SummaryRow> Notes = default,
    Seq<string> TestParts = default)
{
    public int PatientCount => Recordings.Map(r => r.Patient).Distinct().Count;
}

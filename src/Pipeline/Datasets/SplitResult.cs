using LanguageExt;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>Recordings on each side of a patient-grouped split, with notes on how each dataset was split
/// (e.g. stratification switched off because a class had too few patients).</summary>
public sealed record SplitResult(Seq<RecordingRef> Train, Seq<RecordingRef> Validation, Seq<string> Notes = default)
{
    public static SplitResult operator +(SplitResult a, SplitResult b) =>
        new(a.Train + b.Train, a.Validation + b.Validation, a.Notes + b.Notes);
}

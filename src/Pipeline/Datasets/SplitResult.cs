using LanguageExt;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>Recordings on each side of a patient-grouped split, with notes on how each dataset was split
/// (e.g. stratification switched off because a class had too few patients), and the official test sets held out of
/// both (<see cref="TestSet"/>).</summary>
public sealed record SplitResult(Seq<RecordingRef> Train, Seq<RecordingRef> Validation, Seq<string> Notes = default, Seq<TestSet> Tests = default)
{
    public static SplitResult operator +(SplitResult a, SplitResult b) =>
        new(a.Train + b.Train, a.Validation + b.Validation, a.Notes + b.Notes, Merge(a.Tests + b.Tests));

    /// <summary>Test sets of one name from several datasets are one set.</summary>
    public static Seq<TestSet> Merge(Seq<TestSet> tests) =>
        tests.GroupBy(t => t.Part).Select(g => new TestSet(g.Key, g.Aggregate(LanguageExt.Seq<RecordingRef>.Empty, (all, t) => all + t.Recordings))).ToSeq();
}

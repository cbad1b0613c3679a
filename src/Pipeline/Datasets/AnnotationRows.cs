using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Pipeline.Datasets;

/// <summary>Summary rows from the dataset-neutral annotations a recording may carry (<see cref="RecordingRef.OfficialPart"/>,
/// <see cref="RecordingRef.RecordAnnotation"/>, <see cref="RecordingRef.Events"/>, the diagnosis in its labels), so a
/// dataset that carries them is summarised without code of its own. A row appears only when some recording carries
/// what it counts. With official parts, record labels and events are counted per part, parts in the order the
/// adapter lists its recordings; classes are listed most frequent first.</summary>
public static class AnnotationRows
{
    public const string NoPart = "none";

    public static Seq<SummaryRow> Of(Seq<RecordingRef> recordings)
    {
        var hasParts = recordings.Exists(r => r.OfficialPart.IsSome);
        var parts = toSeq(recordings.Map(PartOf).Distinct().ToArray())
            .Map(part => (Part: part, Recordings: recordings.Filter(r => PartOf(r) == part)));
        string Suffix(string part) => hasParts ? $" ({part})" : "";

        var partRows = hasParts
            ? Seq(
                new SummaryRow("official parts: recordings", string.Join(", ", parts.Map(p => $"{p.Part} {p.Recordings.Count}"))),
                new SummaryRow("official parts: patients", string.Join(", ", parts.Map(p =>
                    $"{p.Part} {Patients(p.Recordings)} (pneumonia {Patients(p.Recordings.Filter(r => r.Labels.Pneumonia == 1))})"))))
            : Empty;
        var recordRows = recordings.Exists(r => r.RecordAnnotation.IsSome)
            ? parts.Map(p => new SummaryRow("record labels" + Suffix(p.Part), Tally(p.Recordings.Bind(r => r.RecordAnnotation.ToSeq()))))
            : Empty;
        var eventRows = recordings.Exists(r => r.Events.IsSome)
            ? parts.Map(p => p.Recordings.Bind(r => r.Events.IfNone(Empty)).Map(e => e.Type))
                .Zip(parts, (types, p) => new SummaryRow("events" + Suffix(p.Part), $"{types.Count}: {Tally(types)}"))
            : Empty;
        var diagnoses = recordings.GroupBy(r => r.Patient).Select(g => g.Map(r => r.Labels.Diagnosis).Find(d => d.Length > 0));
        var diagnosisRows = diagnoses.Any(d => d.IsSome)
            ? Seq1(new SummaryRow("patients: diagnosis", Tally(toSeq(diagnoses.Select(d => d.IfNone("(none)")).ToArray()))))
            : Empty;
        return partRows + recordRows + eventRows + diagnosisRows;
    }

    static string PartOf(RecordingRef r) => r.OfficialPart.IfNone(NoPart);

    static int Patients(Seq<RecordingRef> recordings) => recordings.Map(r => r.Patient).Distinct().Count;

    /// <summary>"a 3, b 1" — most frequent first, ties in ordinal order; "none" when empty.</summary>
    public static string Tally(Seq<string> items) =>
        items.IsEmpty
            ? "none"
            : string.Join(", ", items.GroupBy(i => i, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {g.Count()}"));
}

using DataflowLung.Pipeline;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Splits;

/// <summary>Matches the recordings a job folder recorded against what a data root holds now. A recorded recording
/// that is gone or whose content or labels changed refuses the match (the saved split, and any model trained on
/// it, would no longer describe the data); recordings that were added since are left out with a warning, so a
/// resumed job never trains or validates on patients its split did not place.</summary>
public static class RecordingLedger
{
    public sealed record Matched(IReadOnlyDictionary<(string Dataset, string Name), RecordingRef> ByName, Seq<string> Warnings);

    public static Fin<Matched> Match(IReadOnlyList<RecordedRecording> recorded, Seq<RecordingRef> current, string dataRoot,
        RecordingFingerprints fingerprints, string source)
    {
        var now = current.GroupBy(r => (r.Dataset, r.Name)).ToDictionary(g => g.Key, g => g.First());
        var missing = new List<string>();
        var changed = new List<string>();
        var matched = new Dictionary<(string, string), RecordingRef>();
        foreach (var r in recorded)
        {
            if (!now.TryGetValue((r.Dataset, r.Name), out var found))
            {
                missing.Add(r.File);
                continue;
            }
            var seen = fingerprints.Of(found, dataRoot);
            if (seen.Sha256 != r.Sha256) changed.Add($"{seen.File} (content differs: {Short(r.Sha256)} then, {Short(seen.Sha256)} now)");
            else if (seen.Labels != r.Labels) changed.Add($"{seen.File} (labels differ: {r.Labels} then, {seen.Labels} now)");
            else if (seen.Patient != r.Patient) changed.Add($"{seen.File} (patient differs: {r.Patient} then, {seen.Patient} now)");
            else matched[(r.Dataset, r.Name)] = found;
        }
        if (missing.Count > 0 || changed.Count > 0)
        {
            var lines = new List<string> { $"the recordings of {source} changed in {Path.GetFullPath(dataRoot)}; the saved split no longer describes the data" };
            if (missing.Count > 0) lines.Add($"{missing.Count} recorded recording(s) missing: {List(missing)}");
            if (changed.Count > 0) lines.Add($"{changed.Count} recording(s) changed: {List(changed)}");
            lines.Add("restore those files (or point --data-root at the data the job used), or start a new job");
            return Error.New(string.Join(Environment.NewLine, lines));
        }
        var known = recorded.Select(r => (r.Dataset, r.Name)).ToHashSet();
        var added = current.Filter(r => !known.Contains((r.Dataset, r.Name)));
        var warnings = added.IsEmpty
            ? Empty
            : Seq1($"warning: {added.Count} recording(s) added since {source} was written are ignored " +
                   $"({added.Map(r => r.PatientKey).Distinct().Count()} patient(s)): {List(added.Map(r => r.Name).ToList())}");
        return new Matched(matched, warnings);
    }

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private static string List(IReadOnlyList<string> items) =>
        string.Join(", ", items.Take(8)) + (items.Count > 8 ? $" and {items.Count - 8} more" : "");
}

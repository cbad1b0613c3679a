using DataflowLung.Experiments.Splits;

namespace DataflowLung.Experiments.CrossValidation;

/// <summary>One line per fold naming the patients it validates on, positives marked: for report.md and
/// <c>runner datasets --cv</c>.</summary>
public static class FoldListing
{
    public static string Line(int index, int repeat, int fold, int repeats, IReadOnlyList<RecordedPatient> patients, string task)
    {
        var positive = task == "pneumonia" ? "pneumonia" : "abnormal";
        int pos = patients.Count(x => x.Positive);
        return $"fold {fold}{(repeats > 1 ? $" of repeat {repeat} (index {index})" : "")}: {patients.Count} patients, {pos} {positive}, " +
               $"{patients.Count - pos} negative: " + string.Join(", ", patients.Select(x => x.Positive ? $"{x.Key} ({positive})" : x.Key));
    }
}

using DataflowLung.Pipeline.Tasks;
using DataflowLung.Experiments.Splits;

namespace DataflowLung.Experiments.CrossValidation;

/// <summary>One line per fold naming the patients it validates on, positives marked: for report.md and
/// <c>runner datasets --cv</c>.</summary>
public static class FoldListing
{
    /// <summary>The line, positives marked with the task's <see cref="LearningTask.PositiveName"/> (that of the task
    /// named <paramref name="task"/>, as folds.json and the reports record it).</summary>
    public static string Line(int index, int repeat, int fold, int repeats, IReadOnlyList<RecordedPatient> patients, string task)
    {
        var positive = TaskRegistry.Find(task).Map(t => t.PositiveName).IfNone("positive");
        int pos = patients.Count(x => x.Positive);
        return $"fold {fold}{(repeats > 1 ? $" of repeat {repeat} (index {index})" : "")}: {patients.Count} patients, {pos} {positive}, " +
               $"{patients.Count - pos} negative: " + string.Join(", ", patients.Select(x => x.Positive ? $"{x.Key} ({positive})" : x.Key));
    }
}

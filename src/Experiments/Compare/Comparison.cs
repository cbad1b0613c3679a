using DataflowLung.Experiments.Jobs;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Compare;

/// <summary>What <c>runner compare</c> computed: the jobs (labelled A, B, …), the parameters that differ between
/// them, the headline (the task's metric at the level it is judged at, <see cref="LearningTask.HeadlineLevel"/>), and for every pair of jobs and every set both scored, the paired AUC test.</summary>
public sealed record Comparison(
    IReadOnlyList<ComparedJob> Jobs,
    IReadOnlyList<string> DifferingParameters,
    string HeadlineMetric,
    PredictionLevel Level,
    IReadOnlyList<Comparison.Pair> Pairs)
{
    public sealed record Pair(string A, string B, string Set, PairedAucTest.Result Test);

    /// <summary>Parameters that always differ between folders and say nothing about the model.</summary>
    public static readonly string[] Ignored = ["cache_root"];

    public static Fin<Comparison> Of(Seq<ComparedJob> loaded, BootstrapParams bootstrap)
    {
        if (loaded.Count < 2)
            return JobError.BadInput("nothing to compare:", $"{loaded.Count} job(s) found; name two or more job, seeds or cross-validation folders");
        var jobs = loaded.Select((j, i) => j with { Label = Label(i) }).ToList();
        string TaskOf(ComparedJob j) => j.Parameters.TryGetValue("task_variant", out var v) && v != "null" ? $"{j.Task} {v.Trim('"')}" : j.Task;
        if (jobs.Select(TaskOf).Distinct(StringComparer.Ordinal).Count() > 1)
            return JobError.BadInput("cannot compare jobs of different tasks:",
                jobs.Select(j => $"{j.Label}: {TaskOf(j)} ({j.Folder})").ToSeq());
        var task = Report.StoredTask.Of(jobs[0].Task, Report.StoredTask.Variant(jobs[0].Folder));
        var metric = task.Map(t => t.HeadlineMetric).IfNone("auc");
        var level = task.Map(t => t.HeadlineLevel).IfNone(jobs[0].Outputs == 1 ? PredictionLevel.Patient : PredictionLevel.Chunk);
        var keys = jobs.SelectMany(j => j.Parameters.Keys).Distinct(StringComparer.Ordinal).Where(k => !Ignored.Contains(k))
            .Where(k => jobs.Select(j => j.Parameters.GetValueOrDefault(k, "(absent)")).Distinct(StringComparer.Ordinal).Count() > 1)
            .Order(StringComparer.Ordinal).ToList();
        var pairs = new List<Pair>();
        for (var i = 0; i < jobs.Count; i++)
            for (var k = i + 1; k < jobs.Count; k++)
                foreach (var set in jobs[i].Sets)
                    if (jobs[k].Sets.FirstOrDefault(s => s.Name == set.Name) is { } other && set.Rows.Count > 0 && other.Rows.Count > 0)
                        pairs.Add(new Pair(jobs[i].Label, jobs[k].Label, set.Name, PairedAucTest.Test(set.Rows.At(level), other.Rows.At(level), bootstrap)));
        return new Comparison(jobs, keys, metric, level, pairs);
    }

    /// <summary>A, B, … Z, then AA, AB, ….</summary>
    public static string Label(int i) => i < 26 ? ((char)('A' + i)).ToString() : Label(i / 26 - 1) + Label(i % 26);

    public string LevelName => Level.ToString().ToLowerInvariant();
}

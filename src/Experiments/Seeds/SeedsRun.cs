using DataflowLung.Experiments.CrossValidation;
using DataflowLung.Pipeline.Tasks;
using System.Text.Json;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;

namespace DataflowLung.Experiments.Seeds;

/// <summary><c>--seeds N</c>: the job trained N times with seeds seed, seed + 1, … (initialisation, shuffling and
/// augmentation change; data, split and every other parameter do not), each a normal job folder <c>seed_&lt;s&gt;/</c>
/// (resumable on its own) under one folder that holds params.json (the first seed's), log.txt and the summary
/// report.json / report.md (<see cref="SeedsReport"/>). The seeds of one run share probes and decoded signals.</summary>
public static class SeedsRun
{
    public static async Task<JobOutcome> RunAsync(JobParameters p, DataRoot root, int seeds, JobHost host, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var parent = JobFolder.CreateNext(JobFolder.GroupDirectory(p, p.Task.Name));
        var console = host.CreateConsole();
        using var log = host.Log(console);
        log.Attach(parent.Log);
        await File.WriteAllTextAsync(parent.ParamsJson, ParamsJson.Render(p, VersionInfo.Current), CancellationToken.None);
        log.Info($"{seeds} seed(s) from {p.Train.Seed} in {parent.Directory}");
        var caches = new JobCaches();
        var finished = new List<(long Seed, string Folder, JobReport Report)>();
        var failed = new List<string>();
        for (int i = 0; i < seeds; i++)
        {
            long seed = p.Train.Seed + i;
            var name = $"seed_{seed}";
            var dir = Path.Combine(parent.Directory, name);
            Directory.CreateDirectory(Path.Combine(dir, "plots"));
            var folder = new JobFolder(dir, name);
            // The folder is new and under the run's own; a lock refused there (disk, permissions) still ends the run cleanly.
            var acquired = JobLock.Acquire(folder.Directory);
            if (acquired.Case is not JobLock seedLock) return log.Failed($"a new seed folder is locked: {acquired.Match(_ => "", e => e.Message)}");
            JobOutcome outcome;
            using (var seedLog = host.Log(console))
            using (seedLock)
            {
                outcome = await Training.InFolderAsync(new JobContext(p with { Train = p.Train with { Seed = seed } }, root, folder, seedLog, console, ct, Caches: caches));
            }
            if (outcome is JobOutcome.Cancelled)
            {
                log.Info($"cancelled during seed {seed}; resume it with `runner {p.Task.Name} --resume {dir}`");
                return outcome;
            }
            var report = outcome.IsSuccess ? ReportJson.ReadFile<JobReport>(folder.ReportJson, "job report").Case as JobReport : null;
            if (report?.Val is null)
            {
                log.Error($"seed {seed} failed ({outcome.Describe()}); see {folder.Log}");
                failed.Add(name);
                continue;
            }
            finished.Add((seed, name, report));
        }
        if (finished.Count == 0)
        {
            return log.Failed("no seed finished with a validated model: no summary");
        }
        var summary = SeedsReport.Of(parent.Directory, finished, failed, started);
        File.WriteAllText(parent.ReportJson, JsonSerializer.Serialize(summary, ReportJson.Options));
        File.WriteAllText(parent.ReportMarkdown, SeedsMarkdown.Render(summary));
        log.Info($"over {finished.Count} seed(s) (mean ± sd):");
        void Lines(string prefix, IReadOnlyDictionary<string, IReadOnlyDictionary<string, FoldSpread>> spread)
        {
            foreach (var level in SeedsReport.Levels)
            {
                var s = spread[level];
                string Show(string metric, string label) => s.TryGetValue(metric, out var x) ? $"{label} {SeedsMarkdown.Spread(x)}" : "";
                log.Info($"  {prefix}{level,-9} " + string.Join("  ", new[]
                {
                    Show("icbhi_score", "Score"), Show("score", "Score"), Show("sensitivity", "Se"), Show("specificity", "Sp"),
                    s.ContainsKey("icbhi_score") || s.ContainsKey("score") ? "" : Show("auc", "AUC"),
                }.Where(x => x.Length > 0)));
            }
        }
        Lines("", summary.Spread);
        foreach (var (set, spread) in summary.TestSpread ?? new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, FoldSpread>>>())
            Lines($"test {set} ", spread);
        log.Info($"report: {parent.ReportJson}");
        return failed.Count == 0 ? JobOutcome.Success : new JobOutcome.Failed($"seed(s) failed: {string.Join(", ", failed)}", [], Shown: true);
    }
}

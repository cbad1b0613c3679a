using System.Globalization;
using System.Text;
using DataflowLung.Experiments.CrossValidation;
using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Experiments.Seeds;

/// <summary>report.md of a <c>--seeds</c> folder: mean ± sd per level, then each seed's headline numbers.</summary>
public static class SeedsMarkdown
{
    public static string Render(SeedsReport r)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {r.Task} — {r.Runs.Count} seed(s)");
        md.AppendLine();
        md.AppendLine($"- datasets: {string.Join(", ", r.Datasets)}");
        md.AppendLine($"- model: {r.Model.Name}");
        md.AppendLine($"- folder: `{r.JobDirectory}`; seeds {string.Join(", ", r.Runs.Select(s => s.Seed))}");
        if (r.Failed.Count > 0) md.AppendLine($"- failed (not in the summary): {string.Join(", ", r.Failed)}");
        md.AppendLine();
        md.AppendLine("## Mean ± sd over the seeds (sample sd; n = seeds where the metric is defined)");
        md.AppendLine();
        var metrics = r.Spread["chunk"].Keys.ToArray();
        md.AppendLine("| level | " + string.Join(" | ", metrics.Select(ReportMarkdown.Header)) + " |");
        md.AppendLine("|---|" + string.Concat(metrics.Select(_ => "---:|")));
        foreach (var (level, spreads) in r.Spread)
            md.AppendLine($"| {level} | " + string.Join(" | ", metrics.Select(m => spreads.TryGetValue(m, out var s) ? Spread(s) : "n/a")) + " |");
        md.AppendLine();
        foreach (var (set, byLevel) in r.TestSpread ?? new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyDictionary<string, FoldSpread>>>())
        {
            md.AppendLine($"## Test set {set}: mean ± sd over the seeds");
            md.AppendLine();
            md.AppendLine("| level | " + string.Join(" | ", metrics.Select(ReportMarkdown.Header)) + " |");
            md.AppendLine("|---|" + string.Concat(metrics.Select(_ => "---:|")));
            foreach (var (level, spreads) in byLevel)
                md.AppendLine($"| {level} | " + string.Join(" | ", metrics.Select(m => spreads.TryGetValue(m, out var s) ? Spread(s) : "n/a")) + " |");
            md.AppendLine();
        }
        md.AppendLine("## Seeds");
        md.AppendLine();
        md.AppendLine("| seed | folder | outcome | best epoch | " + string.Join(" | ", metrics.Select(ReportMarkdown.Header)) + " | seconds |");
        md.AppendLine("|---:|---|---|---:|" + string.Concat(metrics.Select(_ => "---:|")) + "---:|");
        foreach (var s in r.Runs)
        {
            var chunk = s.Metrics.GetValueOrDefault("chunk");
            md.AppendLine($"| {s.Seed} | `{s.Folder}` | {s.Outcome} | {s.BestEpoch?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} | " +
                          string.Join(" | ", metrics.Select(m => ReportMarkdown.F(chunk?.GetValueOrDefault(m)))) +
                          $" | {s.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} |");
        }
        md.AppendLine();
        md.AppendLine("Seed rows show the chunk (cycle) level; each seed's own report.md has every level with intervals.");
        md.AppendLine();
        md.AppendLine("## Versions");
        md.AppendLine();
        md.AppendLine($"runner {r.Versions.Runner}; {r.Versions.DotNet}; {r.Versions.Os}; TorchSharp {r.Versions.TorchSharp}; ILGPU {r.Versions.Ilgpu}");
        return md.ToString();
    }

    public static string Spread(FoldSpread s) => s.Mean is not { } mean
        ? "n/a"
        : $"{mean.ToString("0.000", CultureInfo.InvariantCulture)} ± {(s.Sd is { } sd ? sd.ToString("0.000", CultureInfo.InvariantCulture) : "n/a")} (n={s.Folds})";
}

using System.Globalization;
using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Experiments.Jobs;

/// <summary>The model beside the baseline, one row per set and level: the headline metric of each with its interval
/// and the paired difference model − baseline (report.md's table; report.html draws the same cells).</summary>
public static class BaselineTable
{
    public sealed record Row(string Set, string Level, MetricInterval? Model, MetricInterval? Baseline, MetricInterval Difference, string Verdict);

    public static IEnumerable<Row> Cells(JobReport r, BaselineReport b)
    {
        foreach (var (set, levels) in b.Difference.OrderBy(kv => kv.Key == "validation" ? "" : kv.Key, StringComparer.Ordinal))
        {
            var model = set == "validation" ? r.Val : r.Test?.GetValueOrDefault(set);
            var baseline = set == "validation" ? b.Val : b.Test?.GetValueOrDefault(set);
            foreach (var (level, d) in levels)
                yield return new Row(set, level, Interval(model, level, b.Metric), Interval(baseline, level, b.Metric), d,
                    PairedDifference.Verdict(d) ?? "no interval");
        }
    }

    public static string Header(BaselineReport b) =>
        $"| set | level | model {b.Metric} | baseline {b.Metric} | model − baseline | the model … the baseline |\n|---|---|---|---|---|---|";

    public static IEnumerable<string> Rows(JobReport r, BaselineReport b) =>
        Cells(r, b).Select(c => $"| {c.Set} | {c.Level} | {Show(c.Model)} | {Show(c.Baseline)} | {BaselineRun.Show(c.Difference)} | {c.Verdict} |");

    public static string Show(MetricInterval? m) => m?.Value is not { } v ? "–"
        : v.ToString("0.000", CultureInfo.InvariantCulture) + (m is { Low: { } lo, High: { } hi } ? " " + MetricInterval.Bracket(lo, hi) : "");

    private static MetricInterval? Interval(ValidationMetrics? v, string level, string metric) =>
        v?.Levels().FirstOrDefault(x => x.Level == level).Metrics?.Intervals?.GetValueOrDefault(metric);
}

using System.Globalization;
using DataflowLung.Pipeline.Metrics;

namespace DataflowLung.Pipeline.Tasks;

/// <summary>The pieces of the headline lines every task prints: a value to three decimals ("n/a" when undefined), a
/// metric's bootstrap interval in brackets, and what the level rests on.</summary>
public static class HeadlineText
{
    public static string Value(double? v) => v is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>" [low, high]" when the metric has an interval, else nothing.</summary>
    public static string Interval(LevelMetrics m, string metric) =>
        m.Intervals?.GetValueOrDefault(metric) is { Low: { } lo, High: { } hi } ? " " + MetricInterval.Bracket(lo, hi) : "";

    /// <summary>A confusion matrix as lines under a title (rows truth, columns prediction), each row led by its class.</summary>
    public static IEnumerable<string> Confusion(string title, IReadOnlyList<string> classes, long[][] confusion, int classWidth) =>
        confusion.Select((row, i) => $"    {classes[i].PadRight(classWidth)} [{string.Join(", ", row.Select(v => v.ToString(CultureInfo.InvariantCulture).PadLeft(5)))}]")
            .Prepend($"  {title} (rows truth, columns prediction; {string.Join(", ", classes)}):");

    public static string Support(LevelMetrics m) =>
        m.Support is { } s ? $" ({s.Positive} pos / {s.Negative} neg, {s.Patients} patients)" : "";
}

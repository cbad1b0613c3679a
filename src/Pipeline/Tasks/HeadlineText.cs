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

    public static string Support(LevelMetrics m) =>
        m.Support is { } s ? $" ({s.Positive} pos / {s.Negative} neg, {s.Patients} patients)" : "";
}

namespace DataflowLung.Pipeline.Metrics;

/// <summary>The paired patient bootstrap of a difference between two scorings of the same rows (model − baseline):
/// each resample draws patients once and takes both scorings' rows of the drawn patients, so the two metrics move
/// together and the interval is that of their difference, not of two independent draws (<see cref="ClusterBootstrap"/>).</summary>
public static class PairedDifference
{
    /// <summary>metric(<paramref name="first"/>) − metric(<paramref name="second"/>) with its interval; both lists hold
    /// rows of one level, clustered by <see cref="PredictionRow.PatientKey"/>.</summary>
    public static MetricInterval Of(IReadOnlyList<PredictionRow> first, IReadOnlyList<PredictionRow> second,
        Func<IReadOnlyList<PredictionRow>, double?> metric, BootstrapParams p)
    {
        var tagged = first.Select(r => (First: true, Row: r)).Concat(second.Select(r => (First: false, Row: r))).ToArray();
        return ClusterBootstrap.Interval(tagged, t => t.Row.PatientKey, rows =>
        {
            var a = metric(rows.Where(t => t.First).Select(t => t.Row).ToArray());
            var b = metric(rows.Where(t => !t.First).Select(t => t.Row).ToArray());
            return a is { } x && b is { } y ? x - y : null;
        }, p);
    }

    /// <summary>What a difference interval says, in words: "beats" (entirely above 0), "does not beat" (entirely at or
    /// below 0) or "is not distinguishable from" (straddles 0); null without an interval.</summary>
    public static string? Verdict(MetricInterval d) => d is { Low: { } lo, High: { } hi }
        ? lo > 0 ? "beats" : hi <= 0 ? "does not beat" : "is not distinguishable from"
        : null;
}

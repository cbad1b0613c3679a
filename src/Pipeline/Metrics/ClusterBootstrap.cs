using DataflowLung.Pipeline.Augment;

namespace DataflowLung.Pipeline.Metrics;

/// <summary>The cluster (patient) bootstrap: a resample draws as many clusters as there are, with replacement, and
/// takes every row of each drawn cluster (a cluster drawn twice contributes its rows twice). Rows of one patient
/// are not independent, so resampling rows would understate the uncertainty; resampling patients does not.
/// Task-agnostic: any metric that is a function of a list of scored rows works (the rows of one level, e.g.
/// chunks, recordings or patients, each tagged with its patient). Deterministic for a seed: the draws come from
/// <see cref="SeededRandom"/>, and clusters are taken in ordinal order of their keys, so the row order of the
/// input does not matter.</summary>
public static class ClusterBootstrap
{
    /// <summary>The resamples, lazily. Each is a fresh list; the clusters' rows keep their input order.</summary>
    public static IEnumerable<IReadOnlyList<T>> Resamples<T>(IReadOnlyList<T> rows, Func<T, string> cluster, int resamples, long seed)
    {
        var clusters = Clusters(rows, cluster);
        if (clusters.Length == 0) yield break;
        var rng = SeededRandom.For(seed);
        for (int b = 0; b < resamples; b++)
        {
            var drawn = new List<T>(rows.Count);
            for (int i = 0; i < clusters.Length; i++) drawn.AddRange(clusters[rng.NextInt(clusters.Length)]);
            yield return drawn;
        }
    }

    /// <summary>Each named metric of <paramref name="metrics"/> on the rows, with its percentile interval over the
    /// resamples. All metrics share the same resamples (one call of <paramref name="metrics"/> per resample).</summary>
    public static IReadOnlyDictionary<string, MetricInterval> Intervals<T>(IReadOnlyList<T> rows, Func<T, string> cluster,
        Func<IReadOnlyList<T>, IReadOnlyDictionary<string, double?>> metrics, BootstrapParams p)
    {
        var problems = p.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(p));
        var point = metrics(rows);
        var draws = point.Keys.ToDictionary(k => k, _ => new List<double>(p.Resamples), StringComparer.Ordinal);
        foreach (var resample in Resamples(rows, cluster, p.Resamples, p.Seed))
            foreach (var (name, value) in metrics(resample))
                if (value is { } v && double.IsFinite(v) && draws.TryGetValue(name, out var list)) list.Add(v);
        int clusters = rows.Select(cluster).Distinct(StringComparer.Ordinal).Count();
        int drawn = clusters == 0 ? 0 : p.Resamples;
        return point.ToDictionary(kv => kv.Key, kv => Summarise(kv.Value, draws[kv.Key], p, clusters, rows.Count, drawn), StringComparer.Ordinal);
    }

    /// <summary>One metric with its interval (see <see cref="Intervals{T}"/>).</summary>
    public static MetricInterval Interval<T>(IReadOnlyList<T> rows, Func<T, string> cluster, Func<IReadOnlyList<T>, double?> metric, BootstrapParams p) =>
        Intervals(rows, cluster, r => new Dictionary<string, double?> { ["m"] = metric(r) }, p)["m"];

    /// <summary>The q-quantile of sorted values, linearly interpolated between order statistics (numpy's default).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) throw new ArgumentException("no values", nameof(sorted));
        double position = q * (sorted.Count - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static MetricInterval Summarise(double? value, List<double> draws, BootstrapParams p, int clusters, int items, int resamples)
    {
        if (value is not { } v || !double.IsFinite(v))
            return new MetricInterval(null, null, null, p.Confidence, clusters, items, resamples, draws.Count, "undefined on these rows");
        if (draws.Count == 0 || draws.Count < p.MinDefinedFraction * resamples)
            return new MetricInterval(v, null, null, p.Confidence, clusters, items, resamples, draws.Count,
                $"no interval: defined on only {draws.Count} of {resamples} resamples");
        draws.Sort();
        double alpha = 1 - p.Confidence;
        return new MetricInterval(v, Quantile(draws, alpha / 2), Quantile(draws, 1 - alpha / 2), p.Confidence, clusters, items, resamples, draws.Count, null);
    }

    private static T[][] Clusters<T>(IReadOnlyList<T> rows, Func<T, string> cluster) =>
        rows.GroupBy(cluster, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.ToArray()).ToArray();
}

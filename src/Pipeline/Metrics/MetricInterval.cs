namespace DataflowLung.Pipeline.Metrics;

/// <summary>A metric with its bootstrap interval and what it rests on. <see cref="Value"/> is the metric on the
/// rows themselves; <see cref="Low"/>/<see cref="High"/> the percentile interval over the resamples on which
/// it was defined. Either is null with <see cref="Reason"/> saying why (never NaN).</summary>
/// <param name="Clusters">Clusters (patients) behind the value: each resample draws this many.</param>
/// <param name="Items">Rows behind the value (chunks, recordings or patients).</param>
/// <param name="Resamples">Resamples drawn.</param>
/// <param name="DefinedResamples">Resamples on which the metric was defined.</param>
public sealed record MetricInterval(double? Value, double? Low, double? High, double Confidence, int Clusters, int Items,
    int Resamples, int DefinedResamples, string? Reason)
{
    public double? Width => Low is { } lo && High is { } hi ? hi - lo : null;

    /// <summary>An interval as report.md and the console write it: <c>[lo, hi]</c>.</summary>
    public static string Bracket(double low, double high, string format = "0.000") =>
        $"[{low.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}, {high.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}]";
}

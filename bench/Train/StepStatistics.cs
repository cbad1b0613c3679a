namespace DataflowLung.Bench;

/// <summary>Order statistics of measured step durations.</summary>
public static class StepStatistics
{
    /// <summary>The median of a non-empty sample (mean of the two middle values for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("median of an empty sample", nameof(values));
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

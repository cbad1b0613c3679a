namespace DataflowLung.Pipeline.Metrics;

/// <summary>Ratios that are undefined (null, never NaN) when their denominator is zero.</summary>
public static class Ratio
{
    public static double? Of(double numerator, double denominator) => denominator == 0 ? null : numerator / denominator;

    /// <summary>Mean of two values, undefined when either is.</summary>
    public static double? Mean(double? a, double? b) => a is { } x && b is { } y ? (x + y) / 2 : null;
}

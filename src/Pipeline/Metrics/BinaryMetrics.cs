namespace DataflowLung.Pipeline.Metrics;

/// <summary>Threshold metrics of a binary classifier. Values whose denominator is zero are null (undefined):
/// sensitivity without positives, specificity without negatives, precision without positive predictions.</summary>
public sealed record BinaryMetrics(
    double Threshold,
    BinaryCounts Counts,
    double? Accuracy,
    double? Sensitivity,
    double? Specificity,
    double? BalancedAccuracy,
    double? Precision,
    double? F1)
{
    public static BinaryMetrics From(BinaryCounts c, double threshold)
    {
        var sensitivity = Ratio.Of(c.TruePositives, c.Positives);
        var specificity = Ratio.Of(c.TrueNegatives, c.Negatives);
        var precision = Ratio.Of(c.TruePositives, c.TruePositives + c.FalsePositives);
        // F1 = 2TP / (2TP + FP + FN): defined whenever anything was positive, in truth or in prediction.
        var f1 = Ratio.Of(2.0 * c.TruePositives, 2.0 * c.TruePositives + c.FalsePositives + c.FalseNegatives);
        return new BinaryMetrics(threshold, c, Ratio.Of(c.TruePositives + c.TrueNegatives, c.Total),
            sensitivity, specificity, Ratio.Mean(sensitivity, specificity), precision, f1);
    }

    public static BinaryMetrics At(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, double threshold) =>
        From(BinaryCounts.At(labels, scores, threshold), threshold);
}

using DataflowLung.Pipeline.Metrics;
namespace DataflowLung.Model.Metrics;

/// <summary>Crackles/wheezes metrics per chunk: each label on its own, and the ICBHI score with each output
/// thresholded at 0.5.</summary>
public sealed record CracklesWheezesReport(LabelMetrics Crackles, LabelMetrics Wheezes, IcbhiScore Icbhi) : ValidationReport
{
    public static CracklesWheezesReport Compute(IReadOnlyList<ChunkPrediction> predictions)
    {
        var truth = predictions.Select(p => IcbhiScore.ClassOf(p.HardLabel(0), p.HardLabel(1))).ToArray();
        var predicted = predictions.Select(p => IcbhiScore.ClassOf(p.Probabilities[0] >= 0.5f, p.Probabilities[1] >= 0.5f)).ToArray();
        return new CracklesWheezesReport(
            LabelMetrics.Of("crackles", Aggregation.Chunks(predictions, 0)),
            LabelMetrics.Of("wheezes", Aggregation.Chunks(predictions, 1)),
            IcbhiScore.FromClasses(truth, predicted));
    }

    public override IReadOnlyDictionary<string, double?> Flatten()
    {
        var d = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var label in new[] { Crackles, Wheezes })
        {
            d[$"{label.Label}_sensitivity"] = label.AtHalf.Sensitivity;
            d[$"{label.Label}_specificity"] = label.AtHalf.Specificity;
            d[$"{label.Label}_f1"] = label.AtHalf.F1;
            d[$"{label.Label}_auc"] = label.RocAuc;
        }
        d["icbhi_sensitivity"] = Icbhi.Sensitivity;
        d["icbhi_specificity"] = Icbhi.Specificity;
        d["icbhi_score"] = Icbhi.Score;
        return d;
    }
}

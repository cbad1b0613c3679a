using DataflowLung.Pipeline.Metrics;
namespace DataflowLung.Model.Metrics;

/// <summary>Pneumonia metrics at chunk, recording and patient level (the headline), plus the original's patient
/// rule (positive if any chunk is).</summary>
public sealed record PneumoniaReport(LevelMetrics Chunk, LevelMetrics Recording, LevelMetrics Patient, LevelMetrics PatientAnyChunk)
    : ValidationReport
{
    public static PneumoniaReport Compute(IReadOnlyList<ChunkPrediction> predictions) =>
        new(LevelMetrics.Of("chunk", Aggregation.Chunks(predictions)),
            LevelMetrics.Of("recording", Aggregation.Recordings(predictions)),
            LevelMetrics.Of("patient", Aggregation.Patients(predictions)),
            LevelMetrics.Of("patient_any", Aggregation.PatientsByAnyChunk(predictions)));

    public override IReadOnlyDictionary<string, double?> Flatten()
    {
        var d = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var level in new[] { Chunk, Recording, Patient, PatientAnyChunk })
        {
            string p = level.Level;
            d[$"{p}_auc"] = level.RocAuc;
            d[$"{p}_pr_auc"] = level.PrAuc;
            Add(d, p, level.AtHalf);
            d[$"{p}_youden_threshold"] = level.YoudenThreshold;
            if (level.AtYouden is { } y) Add(d, $"{p}_youden", y);
            else foreach (var name in MetricNames) d[$"{p}_youden_{name}"] = null;
        }
        return d;
    }

    private static readonly string[] MetricNames = ["accuracy", "sensitivity", "specificity", "balanced_accuracy", "precision", "f1"];

    private static void Add(Dictionary<string, double?> d, string prefix, BinaryMetrics m)
    {
        d[$"{prefix}_accuracy"] = m.Accuracy;
        d[$"{prefix}_sensitivity"] = m.Sensitivity;
        d[$"{prefix}_specificity"] = m.Specificity;
        d[$"{prefix}_balanced_accuracy"] = m.BalancedAccuracy;
        d[$"{prefix}_precision"] = m.Precision;
        d[$"{prefix}_f1"] = m.F1;
    }
}

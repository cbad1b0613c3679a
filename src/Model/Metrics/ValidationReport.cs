using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline;

namespace DataflowLung.Model.Metrics;

/// <summary>Validation metrics of one epoch for one task. <see cref="Flatten"/> gives the named scalar view used
/// for metrics.csv, the JSON sidecar and <c>--monitor</c> (undefined values are null).</summary>
public abstract record ValidationReport
{
    public abstract IReadOnlyDictionary<string, double?> Flatten();

    /// <summary>The metric early stopping and LR reduction follow when none is chosen.</summary>
    public static string DefaultMonitor(LearningTask task) =>
        task == LearningTask.Pneumonia ? "patient_auc" : "icbhi_score";

    public static ValidationReport Compute(LearningTask task, IReadOnlyList<ChunkPrediction> predictions) => task switch
    {
        LearningTask.Pneumonia => PneumoniaReport.Compute(predictions),
        _ when task.IsCycles() => CyclesReport.Of(task, predictions),
        _ => CracklesWheezesReport.Compute(predictions),
    };
}

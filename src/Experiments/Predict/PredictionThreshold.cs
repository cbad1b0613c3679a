using System.Text.Json;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline.Tasks;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Predict;

/// <summary>The yes/no threshold <c>predict</c> applies to a one-score model: the one its job chose on validation
/// (report.json's <c>threshold</c>, <see cref="Pipeline.Metrics.DecisionThreshold"/>) when the model is a job folder
/// whose report has it, else 0.5, saying why. <see cref="Source"/> says which.</summary>
public sealed record PredictionThreshold(double Value, string Source)
{
    public const double Default = 0.5;

    public static Option<PredictionThreshold> Of(string modelPath, LearningTask task)
    {
        if (!task.SingleScore) return None;
        var folder = Directory.Exists(modelPath) ? Path.GetFullPath(modelPath) : Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        var report = Path.Combine(folder, "report.json");
        if (!File.Exists(report)) return new PredictionThreshold(Default, "no report.json beside the model; a job folder's report holds the threshold chosen on validation");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(report));
            return doc.RootElement.TryGetProperty("threshold", out var t) && t.ValueKind == JsonValueKind.Object
                   && t.TryGetProperty("value", out var v) && v.TryGetDouble(out var value) && double.IsFinite(value)
                ? new PredictionThreshold(value, $"chosen on validation, {report}")
                : new PredictionThreshold(Default, $"{report} holds no threshold: a job from before thresholds, or not a training job");
        }
        catch (JsonException e)
        {
            return new PredictionThreshold(Default, $"{report} is not valid JSON: {e.Message}");
        }
    }

    /// <summary>Whether a recording's score is at or above the threshold.</summary>
    public bool IsPositive(IReadOnlyList<double> probabilities) => probabilities[0] >= Value;
}

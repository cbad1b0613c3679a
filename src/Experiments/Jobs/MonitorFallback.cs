using DataflowLung.Pipeline.Metrics;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Augment;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>A validation set can make the monitored metric undefined before any model has run: a cross-validation fold
/// or a small split with no pneumonia patient has no patient AUC. Monitoring it would leave every epoch "not better",
/// so the best checkpoint would stay epoch 1's and patience alone would stop training. Where the labels alone show
/// that (pneumonia, whose labels are per recording), the job monitors the validation loss instead and says so.</summary>
public static class MonitorFallback
{
    public const string Fallback = "val_loss";

    /// <summary>Why <paramref name="monitor"/> cannot be defined on <paramref name="validation"/>, when it cannot.</summary>
    public static Option<string> Reason(LearningTask task, string monitor, IEnumerable<RecordingRef> validation)
    {
        if (task != LearningTask.Pneumonia || !Plateau.Maximises(monitor)) return None;
        // The metric on constant probabilities is null exactly when the labels leave it undefined (a class absent).
        var labelled = validation.Where(r => r.Labels.HasPneumoniaLabel).ToArray();
        var predictions = labelled.Select(r => PredictionRow.OfChunk(r.Name, r, [r.Labels.Pneumonia], [0.5f])).ToArray();
        // A name the task does not know is left for the trainer to refuse.
        if (!Scoring.Epoch(task, predictions).TryGetValue(monitor, out var value) || value is not null) return None;
        int positives = labelled.Count(r => r.Labels.Pneumonia == 1);
        return $"{monitor} is undefined on this validation set ({labelled.Length} recordings, {positives} with pneumonia, " +
               $"{labelled.Length - positives} without); {Fallback} is monitored instead for the best checkpoint, " +
               "learning-rate steps and early stopping";
    }
}

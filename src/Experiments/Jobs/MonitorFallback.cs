using DataflowLung.Pipeline.Tasks;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using LanguageExt;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary>A validation set can make the monitored metric undefined before any model has run: a cross-validation fold
/// or a small split with no pneumonia patient has no patient AUC. Monitoring it would leave every epoch "not better",
/// so the best checkpoint would stay epoch 1's and patience alone would stop training. Where the labels alone show
/// that (<see cref="LearningTask.UndefinedMonitor"/>: pneumonia, whose labels are per recording), the job monitors the
/// validation loss instead and says so.</summary>
public static class MonitorFallback
{
    public const string Fallback = "val_loss";

    /// <summary>Why <paramref name="monitor"/> cannot be defined on <paramref name="validation"/>, when it cannot.</summary>
    public static Option<string> Reason(LearningTask task, string monitor, IEnumerable<RecordingRef> validation) =>
        Plateau.Maximises(monitor)
            ? task.UndefinedMonitor(monitor, validation).Map(why =>
                $"{why}; {Fallback} is monitored instead for the best checkpoint, learning-rate steps and early stopping")
            : None;
}

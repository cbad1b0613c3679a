using DataflowLung.Model.Models;
using LanguageExt;

namespace DataflowLung.Model.Training;

public enum StopReason { Completed, EarlyStopping, Cancelled }

/// <summary>How a training run ended. <see cref="Epochs"/> holds the epochs run by this call (a resumed run
/// starts after the checkpoint's epoch).</summary>
public sealed record TrainingOutcome(
    ModelSummary Summary,
    Seq<EpochResult> Epochs,
    int BestEpoch,
    double? BestMonitor,
    StopReason Reason,
    string BestDirectory,
    string LastDirectory);

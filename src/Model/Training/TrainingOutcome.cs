using DataflowLung.Model.Models;
using LanguageExt;

namespace DataflowLung.Model.Training;

/// <summary>Why training stopped. <see cref="Diverged"/>: a loss or gradient was not finite (see <see cref="Divergence"/>).</summary>
public enum StopReason { Completed, EarlyStopping, Cancelled, Diverged }

/// <summary>How a training run ended. <see cref="Epochs"/> holds the epochs run by this call (a resumed run
/// starts after the checkpoint's epoch). <see cref="Divergence"/> is set when the run stopped on a non-finite value;
/// the checkpoints are then those of the last completed epoch.</summary>
public sealed record TrainingOutcome(
    ModelSummary Summary,
    Seq<EpochResult> Epochs,
    int BestEpoch,
    double? BestMonitor,
    StopReason Reason,
    string BestDirectory,
    string LastDirectory,
    Divergence? Divergence = null);

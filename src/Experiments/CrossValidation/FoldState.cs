using DataflowLung.Model.Checkpoints;
using DataflowLung.Experiments.Jobs;

namespace DataflowLung.Experiments.CrossValidation;

/// <summary>Where a fold's job folder stands, so re-running a fold (a scheduler's retry, a resumed cross-validation)
/// neither repeats finished work nor loses stopped work: <see cref="Absent"/> → start it; <see cref="Finished"/> →
/// keep it; <see cref="Resumable"/> (a last checkpoint, e.g. after Ctrl+C or SIGTERM) → continue from that epoch;
/// <see cref="Stale"/> (started, no epoch finished) → set aside and start again.</summary>
public abstract record FoldState
{
    public sealed record Absent : FoldState;
    public sealed record Finished(string Outcome) : FoldState;
    public sealed record Resumable(int Epoch) : FoldState;
    public sealed record Stale : FoldState;

    public static FoldState Of(string directory)
    {
        if (!Directory.Exists(directory)) return new Absent();
        // An unreadable report is not a finished fold; the checkpoint decides below.
        if (ReportJson.ReadFile<JobReport>(Path.Combine(directory, "report.json"), "job report").Case is JobReport { Outcome: var outcome }
            && CrossValidationAggregate.Finished.Contains(outcome) && File.Exists(Path.Combine(directory, "model.pt")))
            return new Finished(outcome);
        return CheckpointStore.ReadInfo(Path.Combine(directory, "checkpoints", "last")).Match<FoldState>(
            info => new Resumable(info.Epoch),
            _ => new Stale());
    }
}

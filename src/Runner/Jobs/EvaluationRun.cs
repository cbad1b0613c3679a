using DataflowLung.Pipeline.Audio;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Runner.Cli;
using DataflowLung.Runner.Data;
using DataflowLung.Runner.Parameters;
using LanguageExt.Common;

namespace DataflowLung.Runner.Jobs;

/// <summary>A trained model on a held-out set: every usable recording of the given datasets (no split)
/// through the graph, all metrics by level, written as a job folder with the same report.json shape
/// (no epochs, so no metrics.csv or curves).</summary>
public static class EvaluationRun
{
    /// <param name="split">Chooses the recordings (the validation side of a job's recorded split, <c>evaluate --job</c>);
    /// null = every usable recording.</param>
    /// <param name="sourceJob">The job whose split is re-scored, for the report.</param>
    public static async Task<int> RunAsync(Predictor predictor, JobParameters p, DataRoot root, JobFolder folder, JobLog log, CancellationToken ct,
        JobData.Splitter? split = null, string? sourceJob = null)
    {
        var started = DateTimeOffset.UtcNow;
        var timer = new StageTimer();
        var loaded = timer.Time("datasets", () => JobData.Load(p, root.Path, AudioProbe.Of, holdOut: split is null, split: split));
        if (loaded.IsFail)
        {
            log.Error(((Error)loaded).Message);
            return ExitCodes.MissingData;
        }
        var data = (JobData)loaded;
        var dataReport = timer.Time("datasets", () => data.Report(p, AudioProbe.Of)) with { SplitNotes = data.Split.Notes.ToArray() };
        foreach (var note in data.Split.Notes) log.Info($"split: {note}");
        log.Info($"{(sourceJob is null ? "held-out set" : "validation split of " + sourceJob)}: {dataReport.Val.Patients} patients, {dataReport.Val.Recordings} recordings, {dataReport.Val.Chunks} chunks");
        using var backend = JobStages.Backend(p);
        var built = JobStages.Create(p with { Augment = Pipeline.Augment.AugmentParams.Default }, backend);
        if (built.IsFail)
        {
            log.Error(((Error)built).Message);
            return ExitCodes.BadArguments;
        }
        var flow = new DataFlow((FlowStages)built, p.EffectiveFlow);
        var faults = new List<SkippedFile>();
        var flows = new FlowLog();
        var evaluated = await JobOutputs.EvaluateAsync(predictor, flow, data.Split.Validation, p, folder, timer, log, faults, flows.Validation);
        if (evaluated.IsFail)
        {
            log.Error("evaluation failed: " + ((Error)evaluated).Message);
            return ExitCodes.Failed;
        }
        var val = (ValidationMetrics)evaluated;
        log.Info($"held-out metrics of {predictor.Info.Model} (trained to epoch {predictor.Info.Epoch}):");
        foreach (var line in JobOutputs.Headline(val, p.Task)) log.Info(line);
        var report = new JobReport(p.Task.CliName(), "evaluate", p.Datasets.ToArray(), ModelReport.Of(predictor.Info.Summary, predictor.Info.Shape), folder.Directory,
            dataReport with { FilesSkipped = dataReport.FilesSkipped.Concat(faults).DistinctBy(f => f.Path).ToArray() },
            val, predictor.Info.Epoch, 0, "evaluated", timer.Report(0, flows.Timing()), AugmentationReport.None, VersionInfo.Current, started, DateTimeOffset.UtcNow);
        JobOutputs.WriteReport(folder, report);
        log.Info($"report: {folder.ReportJson}");
        return ct.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Success;
    }
}

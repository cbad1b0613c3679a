using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using DataflowLung.Pipeline.Audio;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Parameters;
using LanguageExt.Common;

namespace DataflowLung.Experiments.Jobs;

/// <summary>A trained model on a held-out set: every usable recording of the given datasets (no split)
/// through the graph, all metrics by level, written as a job folder with the same report.json shape
/// (no epochs, so no metrics.csv or curves).</summary>
public static class EvaluationRun
{
    /// <summary><see cref="JobContext.Split"/> chooses the recordings (the validation side of a job's recorded split,
    /// <c>evaluate --job</c>); null = every usable recording.</summary>
    /// <param name="sourceJob">The job whose split is re-scored, for the report.</param>
    public static async Task<JobOutcome> RunAsync(Predictor predictor, JobContext c, string? sourceJob = null)
    {
        var (p, root, folder, log, ct, split) = (c.Parameters, c.Root, c.Folder, c.Log, c.Cancellation, c.Split);
        var started = DateTimeOffset.UtcNow;
        var timer = new StageTimer();
        var warnings = new RunWarnings();
        void ShowWarnings() => warnings.Flush(log.Info, log.Quiet);
        // One probe memo: loading, the data report and the too-short screen read each header once.
        JobData.Probe probe = new JobCaches().Probe;
        _ = StartupWarmUp.FeatureBackend(JobStages.Kind(p.Backend)); // the CUDA probe, while the datasets are scanned
        var loaded = timer.Time("datasets", () => JobData.Load(p, root.Path, probe, holdOut: split is null, split: split));
        if (loaded.Case is not JobData data) return log.MissingData(loaded.Match(_ => "", e => e.Message));
        var dataReport = timer.Time("datasets", () => data.Report(p, probe)) with { SplitNotes = data.Split.Notes.ToArray() };
        foreach (var note in data.Split.Notes) log.Info($"split: {note}");
        log.Info($"{(sourceJob is null ? "held-out set" : "validation split of " + sourceJob)}: {dataReport.Val.Patients} patients, {dataReport.Val.Recordings} recordings, {dataReport.Val.Chunks} chunks");
        foreach (var warning in data.Summaries.Bind(x => x.Warnings)) warnings.Add(warning);
        foreach (var skipped in dataReport.FilesSkipped) warnings.AddSkipped(skipped.Path, skipped.Reason);
        // Every recording is predicted or listed with why: shorter than min_recording_length is "too short".
        var faults = new List<SkippedFile>();
        var recordings = data.Split.Validation.Filter(r => probe(r.Path).Match(
            Succ: info => p.TooShort(info.Seconds).Match(
                Some: reason => { faults.Add(new SkippedFile(r.Path, reason)); return false; },
                None: () => true),
            Fail: _ => true));
        foreach (var skipped in faults) warnings.AddSkipped(skipped.Path, skipped.Reason);
        using var backend = JobStages.Backend(p);
        JobStages.SlowBackendWarning(backend).IfSome(slow =>
        {
            warnings.Add(WarningKind.SlowBackend, slow);
            log.Alert(slow);
        });
        ShowWarnings();
        var built = JobStages.Create(p with { Augment = Pipeline.Augment.AugmentParams.Default }, backend, warnings: warnings);
        if (built.Case is not FlowStages stages) return log.BadInput(built.Match(_ => "", e => e.Message));
        var flow = new DataFlow(stages, p.EffectiveFlow);
        var flows = new FlowLog();
        var evaluated = await JobOutputs.EvaluateAsync(predictor, flow, recordings, p, folder, timer, log, faults, flows.Validation);
        foreach (var fault in faults) warnings.AddSkipped(fault.Path, fault.Reason);
        ShowWarnings();
        if (evaluated.Case is not ValidationMetrics val) return log.Failed("evaluation failed: " + evaluated.Match(_ => "", e => e.Message));
        log.Info($"held-out metrics of {predictor.Info.Model} (trained to epoch {predictor.Info.Epoch}):");
        foreach (var line in p.Task.Headline(val)) log.Info(line);
        var report = new JobReport(p.Task.Name, "evaluate", p.Datasets.ToArray(), ModelReport.Of(predictor.Info.Summary, predictor.Info.Shape), folder.Directory,
            dataReport with { FilesSkipped = dataReport.FilesSkipped.Concat(faults).DistinctBy(f => f.Path).ToArray() },
            val, predictor.Info.Epoch, 0, "evaluated", timer.Report(0, flows.Timing()), AugmentationReport.None, VersionInfo.Current, started, DateTimeOffset.UtcNow,
            Warnings: warnings.Summary());
        log.Info($"warnings: {warnings.Describe()}");
        JobOutputs.WriteReport(folder, report);
        if (p.TensorBoard)
        {
            // No epochs here: the figures and parameters only, at the step of the epoch the model was trained to.
            using var board = new TensorBoard.TensorBoardLog(folder.Directory);
            log.Info($"tensorboard: {TensorBoard.JobTensorBoard.Finish(board, folder.Directory, predictor.Info.Epoch)} figure(s) and the parameters in {Path.GetFileName(board.Path)}");
        }
        log.Info($"report: {folder.ReportJson}");
        return ct.IsCancellationRequested ? JobOutcome.Stopped : JobOutcome.Success;
    }
}

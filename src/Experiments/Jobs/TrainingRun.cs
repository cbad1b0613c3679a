using DataflowLung.Pipeline.Tasks;
using DataflowLung.Pipeline.Metrics;
using System.Globalization;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Model.Models;
using DataflowLung.Model.Training;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Pipeline.Augment;
using DataflowLung.Pipeline.Flow;
using DataflowLung.Pipeline.Stages;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Experiments.Plots;
using DataflowLung.Experiments.Progress;
using DataflowLung.Experiments.Splits;
using LanguageExt;
using LanguageExt.Common;

namespace DataflowLung.Experiments.Jobs;

/// <summary>One training job, end to end: datasets → patient split → graph (decode, chunk, features, batches)
/// → trainer (best/last checkpoints, metrics.csv per epoch) → the best model copied to the job folder →
/// a validation pass with it → predictions.csv, report.json/md and plots → the official test sets, when the data holds
/// any, scored once with the same model (<see cref="TestScoring"/>). Cancellation stops training after
/// the current batch; whatever finished is still evaluated and reported. A resumed job (<c>--resume</c>) continues
/// in its own folder from the last checkpoint's epoch: metrics.csv and log.txt grow, the model, predictions,
/// plots and reports are rewritten.</summary>
public static class TrainingRun
{
    /// <summary>The job of <paramref name="c"/>, whose folder is locked and whose log is attached (<see cref="JobStart"/>).</summary>
    public static async Task<JobOutcome> RunAsync(JobContext c)
    {
        var (p, root, folder, log, console, ct) = (c.Parameters, c.Root, c.Folder, c.Log, c.Console, c.Cancellation);
        var (resumeFromEpoch, split, caches) = (c.ResumeFromEpoch, c.Split, c.Caches);
        var started = DateTimeOffset.UtcNow;
        var timer = new StageTimer();
        var warnings = new RunWarnings();
        void ShowWarnings() => warnings.Flush(log.Info, log.Quiet);
        caches ??= new JobCaches();
        JobData.Probe probe = caches.Probe;
        _ = StartupWarmUp.FeatureBackend(JobStages.Kind(p.Backend)); // the CUDA probe, while the datasets are scanned
        var splitter = split ?? (resumeFromEpoch is null ? null : SavedSplit(p, root, folder, caches, log));
        var loaded = timer.Time("datasets", () => JobData.Load(p, root.Path, probe, split: splitter));
        if (loaded.Case is not JobData data) return log.MissingData(loaded.Match(_ => "", e => e.Message));
        // A resume keeps the recorded split.json as it is; a folder without one records the split it now uses.
        if (resumeFromEpoch is null || !File.Exists(Path.Combine(folder.Directory, SplitRecord.FileName)))
            SplitRecord.Of(data.Split, p.Task, root.Path, caches.Fingerprints).Write(folder.Directory);
        var dataReport = timer.Time("datasets", () => data.Report(p, probe)) with { SplitNotes = data.Split.Notes.ToArray() };
        foreach (var note in data.Split.Notes) log.Info($"split: {note}");
        log.Info($"train: {dataReport.Train.Patients} patients, {dataReport.Train.Recordings} recordings, {dataReport.Train.Chunks} chunks; " +
                 $"validation: {dataReport.Val.Patients} patients, {dataReport.Val.Recordings} recordings, {dataReport.Val.Chunks} chunks");
        foreach (var warning in data.Summaries.Bind(x => x.Warnings)) warnings.Add(warning);
        foreach (var skipped in dataReport.FilesSkipped) warnings.AddSkipped(skipped.Path, skipped.Reason);
        ShowWarnings();
        if (data.Split.Train.IsEmpty || data.Split.Validation.IsEmpty)
            return log.MissingData($"the split left {(data.Split.Train.IsEmpty ? "no training" : "no validation")} recording; add patients or change train_test_ratio");

        using var backend = JobStages.Backend(p);
        JobStages.SlowBackendWarning(backend).IfSome(slow =>
        {
            warnings.Add(WarningKind.SlowBackend, slow);
            log.Alert(slow);
        });
        var census = timer.Time("datasets", () => ClassCensus.Count(data.Split.Train, p.Task, p.Features.SampleRate, p.Chunk));
        foreach (var skipped in census.Skipped) warnings.AddSkipped(skipped.File, skipped.Reason);
        ShowWarnings();
        var built = JobStages.Create(p, backend, census, warnings);
        if (built.Case is not FlowStages stages) return log.BadInput(built.Match(_ => "", e => e.Message));
        var weights = p.Train.ClassWeights && p.Augment.ClassWeightsAfterAugmentation && p.Augment.AugmentsAnything
            ? ClassWeights.FromCounts(ClassBalance.CountsAfterAugmentation(census, WholeSetPlan.Create(census.Identities, p.Augment, JobStages.StageParams(p).Seed)), p.Task)
            : ClassBalance.Weights(census, p.Train.ClassWeights, p.Augment.Oversample);
        if (weights.Case is not ClassWeightTable classWeights) return log.MissingData(weights.Match(_ => "", e => e.Message));
        var signals = caches.Signals(stages, p.EffectiveFlow);
        var trainFlow = new DataFlow(stages, p.EffectiveFlow, signals);
        var validationFlow = new DataFlow(stages with { AudioAugment = null, SpectrogramAugment = null, FeatureAugment = null }, p.EffectiveFlow, signals);
        var shape = new ModelShape(p.Features.NMels, backend.Frames, p.Task.Outputs);
        log.Info($"features: {backend.Name} backend, {shape.Mels} mels × {shape.Frames} frames per chunk; model {p.Train.Model} on {p.Train.Device}");

        var job = new TrainingJob(shape, p.Task, p.Train, p.Features, p.Chunk, Path.Combine(folder.Directory, "checkpoints"),
            classWeights, Resume: resumeFromEpoch is not null);
        // A report rebuild trains nothing: the trainer starts after the last checkpoint's epoch and stops there.
        if (c.ReportOnly && resumeFromEpoch is { } finished) job = job with { Train = job.Train with { Epochs = finished } };
        foreach (var reason in MonitorFallback.Reason(p.Task, job.Monitor, data.Split.Validation))
        {
            warnings.Add(WarningKind.MonitorFallback, reason);
            log.Alert(reason);
            job = job with { Train = job.Train with { Monitor = MonitorFallback.Fallback } };
        }
        var faults = census.Skipped.Select(f => new SkippedFile(f.File, f.Reason)).ToList();
        var epochs = new List<EpochResult>();
        var flows = new FlowLog();
        using var board = p.TensorBoard ? new TensorBoard.TensorBoardLog(folder.Directory) : null;
        // prefetch: decode the first epoch's recordings (then the validation set's) beside the graph while the trainer starts up and trains.
        using var stopPrefetch = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // A report rebuild trains no epoch, so only the validation set is worth decoding ahead.
        var prefetch = !p.Flow.Prefetch ? Task.CompletedTask
            : c.ReportOnly ? validationFlow.Prefetch(data.Split.Validation.ToArray(), 0, training: false, stopPrefetch.Token)
            : trainFlow.Prefetch(data.Split.Train.ToArray(), (resumeFromEpoch ?? 0) + 1, training: true, stopPrefetch.Token)
                .ContinueWith(_ => validationFlow.Prefetch(data.Split.Validation.ToArray(), 0, training: false, stopPrefetch.Token), TaskScheduler.Default).Unwrap();
        Fin<TrainingOutcome> trained;
        try
        {
            trained = await timer.TimeAsync("training", () =>
                Train(c, data, job, new Flows(trainFlow, validationFlow), new Collected(faults, epochs, flows, warnings, board)));
        }
        finally
        {
            await stopPrefetch.CancelAsync();
            await prefetch;
        }
        ShowWarnings();
        // An epoch the file system would not let us save ends the job under the one file-system rule (JobStart: a new
        // folder with no checkpoint is removed, else it keeps its last whole epoch for --resume).
        if (trained.Match(_ => (Exception?)null, e => e.Exception.Match(x => (Exception?)x, () => null)) is IOException or UnauthorizedAccessException)
            throw new IOException(trained.Match(_ => "", e => e.Message));
        if (trained.Case is not TrainingOutcome outcome) return log.Failed("training failed: " + trained.Match(_ => "", e => e.Message));
        if (outcome.Divergence is { } diverged) log.Error(diverged.Describe() + "; checkpoints stay those of the last completed epoch");
        log.Info($"training {Describe(outcome.Reason)} after {outcome.Epochs.Count} epoch(s); best epoch {outcome.BestEpoch}");

        ValidationMetrics? val = null;
        IReadOnlyDictionary<string, ValidationMetrics>? tests = null;
        DecisionThreshold? threshold = null;
        BaselineReport? baseline = null;
        // A stop during training still ends in a report of the best epoch (the stop token is then not passed on). A stop
        // that comes while that evaluation runs (minutes with Grad-CAM on a large validation set, longer than the
        // SIGTERM grace) abandons it: the checkpoints are whole, and `--resume` rebuilds the outputs (issue 23).
        using var finalStop = new CancellationTokenSource();
        using var stopLink = outcome.Reason == StopReason.Cancelled ? default : c.Cancellation.Register(finalStop.Cancel);
        try
        {
            if (File.Exists(Path.Combine(outcome.BestDirectory, CheckpointStore.ModelFile)))
            {
                // Each under a temporary name, so the folder's model.pt and model.json are each whole (a mismatched pair is
                // caught by the checksum in model.json).
                Pipeline.IO.AtomicFile.Write(folder.Model, tmp => File.Copy(Path.Combine(outcome.BestDirectory, CheckpointStore.ModelFile), tmp));
                Pipeline.IO.AtomicFile.Write(Path.Combine(folder.Directory, CheckpointStore.InfoFile),
                    tmp => File.Copy(Path.Combine(outcome.BestDirectory, CheckpointStore.InfoFile), tmp));
                // The baseline's collection and fit need neither the model nor a test set: they run beside the evaluation,
                // whose image drawing leaves a core idle; the baseline is finished (scored, paired, logged) after it.
                using var baselineStop = CancellationTokenSource.CreateLinkedTokenSource(finalStop.Token);
                var baselinePrepared = p.Baseline
                    ? Task.Run(() => BaselineRun.PrepareAsync(validationFlow, data, p, classWeights, job.Monitor, baselineStop.Token), CancellationToken.None)
                    : null;
                try
                {
                    var loadedModel = Predictor.Load(folder.Directory, p.Train.Device);
                    if (loadedModel.Case is not Predictor predictor) return log.Failed("cannot load the best model back: " + loadedModel.Match(_ => "", e => e.Message));
                    using var held = predictor;
                    var evaluated = await JobOutputs.EvaluateAsync(predictor, validationFlow, data.Split.Validation, p, folder, timer, log, faults, flows.Validation, finalStop.Token);
                    foreach (var fault in faults) warnings.AddSkipped(fault.Path, fault.Reason);
                    ShowWarnings();
                    if (evaluated.Case is not ValidationMetrics validated) return log.Failed("validation failed: " + evaluated.Match(_ => "", e => e.Message));
                    val = validated;
                    log.Info($"validation of the best model (epoch {outcome.BestEpoch}):");
                    foreach (var line in p.Task.Headline(val)) log.Info(line);
                    if (p.Task.SingleScore) threshold = DecisionThreshold.Choose(PredictionsCsv.Read(folder.PredictionsCsv, p.Task));
                    if (!data.Split.Tests.IsEmpty)
                    {
                        var scored = await TestScoring.ScoreAsync(predictor, validationFlow, data.Split.Tests, p, folder, timer, log, faults, finalStop.Token);
                        foreach (var fault in faults) warnings.AddSkipped(fault.Path, fault.Reason);
                        ShowWarnings();
                        if (scored.Case is Error testFailure) return log.Failed("test scoring failed: " + testFailure.Message);
                        tests = scored.Match(t => t, _ => (IReadOnlyDictionary<string, ValidationMetrics>?)null);
                        foreach (var test in data.Split.Tests.Filter(t => tests?.ContainsKey(t.Key) == true))
                            threshold = threshold?.WithTest(test.Key, PredictionsCsv.Read(Path.Combine(folder.Directory, test.PredictionsFile), p.Task));
                    }
                    if (threshold is not null) foreach (var line in ThresholdLines(threshold)) log.Info(line);
                    finalStop.Token.ThrowIfCancellationRequested();
                    if (baselinePrepared is not null)
                        baseline = await timer.TimeAsync("baseline", async () =>
                            await BaselineRun.FinishAsync(await baselinePrepared, validationFlow, data, p, folder, tests, log, faults));
                }
                finally
                {
                    // Leaving early (a failure, a stop): the baseline is not wanted; it is stopped and waited for, so
                    // nothing of it runs on after the job.
                    if (baselinePrepared is { IsCompleted: false })
                    {
                        await baselineStop.CancelAsync();
                        try { await baselinePrepared; }
                        catch (Exception) { /* abandoned: its result, or why it failed, is not wanted */ }
                    }
                }
            }
            else log.Info("no epoch finished, so there is no model to evaluate");
        }
        catch (OperationCanceledException) when (finalStop.IsCancellationRequested)
        {
            log.Info($"stopped while evaluating the best model: no report written; the checkpoints are whole, and " +
                     $"`runner {p.Task.Name} --resume {folder.Directory}` writes the report (or trains on, if epochs are left)");
            return JobOutcome.Stopped;
        }

        var epochsDone = outcome.Epochs.IsEmpty ? resumeFromEpoch ?? 0 : outcome.Epochs[^1].Epoch;
        timer.Time("reports", () => JobPlots.Curves(folder.Plots, p.Task, MetricsCsv.Read(folder.MetricsCsv), epochsDone == 0 ? null : outcome.BestEpoch));
        var pipeline = flows.Timing();
        foreach (var (name, totals) in new[] { ("training", pipeline.Training), ("validation", pipeline.Validation) })
            if (totals is not null)
                log.Info($"pipeline ({name}, {totals.Runs} run(s)): consumer waited {totals.ConsumerWaitSeconds:0.00} s ({totals.ConsumerWaitFraction:P1}); bottleneck {totals.Bottleneck}");
        var report = new JobReport(p.Task.Name, "train", p.Datasets.ToArray(), ModelReport.Of(outcome.Summary, shape), folder.Directory,
            dataReport with
            {
                FilesSkipped = dataReport.FilesSkipped.Concat(faults).DistinctBy(f => f.Path).ToArray(),
                Val = val is null ? dataReport.Val : dataReport.Val with { ScoredRecordings = val.Recording.Count, ScoredChunks = val.Chunk.Count },
            },
            val, epochsDone == 0 ? null : outcome.BestEpoch, epochsDone, Describe(Reason(c, outcome.Reason)),
            timer.Report(epochs.Sum(e => e.WaitForDataSeconds), pipeline), AugmentationReport.Of(pipeline.Epochs),
            VersionInfo.Current, started, DateTimeOffset.UtcNow, c.ReportOnly ? null : resumeFromEpoch, warnings.Summary(), outcome.Divergence, tests, threshold, TestScoring.Mean(tests), baseline);
        log.Info($"warnings: {warnings.Describe()}");
        JobOutputs.WriteReport(folder, report, log);
        if (board is not null)
            log.Info($"tensorboard: {TensorBoard.JobTensorBoard.Finish(board, folder.Directory, epochsDone == 0 ? 0 : outcome.BestEpoch)} figure(s) and the parameters in {Path.GetFileName(board.Path)}");
        log.Info($"report: {folder.ReportJson}");
        return outcome.Reason switch
        {
            StopReason.Cancelled => JobOutcome.Stopped,
            StopReason.Diverged => new JobOutcome.Diverged(),
            _ => JobOutcome.Success,
        };
    }

    /// <summary>Why training ended; a rebuilt report (<see cref="JobContext.ReportOnly"/>) of a job that ended before its
    /// last epoch says it stopped early (ResumeSetup accepts no other unfinished job).</summary>
    private static StopReason Reason(JobContext c, StopReason trained) =>
        c.ReportOnly && c.ResumeFromEpoch < c.Parameters.Train.Epochs ? StopReason.EarlyStopping : trained;

    /// <summary>The chosen threshold and, at the patient level, what it gives on validation and each test set.</summary>
    private static IEnumerable<string> ThresholdLines(DecisionThreshold t)
    {
        static string At(IReadOnlyDictionary<string, BinaryMetrics> levels) => levels.TryGetValue("patient", out var m)
            ? $"patient sensitivity {HeadlineText.Value(m.Sensitivity)}, specificity {HeadlineText.Value(m.Specificity)} (n={m.Counts.Total})"
            : "no patient rows";
        yield return string.Create(CultureInfo.InvariantCulture, $"decision threshold {t.Value:0.####} ({t.Rule})");
        yield return $"  validation at it: {At(t.Validation)}";
        foreach (var (set, levels) in t.Test) yield return $"  test set {set} at it: {At(levels)}";
    }

    /// <summary>The graphs that feed training and validation (validation's without augmentation).</summary>
    private sealed record Flows(DataFlow Train, DataFlow Validation);

    /// <summary>What the epochs add to as they run: skipped files, epoch results, flow reports and warnings.</summary>
    private sealed record Collected(List<SkippedFile> Faults, List<EpochResult> Epochs, FlowLog Flows, RunWarnings Warnings, TensorBoard.TensorBoardLog? Board);

    private static Task<Fin<TrainingOutcome>> Train(JobContext c, JobData data, TrainingJob job, Flows graphs, Collected collected) =>
        c.Console.RunWithProgressAsync(async progress =>
        {
            var (p, folder, log, resumeFromEpoch, ct) = (c.Parameters, c.Folder, c.Log, c.ResumeFromEpoch, c.Cancellation);
            var (trainFlow, validationFlow) = (graphs.Train, graphs.Validation);
            var (faults, epochs, flows, warnings) = (collected.Faults, collected.Epochs, collected.Flows, collected.Warnings);
            using var metrics = resumeFromEpoch is { } last ? MetricsCsv.Resume(folder.MetricsCsv, last) : new MetricsCsv(folder.MetricsCsv);
            var lastLoss = double.NaN;
            int? batchesPerEpoch = null;
            // Each fault of an epoch's training or validation pass is listed with that epoch: a recording that becomes
            // unreadable mid-run is named with the epoch it was first missed in (files_skipped keeps the first listing).
            int epochNow = 0;
            void Faults(FlowReport r)
            {
                lock (faults) faults.AddRange(r.Faults.Select(f => new SkippedFile(f.File, f.Reason, epochNow)));
                foreach (var f in r.Faults) warnings.AddSkipped(f.File, f.Reason);
            }
            IAsyncEnumerable<Batch> TrainBatches(int epoch)
            {
                progress.StartEpoch(epoch, p.Train.Epochs, batchesPerEpoch);
                epochNow = epoch;
                lastLoss = double.NaN;
                int batches = 0, samples = 0;
                return TrackedRun.Of(trainFlow.Epoch(data.Split.Train.ToArray(), epoch, training: true, ct),
                    (b, elapsed) =>
                    {
                        batches++;
                        samples += b.Size;
                        progress.Batch(batches, lastLoss, elapsed.TotalSeconds > 0 ? samples / elapsed.TotalSeconds : 0);
                    },
                    r =>
                    {
                        Faults(r);
                        flows.Training(r);
                        if (r.Finished) batchesPerEpoch = (int)r.Batches;
                        if (r.AugmentedByKind.Count > 0)
                            log.Info($"epoch {epoch} data: {r.Chunks} chunks, augmented " + string.Join(", ", r.AugmentedByKind.Select(kv => $"{kv.Key} {kv.Value}")) +
                                     $"; pipeline bottleneck: {r.Bottleneck}");
                    },
                    ct);
            }
            // Validation inside training is short and the trainer evaluates it without cancellation; stopping
            // mid-way would leave the epoch half-measured.
            IAsyncEnumerable<Batch> ValidationBatches() =>
                TrackedRun.Of(validationFlow.Epoch(data.Split.Validation.ToArray(), 0, training: false, CancellationToken.None), (_, _) => { }, r =>
                {
                    Faults(r);
                    flows.Validation(r);
                });
            // The epoch's metrics.csv row is staged into the trainer's epoch unit (written with the checkpoints, or not
            // at all); the log, the progress display and TensorBoard hear the epoch once that unit is on disk.
            EpochMetrics? staged = null;
            void Stage(EpochResult e, Model.Checkpoints.EpochCommit unit)
            {
                var pipeline = flows.EndEpoch(e.Epoch, e.WaitForDataSeconds);
                staged = new EpochMetrics(e.Epoch, e.TrainLoss, e.ValidationLoss, e.LearningRate, e.EpochSeconds, e.WaitForDataSeconds,
                    e.TrainSamples, e.Metrics, e.IsBest, pipeline?.WaitFraction, e.ValidationRecordings, e.ValidationSamples);
                metrics.Stage(staged, unit);
            }
            var sink = new SyncProgress<EpochResult>(e =>
            {
                progress.EndEpoch();
                epochs.Add(e);
                var row = staged!;
                if (collected.Board is { } board) TensorBoard.JobTensorBoard.Epoch(board, row);
                log.Info(EpochLine(e, p.Train.Epochs, job.Monitor));
                warnings.Flush(log.Info, log.Quiet);
            });
            // The progress line shows the epoch's running mean loss so far (NaN, shown as –, only before the first step).
            var running = new SyncProgress<double>(loss => lastLoss = loss);
            return await Trainer.RunAsync(job, new BatchSources(TrainBatches, ValidationBatches), sink, ct, running, Stage);
        });

    private static string EpochLine(EpochResult e, int totalEpochs, string monitor) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {e.Epoch}/{totalEpochs}: train loss {e.TrainLoss:0.0000}, val loss {(e.ValidationLoss is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a")}, " +
        $"{monitor} {(e.Monitor is { } m ? m.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a")}{(e.IsBest ? " (best)" : "")}, lr {e.LearningRate:G3}, " +
        $"{e.EpochSeconds:0.0} s ({e.TrainSamples / Math.Max(e.EpochSeconds, 1e-9):0} samples/s, waited {e.WaitForDataSeconds:0.00} s for data)");

    public static string Describe(StopReason reason) => reason switch
    {
        StopReason.EarlyStopping => "stopped early",
        StopReason.Cancelled => "cancelled",
        StopReason.Diverged => "diverged",
        _ => "completed",
    };

    /// <summary>A resumed job keeps the split its folder recorded (split.json): the patients stay on their sides
    /// whatever the data root holds now. A folder from before split.json existed is split again, with a warning.</summary>
    private static JobData.Splitter? SavedSplit(JobParameters p, DataRoot root, JobFolder folder, JobCaches caches, JobLog log)
    {
        var path = Path.Combine(folder.Directory, SplitRecord.FileName);
        if (!File.Exists(path))
        {
            log.Info($"warning: {path} not found (a job folder from an older version): the patients are split again from the data; " +
                     "the split matches the original only if the data root holds the same recordings");
            return null;
        }
        return scans => SplitRecord.Read(folder.Directory).Bind(saved => saved.Reuse(scans, p.Task, root.Path, caches.Fingerprints, path));
    }
}

using DataflowLung.Pipeline.Tasks;
using System.Globalization;
using DataflowLung.Pipeline;
using DataflowLung.Pipeline.Datasets;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using DataflowLung.Experiments.Progress;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.CrossValidation;

/// <summary>Runs the folds of a cross-validation folder: all of them in this process (<c>--cv K</c>), or one
/// (<c>--fold i</c>, or a scheduler's array index) in a folder other processes share. The folder's params.json
/// (fold −1) and folds.json (the plan) are written by whichever run gets there first and checked by every later one.
/// Each fold is a normal job folder <c>fold_&lt;i&gt;/</c>; the folds of one process share probes, file hashes and
/// decoded signals (<see cref="JobCaches"/>). When every fold of the plan has finished, the folder's report is built
/// (<see cref="CrossValidationAggregate"/>).</summary>
public static class CrossValidationRun
{
    public static async Task<JobOutcome> RunAsync(JobParameters p, DataRoot root, string parent, IReadOnlyList<int>? only, JobLog log, IJobConsole console,
        JobHost host, CancellationToken ct)
    {
        var parentParams = p with { Split = p.Split with { Fold = -1 } };
        var caches = new JobCaches();
        var prepared = EnsureParams(parent, parentParams).Bind(_ => EnsureFolds(parent, parentParams, root, caches));
        if (prepared.Case is not FoldsRecord folds) return log.BadInput(prepared.Match(_ => "", e => e.Message));
        log.Info($"cross-validation folder {parent}");
        log.Info($"split: {folds.Note}");
        var indices = only ?? Enumerable.Range(0, folds.Count).ToArray();
        var failed = new List<int>();
        foreach (var index in indices)
        {
            var entry = folds.FoldList.Single(f => f.Index == index);
            log.Info(FoldListing.Line(entry.Index, entry.Repeat, entry.Fold, folds.Repeats, entry.Validation, folds.Task));
            var outcome = await RunFoldAsync(new SharedByFolds(parentParams, root, parent, folds, caches, log, console, host, ct), entry);
            if (outcome is JobOutcome.Cancelled)
            {
                log.Info($"cancelled in fold {index}: its folder is resumable; continue with `runner {p.Task.Name} --resume {parent}`");
                return outcome;
            }
            if (!outcome.IsSuccess)
            {
                log.Error($"fold {index} failed ({outcome.Describe()}); see {Path.Combine(parent, entry.Folder, "log.txt")}");
                failed.Add(index);
            }
        }
        if (caches.SignalStats is { } stats)
            log.Info($"decoded-signal cache shared by the {indices.Count} fold(s) run here: {stats.Misses} recording decode(s), " +
                     $"{stats.MemoryHits + stats.DiskHits} reuse(s), {stats.MemoryItems} signals ({stats.MemoryBytes / (1 << 20)} MiB) in memory");
        if (failed.Count > 0) return new JobOutcome.Failed($"fold(s) {string.Join(", ", failed)} failed", [], Shown: true);
        var unfinished = folds.FoldList.Where(f => FoldState.Of(Path.Combine(parent, f.Folder)) is not FoldState.Finished).Select(f => f.Index).ToArray();
        if (unfinished.Length > 0)
        {
            log.Info($"{folds.Count - unfinished.Length} of {folds.Count} folds finished; waiting for fold(s) {string.Join(", ", unfinished)}; " +
                     $"then `runner aggregate {parent}`");
            return JobOutcome.Success;
        }
        return Aggregate(parent, parentParams, folds, log);
    }

    /// <summary><c>runner aggregate CV_DIR</c>: the report of a folder whose folds ran as separate jobs, with the folder's own
    /// params.json and folds.json. Needs no data: it reads the folds' predictions.</summary>
    public static JobOutcome AggregateFolder(string parent, JobHost host)
    {
        var paramsFile = Path.Combine(parent, "params.json");
        var folds = FoldsRecord.Read(parent);
        if (folds.Case is not FoldsRecord record)
            return new JobOutcome.MissingData($"cannot aggregate {parent}:", Seq1(folds.Match(_ => "", e => e.Message)));
        // The saved params.json's cycle_classes picks the 2-class cycles variant when the parameters are resolved.
        var task = TaskRegistry.Find(record.Task).IfNone(TaskRegistry.All.Head);
        var resolved = ParameterResolver.Resolve(new ParameterSources(task, Some(paramsFile), Empty, record.DataRoot, Path.GetDirectoryName(parent) ?? "."));
        if (resolved.Case is not JobParameters p)
            return new JobOutcome.MissingData($"cannot aggregate {parent}: {paramsFile}:", resolved.Match(_ => Seq<string>(), ParameterResolver.Problems));
        var console = host.CreateConsole();
        using var log = host.Log(console);
        log.Attach(Path.Combine(parent, "log.txt"), append: true);
        log.Info($"aggregating {record.Count} fold(s) of {parent}");
        return Aggregate(parent, p, record, log, LoggedOutcomes.MissingData);
    }

    /// <summary>Builds and writes the folder's report; logs the headline.</summary>
    /// <param name="refused">The outcome when the folds cannot be aggregated (a failure of this run, or bad input to <c>aggregate</c>).</param>
    public static JobOutcome Aggregate(string parent, JobParameters p, FoldsRecord folds, JobLog log, Func<JobLog, string, JobOutcome>? refused = null)
    {
        var built = CrossValidationAggregate.Build(parent, p, folds);
        if (built.Case is not CrossValidationAggregate.Result result) return (refused ?? LoggedOutcomes.Failed)(log, built.Match(_ => "", e => e.Message));
        var plots = CrossValidationAggregate.Write(parent, p, result);
        log.Info($"out-of-fold ({folds.Count} folds; plots: {string.Join(", ", plots.Select(Path.GetFileName))}):");
        foreach (var line in p.Task.Headline(result.Report.OutOfFold)) log.Info(line);
        foreach (var (level, spreads) in result.Report.PerFold)
        {
            var metric = p.Task.HeadlineMetric;
            var s = spreads[metric];
            log.Info(string.Create(CultureInfo.InvariantCulture,
                $"  per fold {level,-9} {metric} mean {s.Mean?.ToString("0.000", CultureInfo.InvariantCulture) ?? "n/a"} ± {s.Sd?.ToString("0.000", CultureInfo.InvariantCulture) ?? "n/a"} over {s.Folds} of {s.Total} folds"));
        }
        log.Info($"report: {Path.Combine(parent, "report.json")}");
        return JobOutcome.Success;
    }

    /// <summary>What every fold of one run shares: the folder's parameters, data, plan and caches, the parent log and console.</summary>
    private sealed record SharedByFolds(JobParameters Parameters, DataRoot Root, string Parent, FoldsRecord Folds, JobCaches Caches,
        JobLog ParentLog, IJobConsole Console, JobHost Host, CancellationToken Cancellation);

    private static async Task<JobOutcome> RunFoldAsync(SharedByFolds run, FoldEntry entry)
    {
        var (parentParams, root, parent, folds, caches) = (run.Parameters, run.Root, run.Parent, run.Folds, run.Caches);
        var (parentLog, console, host, ct) = (run.ParentLog, run.Console, run.Host, run.Cancellation);
        var dir = Path.Combine(parent, entry.Folder);
        var p = parentParams with { Split = parentParams.Split with { Fold = entry.Index } };
        // A fold another process is running is neither finished nor stale: leave it to that process.
        if (Directory.Exists(dir))
        {
            var probe = JobLock.Acquire(dir);
            if (probe.Case is not JobLock free) return parentLog.BadInput($"fold {entry.Index}: {probe.Match(_ => "", e => e.Message)}");
            // Under the lock (no run of it can be mid-commit): a fold killed between an epoch's renames gets its
            // previous checkpoint back (EpochCommit.Recover), so it resumes instead of being set aside as stale.
            Model.Checkpoints.CheckpointStore.Recover(Path.Combine(dir, "checkpoints"));
            free.Dispose();
        }
        var state = FoldState.Of(dir);
        switch (state)
        {
            case FoldState.Finished f:
                parentLog.Info($"fold {entry.Index}: already finished ({f.Outcome}) in {dir}; kept");
                return JobOutcome.Success;
            case FoldState.Stale:
                var aside = $"{dir}.abandoned-{DateTime.UtcNow.ToString("yyyyMMddTHHmmss", CultureInfo.InvariantCulture)}";
                Directory.Move(dir, aside);
                parentLog.Info($"fold {entry.Index}: {dir} was started but holds no finished epoch; moved to {aside}, starting again");
                break;
        }
        Directory.CreateDirectory(Path.Combine(dir, "plots"));
        var folder = new JobFolder(Path.GetFullPath(dir), entry.Folder);
        var locked = JobLock.Acquire(folder.Directory);
        if (locked.Case is not JobLock jobLock) return parentLog.BadInput($"fold {entry.Index}: {locked.Match(_ => "", e => e.Message)}");
        using var held = jobLock;
        using var log = host.Log(console);
        var resume = state as FoldState.Resumable;
        if (resume is not null) parentLog.Info($"fold {entry.Index}: resuming after epoch {resume.Epoch} (last checkpoint), up to epoch {p.Train.Epochs}");
        var foldsPath = Path.Combine(parent, FoldsRecord.FileName);
        JobData.Splitter split = scans => folds.Split(scans, p.Task, root.Path, caches.Fingerprints, foldsPath, entry.Index);
        return await Training.InFolderAsync(new JobContext(p, root, folder, log, console, ct, resume?.Epoch, resume is null ? split : null, caches,
            jobLock.TookOverFrom.Map(JobStart.StaleLockNote)));
    }

    /// <summary>params.json of the folder: written by the first run, compared by every later one (only
    /// <see cref="CrossValidationAggregate.MayDiffer"/> may differ).</summary>
    private static Fin<Unit> EnsureParams(string parent, JobParameters p)
    {
        var path = Path.Combine(parent, "params.json");
        if (CreateExclusive(path, ParamsJson.Render(p, VersionInfo.Current))) return unit;
        var saved = ParameterResolver.Resolve(new ParameterSources(p.Task, Some(path), Empty, p.Paths.DataRoot, p.Paths.OutRoot));
        return saved.Match(
            Fail: e => FinFail<Unit>(Error.New($"{path} is not a valid params.json: {string.Join("; ", ParameterResolver.Problems(e))}")),
            Succ: before =>
            {
                var changed = ResumeSetup.Changes(before, p).Filter(c => !CrossValidationAggregate.MayDiffer.Contains(c.Key));
                return changed.IsEmpty
                    ? FinSucc(unit)
                    : FinFail<Unit>(Error.New($"{parent} holds a cross-validation with other parameters; every fold must use the folder's own " +
                        $"({path}): {string.Join(", ", changed.Map(c => $"{c.Key} {c.Before} there, {c.After} here"))}"));
            });
    }

    /// <summary>folds.json of the folder: the plan made from the data by the first run, read by every later one.</summary>
    private static Fin<FoldsRecord> EnsureFolds(string parent, JobParameters p, DataRoot root, JobCaches caches)
    {
        if (File.Exists(Path.Combine(parent, FoldsRecord.FileName))) return FoldsRecord.Read(parent);
        return from planned in JobData.PlanFolds(p, root.Path, caches.Probe)
               from written in Write(parent, FoldsRecord.Of(planned.Plan, planned.Usable, p.Task, root.Path, caches.Fingerprints))
               select written;
    }

    private static Fin<FoldsRecord> Write(string parent, FoldsRecord folds) =>
        CreateExclusive(Path.Combine(parent, FoldsRecord.FileName), folds.Render()) ? folds : FoldsRecord.Read(parent);

    /// <summary>Writes a file that must not exist yet, atomically; false when another run wrote it first.</summary>
    private static bool CreateExclusive(string path, string text)
    {
        if (File.Exists(path)) return false;
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, text);
        try
        {
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temp);
            return false;
        }
    }
}

using DataflowLung.Pipeline.Tasks;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataflowLung.Model.Checkpoints;
using DataflowLung.Pipeline;
using DataflowLung.Experiments.Data;
using DataflowLung.Experiments.Jobs;
using DataflowLung.Experiments.Parameters;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace DataflowLung.Experiments.Jobs;

/// <summary><c>--resume JOB_DIR</c>: the job's own params.json is the config, the command line may only change
/// what does not alter the model or its data (<see cref="Changeable"/>: more epochs, another device or feature
/// backend, the caches); anything else is refused, naming the key, old and new value. The data root is <c>--data-root</c>
/// when given, else the one params.json recorded. A refusal is a <see cref="JobError"/>.</summary>
public static class ResumeSetup
{
    public static IReadOnlyList<string> Changeable { get; } =
        ["epochs", "device", "features_backend", "cache_root", "cache_max_bytes", "signal_cache_bytes", "feature_cache_bytes", "prefetch"];

    /// <summary>A checked job folder ready to continue from <see cref="LastEpoch"/>; with <see cref="ReportOnly"/>, a
    /// finished one whose report is to be rebuilt from its best checkpoint without training (<see cref="ReportRebuild"/>).</summary>
    public sealed record Resumed(JobParameters Parameters, DataRoot Root, JobFolder Folder, int LastEpoch, bool ReportOnly = false);

    /// <summary>What a refusal of <paramref name="jobDirectory"/> is headed with, for a resume or a report rebuild.</summary>
    public static string Headline(string jobDirectory, bool reportOnly) =>
        reportOnly ? $"cannot rebuild the report of {jobDirectory}:" : $"cannot resume {jobDirectory}:";

    /// <summary>Checks a job folder before anything trusts it and resolves its parameters. A resume may change only
    /// <see cref="Changeable"/>; a report rebuild (<paramref name="reportOnly"/>) needs a finished job (its last
    /// checkpoint at the last epoch params.json asked for, or stopped early by its plateau state) and trains nothing.</summary>
    public static Fin<Resumed> Prepare(string jobDirectory, JobRequest request, LearningTask task, bool reportOnly = false)
    {
        Error Refuse(string problem, bool missing = false) => missing
            ? JobError.MissingData(Headline(jobDirectory, reportOnly), problem)
            : JobError.BadInput(Headline(jobDirectory, reportOnly), problem);

        if (string.IsNullOrWhiteSpace(jobDirectory)) return Refuse("--resume is empty: give the job folder to continue");
        var dir = Path.GetFullPath(jobDirectory);
        var paramsFile = Path.Combine(dir, "params.json");
        if (request.ConfigOption.IsSome || request.OutOption.IsSome)
            return Refuse("--config and --out cannot be combined with --resume: the job folder's params.json and location fix them");
        if (!File.Exists(paramsFile))
            return Refuse($"{paramsFile} not found (is {dir} a job folder?)", missing: true);
        JsonNode? saved;
        try { saved = JsonNode.Parse(File.ReadAllText(paramsFile)); }
        catch (JsonException e) { return Refuse($"{paramsFile} is not valid JSON: {e.Message}", missing: true); }
        var savedTask = saved?["task"]?.GetValue<string>();
        if (savedTask != task.Name)
            return Refuse($"it is a {savedTask ?? "(no task)"} job, not {task.Name}: run `runner {savedTask} --resume {jobDirectory}`");
        // A run stopped in the middle of an epoch's commit leaves the previous epoch's checkpoints to restore (EpochCommit).
        var recovered = CheckpointStore.Recover(Path.Combine(dir, "checkpoints"));
        if (recovered.IsFail) return Refuse(recovered.Match(_ => "", e => e.Message));
        var lastDirectory = Path.Combine(dir, "checkpoints", "last");
        var checkpoint = CheckpointStore.ReadInfo(lastDirectory);
        if (checkpoint.IsFail)
            return Refuse($"no last checkpoint in {lastDirectory} ({checkpoint.Match(_ => "", e => e.Message)})", missing: true);
        var lastEpoch = checkpoint.Match(i => i.Epoch, _ => 0);
        if (lastEpoch < 0)
            return Refuse($"{Path.Combine(lastDirectory, CheckpointStore.InfoFile)} says epoch {lastEpoch}: a checkpoint epoch is never negative, the file is damaged");
        // The state files are checked before anything trusts them (issue 23): weights and optimizer state against
        // their checksums, metrics.csv against the checkpoint; a damaged file is named, never trained from.
        var weights = CheckpointStore.VerifyWeights(lastDirectory);
        if (weights.IsFail) return Refuse(weights.Match(_ => "", e => e.Message));
        if (!reportOnly)
        {
            // Only training on needs the optimizer state; a report rebuild never reads it.
            var optimizerState = CheckpointStore.VerifyOptimizer(lastDirectory);
            if (optimizerState.IsFail) return Refuse(optimizerState.Match(_ => "", e => e.Message));
        }
        // The best checkpoint is what the job's model, predictions and report come from.
        var bestDirectory = Path.Combine(dir, "checkpoints", "best");
        if (Directory.Exists(bestDirectory) || reportOnly)
        {
            var best = CheckpointStore.VerifyWeights(bestDirectory);
            if (best.IsFail) return Refuse(best.Match(_ => "", e => e.Message), missing: !Directory.Exists(bestDirectory));
        }
        if (MetricsCsv.Problem(Path.Combine(dir, "metrics.csv"), lastEpoch) is { } metricsProblem)
            return Refuse(metricsProblem);

        var savedPaths = saved?["paths"];
        var root = request.SavedRoot(savedPaths?["data_root"]?.GetValue<string>(), paramsFile);
        var outRoot = savedPaths?["out_root"]?.GetValue<string>() ?? "runs";
        var configFile = Optional(savedPaths?["config_file"]?.GetValue<string>());
        var commandLine = request.Sources(task, root);
        var original = ParameterResolver.Resolve(new ParameterSources(task, Some(paramsFile), Empty, root.Path, outRoot));
        var requested = ParameterResolver.Resolve(commandLine with { ConfigFile = Some(paramsFile), OutRoot = outRoot });
        return (from before in original
                from after in requested
                select (before, after)).Match(
            Fail: e => FinFail<Resumed>(JobError.BadInput($"{Headline(jobDirectory, reportOnly)} invalid parameters:", ParameterResolver.Problems(e))),
            Succ: pair =>
            {
                var changed = Changes(pair.before, pair.after).Filter(c => !Changeable.Contains(c.Key));
                if (!changed.IsEmpty)
                    return JobError.BadInput(
                        $"{Headline(jobDirectory, reportOnly)} the command line changes parameters the job was trained with (only {string.Join(", ", Changeable)} may change):",
                        changed.Map(c => $"{c.Key}: {c.Before} → {c.After}"));
                if (lastEpoch > pair.before.Train.Epochs)
                    return Refuse($"{Path.Combine(lastDirectory, CheckpointStore.InfoFile)} says epoch {lastEpoch}, beyond the {pair.before.Train.Epochs} epochs params.json asked for: the checkpoint is damaged");
                var p = pair.after with { Paths = new JobPaths(root.Path, outRoot, configFile) };
                if (reportOnly)
                {
                    if (lastEpoch < 1) return Refuse($"{Path.Combine(lastDirectory, CheckpointStore.InfoFile)} says epoch {lastEpoch}: no epoch finished, so there is no model to report on");
                    if (lastEpoch < p.Train.Epochs && !StoppedEarly(checkpoint.Match(i => (Model.Training.PlateauState?)i.Plateau, _ => null), p.Train.EarlyStoppingPatience))
                        return Refuse($"the job is not finished: its last checkpoint is at epoch {lastEpoch} of {p.Train.Epochs} and did not stop early; " +
                                      $"continue it with `runner {task.Name} --resume {jobDirectory}`, which writes the report when it ends");
                }
                // A finished job whose report is behind its checkpoint (a run that failed after the last epoch's
                // checkpoint, e.g. a full disk while writing the report) resumes with no epoch left to train: the
                // run then rebuilds the model, predictions and reports from the checkpoint (issue 23).
                else if (lastEpoch >= p.Train.Epochs && !(lastEpoch == p.Train.Epochs && StaleReport(dir, lastEpoch)))
                    return Refuse($"the job has finished epoch {lastEpoch} of {p.Train.Epochs}; pass a larger --epochs to train further");
                var missing = root.Check(p.Datasets);
                if (!missing.IsEmpty) return JobError.MissingData("input data not found:", missing);
                var cache = CacheRoot.Check(p.Flow.CacheRoot);
                if (!cache.IsEmpty) return JobError.BadInput($"{Headline(jobDirectory, reportOnly)} bad cache folder:", cache);
                return FinSucc(new Resumed(p, root, new JobFolder(dir, Path.GetFileName(dir)), lastEpoch, reportOnly));
            });
    }

    /// <summary>Whether a checkpoint's plateau state is one early stopping ended the run at (its patience used up).</summary>
    public static bool StoppedEarly(Model.Training.PlateauState? plateau, int patience) =>
        plateau is { } s && s.EpochsWithoutImprovement >= patience;

    /// <summary>True when report.json is missing, unreadable, or records fewer epochs than the checkpoint.</summary>
    public static bool StaleReport(string jobDirectory, int checkpointEpoch) =>
        ReportJson.ReadFile<JobReport>(Path.Combine(jobDirectory, "report.json"), "job report")
            .Match(r => r.EpochsRun < checkpointEpoch, _ => true);

    /// <summary>Every parameter whose saved value differs, as JSON text.</summary>
    public static Seq<(string Key, string Before, string After)> Changes(JobParameters before, JobParameters after)
    {
        var a = ParamsJson.ParametersObject(before);
        var b = ParamsJson.ParametersObject(after);
        return toSeq(a.Select(kv => kv.Key).Union(b.Select(kv => kv.Key))
            .Select(k => (Key: k, Before: a[k]?.ToJsonString() ?? "(unset)", After: b[k]?.ToJsonString() ?? "(unset)"))
            .Where(c => c.Before != c.After)
            .ToArray());
    }
}
